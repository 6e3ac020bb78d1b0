package dev.tradingpipeline.maven;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.config.ProjectConfig;
import dev.tradingpipeline.maven.emr.EmrJobSubmitter;
import dev.tradingpipeline.maven.emr.EmrPrices;
import dev.tradingpipeline.maven.emr.JobRunHistory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;

/**
 * Lists the recent job runs of the EMR Serverless application (found as submit finds it: by
 * {@code emr.application-id}, else by {@code emr.application-name}): id, name, mode, state,
 * submitted, duration and billed vCPU-hours, newest first, and how to re-attach to one.
 */
@Mojo(name = "runs", threadSafe = true, requiresProject = true)
public class RunsMojo extends AbstractTradingMojo {

    static final String LIMIT_PROPERTY = "trading.runs.limit";
    static final String STATES_PROPERTY = "trading.runs.states";

    /** How many runs to list, newest first. */
    @Parameter(property = LIMIT_PROPERTY, defaultValue = "20")
    private int limit = 20;

    /** Only runs in these states: a comma list of job run states (e.g. FAILED,CANCELLED); empty: all. */
    @Parameter(property = STATES_PROPERTY)
    private String states;

    private Set<JobRunState> stateFilter = Set.of();

    @Override
    protected void checkParameters() throws MojoFailureException {
        List<String> problems = new ArrayList<>();
        if (limit < 1) {
            problems.add("-D" + LIMIT_PROPERTY + "=" + limit + ": must be at least 1");
        }
        try {
            stateFilter = JobRunHistory.parseStates(states, "-D" + STATES_PROPERTY);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new MojoFailureException(String.join("\n", problems));
        }
    }

    /** Only the application: the job role and the artifacts are not needed to list runs. */
    @Override
    protected List<String> stackKeysNeeded(TradingConfig config) {
        if (!"emr".equals(config.get(ConfigKeys.TARGET).trim()) || !config.get(ConfigKeys.EMR_APPLICATION_NAME).isBlank()) {
            return List.of();
        }
        return List.of(ConfigKeys.EMR_APPLICATION_ID);
    }

    @Override
    protected void run(ProjectConfig config) throws Exception {
        TradingConfig c = config.config();
        String target = c.target().trim();
        if (!"emr".equals(target)) {
            getLog().info("trading:runs lists the job runs of EMR Serverless (target emr); the target is " + target
                    + ", whose runs last as long as their build: nothing to list");
            return;
        }
        Optional<String> id = Optional.of(c.get(ConfigKeys.EMR_APPLICATION_ID).trim()).filter(v -> !v.isEmpty());
        Optional<String> name = Optional.of(c.get(ConfigKeys.EMR_APPLICATION_NAME).trim()).filter(v -> !v.isEmpty());
        if (id.isEmpty() && name.isEmpty()) {
            throw new ConfigException(c.source() + ": " + ConfigKeys.EMR_APPLICATION_ID + " or "
                    + ConfigKeys.EMR_APPLICATION_NAME + " is required (the EMR Serverless application whose runs to list)");
        }
        try (AwsClients aws = new AwsClients(AwsSettings.from(c))) {
            String appId = new EmrJobSubmitter(aws.emrServerless(), getLog()::info, Clock.systemUTC())
                    .resolveApplicationId(id, name);
            List<JobRunHistory.Entry> runs = new JobRunHistory(aws.emrServerless(), getLog()::info, Clock.systemUTC())
                    .recent(appId, limit, stateFilter);
            String which = stateFilter.isEmpty() ? "" : " in state " + String.join(" or ",
                    stateFilter.stream().map(JobRunState::toString).toList());
            if (runs.isEmpty()) {
                getLog().info("No job runs" + which + " on EMR Serverless application " + appId);
                return;
            }
            getLog().info("The newest " + runs.size() + " job run" + (runs.size() == 1 ? "" : "s") + which
                    + " of EMR Serverless application " + appId + " (at most " + limit + ", -D" + LIMIT_PROPERTY + "):");
            EmrPrices.PriceTable prices = EmrPrices.of(c).table(Optional.empty());
            JobRunHistory.table(runs, Optional.of(prices)).forEach(getLog()::info);
            getLog().info("vCPU-hours as EMR Serverless billed them, blank until a run ends; cost as watch prints it,"
                    + " at " + prices.basis());
            getLog().info("Re-attach to one: mvn trading:watch -Dtrading.watch.job-run-id=<id>");
        }
    }
}
