package dev.tradingpipeline.maven.emr;

import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.emrserverless.model.JobRun;

/**
 * How watching a job run ended.
 *
 * @param state        the run's last known state (SUCCESS, FAILED, ...; UNKNOWN when never read)
 * @param stateDetails the service's explanation of the state, empty when none
 * @param attempt      the run's attempt (above 1 after retries of its retry policy): driver logs
 *                     of attempt n live under {@code jobs/<jobRunId>/attempts/<n>/}
 * @param elapsed      time since the run was created (or since the watch began, when unknown)
 * @param dashboardUrl the Spark UI link, when one was fetched (single-use, valid for an hour)
 * @param billed       the run's billed resources from the last GetJobRun (billedResourceUtilization),
 *                     empty while it runs and for a run that never started
 * @param total        the resources it used (totalResourceUtilization), empty when not reported
 * @param lastSeen     the run as the last GetJobRun gave it (its tags, its StartJobRun read back),
 *                     empty when never read
 */
public record WatchResult(String state, String stateDetails, int attempt, Duration elapsed,
        Optional<String> dashboardUrl, Outcome outcome, Optional<ResourceUsage> billed,
        Optional<ResourceUsage> total, Optional<JobRun> lastSeen) {

    /** A result without resource figures. */
    public WatchResult(String state, String stateDetails, int attempt, Duration elapsed,
            Optional<String> dashboardUrl, Outcome outcome) {
        this(state, stateDetails, attempt, elapsed, dashboardUrl, outcome, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** What the watch saw or did. */
    public enum Outcome {
        /** The run ended in SUCCESS. */
        SUCCEEDED,
        /** The run ended in FAILED; stateDetails says why. */
        FAILED,
        /** The run was cancelled by someone else or by its execution timeout. */
        CANCELLED,
        /** The watch timed out, cancelled the run and saw it CANCELLED. */
        TIMED_OUT_CANCELLED,
        /** The watch timed out and asked for cancellation, but the run had not ended when it gave up waiting. */
        TIMED_OUT_CANCEL_REQUESTED,
        /** The watch timed out and left the run running (or could not cancel it). */
        TIMED_OUT_LEFT_RUNNING,
        /** The watching thread was interrupted; the run was left as it was. */
        INTERRUPTED
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }

    /** Whether the run ended (whatever the watch did): then its resource figures are final. */
    public boolean runEnded() {
        return outcome == Outcome.SUCCEEDED || outcome == Outcome.FAILED || outcome == Outcome.CANCELLED
                || outcome == Outcome.TIMED_OUT_CANCELLED;
    }
}
