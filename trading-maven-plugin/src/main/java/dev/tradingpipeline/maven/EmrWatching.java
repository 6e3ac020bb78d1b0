package dev.tradingpipeline.maven;

import dev.tradingpipeline.core.config.ConfigKey;
import dev.tradingpipeline.maven.emr.EmrSettings;
import dev.tradingpipeline.maven.run.EmrRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/** What submit and watch share: following a run in the build, with Ctrl-C and timeout handling. */
final class EmrWatching {

    private EmrWatching() {
    }

    static Optional<Duration> timeout(String value) throws MojoFailureException {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConfigKey.parseDuration(value));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("-Dtrading.watch.timeout must be a duration such as 30m or 2h, got '"
                    + value + "'");
        }
    }

    /**
     * Watches the run to its end. Ctrl-C (JVM shutdown) cancels it when cancelOnInterrupt, else
     * leaves it running and says so; the hook is removed once the watch is over. The run's cost
     * goes into {@code stateDir}'s last-job-run.json when that records the run.
     */
    static void follow(EmrRun run, EmrSettings emr, String appId, String jobRunId, Optional<Duration> timeout,
            boolean cancelOnInterrupt, Path stateDir, Log log) throws MojoFailureException {
        Thread onInterrupt = new Thread(() -> {
            if (cancelOnInterrupt) {
                log.warn("Interrupted: cancelling job run " + jobRunId);
                run.watcher().cancel(appId, jobRunId, emr.cancelGracePeriodSeconds());
            } else {
                log.warn("Interrupted: job run " + jobRunId + " keeps running; watch it with"
                        + " mvn trading:watch -Dtrading.watch.job-run-id=" + jobRunId);
            }
        }, "trading-watch-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        EmrRun.Outcome outcome;
        try {
            outcome = run.follow(emr, appId, jobRunId, timeout, cancelOnInterrupt, stateDir);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is going down: the hook runs
            }
        }
        if (!outcome.succeeded()) {
            throw new MojoFailureException(outcome.message());
        }
        log.info(outcome.message());
    }
}
