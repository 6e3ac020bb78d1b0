package dev.tradingpipeline.maven;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.core.runs.RunIds;
import dev.tradingpipeline.maven.config.ProjectConfig;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;

/**
 * Writes the report of a past strategy run again, from the gold tables alone, to
 * {@code paths.reports}; without a run id, lists the runs (id, start, strategies, simulations,
 * best Sharpe), newest first. Runs the job's {@code report} mode on the configured target, like
 * {@code trading:submit}: it reads gold and writes the report file, nothing else.
 */
@Mojo(name = "report", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class ReportMojo extends AbstractJobRunMojo {

    /**
     * The strategy run whose report to write, as listed by this goal without it (e.g.
     * {@code 20240603T140501Z-1a2b3c4d}), or {@code latest} for the newest run; empty: list the runs. (Old name,
     * deprecated: {@code trading.run-id}.)
     */
    @Parameter(property = "trading.report.run-id", defaultValue = "${trading.run-id}")
    private String runId;

    @Inject
    public ReportMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    @Override
    protected void checkParameters() throws MojoFailureException {
        if (runId == null || runId.isBlank()) {
            runId = null;
            return;
        }
        runId = runId.trim();
        String problem = RunIds.problem(runId);
        if (problem != null) {
            throw new MojoFailureException("-Dtrading.report.run-id / <runId>: " + problem);
        }
    }

    @Override
    protected String jobMode() {
        return "report";
    }

    @Override
    protected String runId() {
        return runId;
    }

    @Override
    protected void run(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        TradingConfig c = config.config();
        boolean emr = "emr".equals(c.target());
        if (emr && c.get(ConfigKeys.EMR_LOGS_URI).isBlank()) {
            getLog().warn("emr.logs-uri is not set: the job's output (" + (runId == null ? "the list of runs"
                    : "the report's location") + ") stays in the EMR Studio console");
        }
        super.run(config);
        // on local the job's summary, quoted above, names the report; on emr it is there when the
        // driver's log could be read
        if (runId != null && emr && waitsForRun()) {
            getLog().info(reportLocation(c, runId));
        }
    }

    /** Where the job writes the report of the run: {@code paths.reports/strategy-report-<id>.html}. */
    static String reportLocation(TradingConfig config, String runId) {
        String dir = config.location(ConfigKeys.PATHS_REPORTS);
        String slash = dir.endsWith("/") ? "" : "/";
        if (runId.equalsIgnoreCase("latest")) {
            return "Report of the newest run: in " + dir + slash + " (its name is in the job's summary)";
        }
        return "Report of run " + runId + ": " + dir + slash + RunIds.reportFileName(runId);
    }
}
