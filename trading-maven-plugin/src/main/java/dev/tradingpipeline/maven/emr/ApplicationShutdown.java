package dev.tradingpipeline.maven.emr;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.emrserverless.model.Application;
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.emrserverless.model.ConflictException;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.JobRunSummary;
import software.amazon.awssdk.services.emrserverless.model.ResourceNotFoundException;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;

/**
 * Brings an application to rest before it is deleted: cancels its active job runs, waits for
 * them to end, stops the application and waits until it is STOPPED. An application that is gone
 * already is fine.
 */
public final class ApplicationShutdown {

    static final Duration POLL = Duration.ofSeconds(5);

    private final EmrServerlessClient emr;
    private final Consumer<String> log;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryingCalls calls;

    public ApplicationShutdown(EmrServerlessClient emr, Consumer<String> log, Clock clock, Sleeper sleeper) {
        this.emr = Objects.requireNonNull(emr);
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.calls = new RetryingCalls(this.log, sleeper);
    }

    /** The active job runs (as {@code id name (STATE)}), for a listing before anything is done. */
    public List<String> activeJobRuns(String appId) throws InterruptedException {
        try {
            return active(appId).stream().map(ApplicationShutdown::describe).toList();
        } catch (EmrException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }

    /**
     * Cancels every active job run, waits for them to end, stops the application and waits until
     * it is STOPPED (or CREATED: never started).
     *
     * @throws EmrException when a step does not finish within the timeout or a call keeps failing
     */
    public void shutDown(String appId, Duration timeout) throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        try {
            Set<String> cancelled = new HashSet<>();
            List<JobRunSummary> runs = active(appId);
            if (runs.isEmpty()) {
                log.accept("No active job runs on application " + appId);
            }
            while (!runs.isEmpty()) {
                JobRunWatcher canceller = new JobRunWatcher(emr, log, clock, sleeper);
                for (JobRunSummary run : runs) {
                    if (run.state() != JobRunState.CANCELLING && cancelled.add(run.id())) {
                        log.accept("Cancelling job run " + describe(run));
                        try {
                            canceller.cancel(appId, run.id(), 0);
                        } catch (EmrException e) {
                            // it may have ended meanwhile; the next poll tells
                            log.accept("[warning] " + e.getMessage());
                        }
                    }
                }
                checkDeadline(deadline, start, runs.size() + " job runs of application " + appId + " still active");
                calls.sleep(POLL);
                runs = active(appId);
                if (runs.isEmpty()) {
                    log.accept("No active job runs on application " + appId + " after "
                            + TransientErrors.format(Duration.between(start, clock.instant())));
                }
            }
            stop(appId, start, deadline);
        } catch (EmrException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                log.accept("Application " + appId + " does not exist (any more)");
                return;
            }
            throw e;
        }
    }

    private void stop(String appId, Instant start, Instant deadline) throws InterruptedException {
        boolean stopSent = false;
        ApplicationState last = null;
        while (true) {
            Application app = calls.call("GetApplication", () -> emr.getApplication(r -> r.applicationId(appId))
                    .application());
            ApplicationState state = app.state() == null ? ApplicationState.UNKNOWN_TO_SDK_VERSION : app.state();
            if (state != last) {
                log.accept("Application " + appId + " is " + app.stateAsString());
                last = state;
            }
            switch (state) {
                case CREATED:
                case STOPPED:
                case TERMINATED:
                    return;
                case STARTED:
                    if (!stopSent) {
                        log.accept("Stopping application " + appId);
                        try {
                            calls.call("StopApplication", () -> emr.stopApplication(r -> r.applicationId(appId)));
                        } catch (EmrException e) {
                            if (!(e.getCause() instanceof ConflictException)) {
                                throw e;
                            }
                            log.accept("StopApplication: " + TransientErrors.describe(e.getCause()));
                        }
                        stopSent = true;
                    }
                    break;
                default:
                    // CREATING, STARTING, STOPPING: wait for a state that can be stopped or is
                    break;
            }
            checkDeadline(deadline, start, "application " + appId + " is still " + app.stateAsString());
            calls.sleep(POLL);
        }
    }

    private void checkDeadline(Instant deadline, Instant start, String what) {
        Instant now = clock.instant();
        if (!now.isBefore(deadline)) {
            throw new EmrException(what + " after " + TransientErrors.format(Duration.between(start, now))
                    + "; nothing was deleted");
        }
    }

    private List<JobRunSummary> active(String appId) throws InterruptedException {
        return calls.call("ListJobRuns", () -> {
            List<JobRunSummary> runs = new ArrayList<>();
            emr.listJobRunsPaginator(r -> r.applicationId(appId)
                    .states(ApplicationImageUpdater.ACTIVE_JOB_RUN_STATES)).jobRuns().forEach(runs::add);
            return runs;
        });
    }

    private static String describe(JobRunSummary run) {
        return run.id() + (run.name() != null ? " " + run.name() : "") + " (" + run.stateAsString() + ")";
    }
}
