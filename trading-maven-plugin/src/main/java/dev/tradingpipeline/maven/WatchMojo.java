package dev.tradingpipeline.maven;

import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.config.ProjectConfig;
import dev.tradingpipeline.maven.emr.EmrJobSubmitter;
import dev.tradingpipeline.maven.emr.EmrSettings;
import dev.tradingpipeline.maven.emr.SubmittedRun;
import dev.tradingpipeline.maven.run.EmrRun;
import dev.tradingpipeline.maven.spark.SparkRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Follows an EMR Serverless job run until it ends: one line per state change, the Spark UI link
 * once it runs (a fresh one on each watch), what the run cost once it ends; fails the build on
 * FAILED or CANCELLED with the reason and the driver's log tail.
 * On the spark target, where a run lasts as long as its submit, reports how the last run ended.
 */
@Mojo(name = "watch", threadSafe = true, requiresProject = true)
public class WatchMojo extends AbstractTradingMojo {

    /**
     * The job run to watch; default: the last run submitted from this project. (Old name, deprecated:
     * {@code trading.jobRunId}.)
     */
    @Parameter(property = "trading.watch.job-run-id", defaultValue = "${trading.jobRunId}")
    private String jobRunId;

    /** Stop watching after this long (e.g. 30m, 2h); empty: until the run ends. */
    @Parameter(property = "trading.watch.timeout")
    private String watchTimeout;

    /**
     * Cancel the run when the watch is interrupted (Ctrl-C) or times out; else leave it running.
     * Default: false. (Old name, deprecated: {@code trading.cancelOnInterrupt}.)
     */
    @Parameter(property = "trading.watch.cancel-on-interrupt", defaultValue = "${trading.cancelOnInterrupt}")
    private boolean cancelOnInterrupt = false;

    @Override
    protected void run(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        if ("spark".equals(config.config().target().trim())) {
            lastSparkRun();
            return;
        }
        Optional<Duration> timeout = EmrWatching.timeout(watchTimeout);
        Path lastRunFile = stateDir().resolve(EmrRun.LAST_RUN);
        Failures.during("watching the job run (" + lastRunFile + ")", () -> {
            try (AwsClients aws = new AwsClients(AwsSettings.from(config.config()))) {
                EmrSettings emr = EmrSettings.from(config.config());
                Optional<SubmittedRun> last = Files.isRegularFile(lastRunFile)
                        ? Optional.of(SubmittedRun.read(lastRunFile)) : Optional.empty();
                String runId = jobRunId != null && !jobRunId.isBlank() ? jobRunId.trim()
                        : last.map(SubmittedRun::jobRunId).orElseThrow(() -> new MojoFailureException(
                                "No job run to watch: give -Dtrading.watch.job-run-id=<id>, or submit one first (" + lastRunFile
                                        + " does not exist)"));
                String appId = last.filter(r -> r.jobRunId().equals(runId)).map(SubmittedRun::applicationId)
                        .orElse(null);
                EmrRun run = new EmrRun(aws, getLog()::info, Clock.systemUTC());
                if (appId == null) {
                    appId = new EmrJobSubmitter(aws.emrServerless(), getLog()::info, Clock.systemUTC())
                            .resolveApplicationId(emr);
                }
                EmrWatching.follow(run, emr, appId, runId, timeout, cancelOnInterrupt, stateDir(), getLog());
            }
        });
    }

    /**
     * On the spark target runs go in client mode: the driver runs in spark-submit under
     * {@code trading:submit} and the application ends with it, so there is nothing to re-attach
     * to. Says so, and reports the last run as it ended (failing the build if it failed).
     */
    private void lastSparkRun() throws MojoFailureException {
        Path file = stateDir().resolve(SparkRun.LAST_RUN);
        String why = "On target spark a run goes in client mode: its driver runs in spark-submit under"
                + " mvn trading:submit, and the application ends with it, so there is no run to re-attach to.";
        if (jobRunId != null && !jobRunId.isBlank()) {
            throw new MojoFailureException(why + " -Dtrading.watch.job-run-id names an EMR Serverless job run.");
        }
        if (!Files.isRegularFile(file)) {
            getLog().info(why + " No run on target spark from this project yet (" + file + " does not exist).");
            return;
        }
        SparkRun.Record last = SparkRun.Record.read(file);
        String head = "Last run: " + last.name() + " (" + last.mode() + ") on " + last.master() + ", " + last.started()
                + " to " + last.ended() + ": " + (last.exitCode() == 0 ? "succeeded" : "failed (exit " + last.exitCode() + ")");
        getLog().info(why);
        if (last.exitCode() != 0) {
            throw new MojoFailureException(head + (last.summaryLines().isEmpty() ? ""
                    : "\n" + String.join("\n", last.summaryLines())));
        }
        getLog().info(head);
        last.summaryLines().forEach(getLog()::info);
    }
}
