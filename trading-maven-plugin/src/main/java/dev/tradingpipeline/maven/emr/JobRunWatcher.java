package dev.tradingpipeline.maven.emr;

import dev.tradingpipeline.maven.emr.WatchResult.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.ResourceNotFoundException;

/**
 * Follows a job run until it ends: one line when watching starts, one per state change with the
 * elapsed time, the Spark UI link once the run is running (fetched anew by every watch: it is
 * single-use and lasts an hour), a warning (not an end) when a poll fails transiently, and on a
 * timeout either a cancellation or a note on how to keep watching. The result carries the run's
 * billed and used resources as the last GetJobRun reported them.
 */
public final class JobRunWatcher {

    /** Longest wait between polls while GetJobRun keeps failing. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(2);
    /**
     * Polls in a row that may fail with throttling, 5xx or I/O errors (each after the SDK's own
     * tries) before the watch gives up: with the default 10 s interval and the backoff to
     * {@link #MAX_BACKOFF}, about 12 minutes of failures. One success starts the count again.
     */
    static final int MAX_FAILED_POLLS = 10;
    /** How long to wait for CANCELLED after asking to cancel, on top of the grace period. */
    static final Duration CANCEL_WAIT = Duration.ofMinutes(2);
    static final int CANCEL_TRIES = 4;
    static final Duration CANCEL_RETRY_BASE = Duration.ofSeconds(1);

    private static final Set<JobRunState> TERMINAL = EnumSet.of(JobRunState.SUCCESS, JobRunState.FAILED,
            JobRunState.CANCELLED);

    private final EmrServerlessClient emr;
    private final Consumer<String> log;
    private final Clock clock;
    private final Sleeper sleeper;
    private Consumer<JobRun> afterEachPoll = run -> { };

    public JobRunWatcher(EmrServerlessClient emr, Consumer<String> log, Clock clock) {
        this(emr, log, clock, Sleeper.THREAD);
    }

    public JobRunWatcher(EmrServerlessClient emr, Consumer<String> log, Clock clock, Sleeper sleeper) {
        this.emr = Objects.requireNonNull(emr);
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
    }

    /**
     * Something to do with the run as each GetJobRun that answered read it, after its state line
     * (the live driver output); it must not throw. Returns this watcher.
     */
    public JobRunWatcher afterEachPoll(Consumer<JobRun> hook) {
        this.afterEachPoll = Objects.requireNonNull(hook);
        return this;
    }

    /** {@link #watch(String, String, Duration, Optional, boolean, int)} with the service's default grace period. */
    public WatchResult watch(String appId, String jobRunId, Duration pollInterval, Optional<Duration> timeout,
            boolean cancelOnTimeout) {
        return watch(appId, jobRunId, pollInterval, timeout, cancelOnTimeout, 0);
    }

    /**
     * Watches until the run ends, the timeout passes or the thread is interrupted.
     *
     * @param timeout                  how long to watch, from now; empty: until the run ends
     * @param cancelOnTimeout          cancel the run when the timeout passes (else leave it running)
     * @param cancelGracePeriodSeconds shutdown grace period of that cancellation; 0: the service default
     * @throws EmrException when the run does not exist, GetJobRun is refused, or it failed transiently
     *                      {@link #MAX_FAILED_POLLS} times in a row
     */
    public WatchResult watch(String appId, String jobRunId, Duration pollInterval, Optional<Duration> timeout,
            boolean cancelOnTimeout, int cancelGracePeriodSeconds) {
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
        }
        Poll p = new Poll(appId, jobRunId, clock.instant());
        Optional<Instant> deadline = timeout.map(p.start::plus);
        log.accept("Watching job run " + jobRunId + " of application " + appId + " every "
                + TransientErrors.format(pollInterval)
                + timeout.map(t -> " for up to " + TransientErrors.format(t)).orElse(""));
        Instant cancelDeadline = null;
        int failures = 0;
        Instant failingSince = null;
        while (true) {
            Duration wait = pollInterval;
            try {
                JobRun run = emr.getJobRun(r -> r.applicationId(appId).jobRunId(jobRunId)).jobRun();
                failures = 0;
                p.observe(run);
                afterEachPoll.accept(run);
                if (TERMINAL.contains(p.state)) {
                    return p.result(outcomeOf(p.state, cancelDeadline != null));
                }
            } catch (ResourceNotFoundException e) {
                throw new EmrException("Job run " + jobRunId + " of application " + appId + " does not exist ("
                        + TransientErrors.describe(e) + ")", e);
            } catch (SdkException e) {
                if (TransientErrors.isInterruption(e)) {
                    return interrupted(p);
                }
                if (!TransientErrors.isTransient(e)) {
                    throw new EmrException("GetJobRun of job run " + jobRunId + " failed: " + TransientErrors.describe(e), e);
                }
                failures++;
                if (failures == 1) {
                    failingSince = clock.instant();
                }
                if (failures >= MAX_FAILED_POLLS) {
                    throw new EmrException("Stopped watching job run " + jobRunId + " of application " + appId
                            + ": GetJobRun failed " + failures + " times in a row over "
                            + TransientErrors.format(Duration.between(failingSince, clock.instant())) + " (last: "
                            + TransientErrors.describe(e) + "). The run itself may still be going (last seen "
                            + p.stateName() + "): watch it again once EMR Serverless answers, with"
                            + " mvn trading:watch -Dtrading.watch.job-run-id=" + jobRunId, e);
                }
                wait = TransientErrors.backoff(pollInterval, failures, MAX_BACKOFF);
                log.accept("[warning] GetJobRun failed (" + TransientErrors.describe(e) + "); still watching, next try in "
                        + TransientErrors.format(wait));
            }

            Instant now = clock.instant();
            if (cancelDeadline != null) {
                if (!now.isBefore(cancelDeadline)) {
                    log.accept("Job run " + jobRunId + " is still " + p.stateName() + " "
                            + TransientErrors.format(Duration.between(p.start, now))
                            + " into the watch, after the cancellation was requested; no longer waiting for CANCELLED");
                    return p.result(Outcome.TIMED_OUT_CANCEL_REQUESTED);
                }
                wait = min(wait, Duration.between(now, cancelDeadline));
            } else if (deadline.isPresent()) {
                if (!now.isBefore(deadline.get())) {
                    String limit = TransientErrors.format(timeout.get());
                    if (!cancelOnTimeout) {
                        log.accept("Stopped watching after " + limit + ": job run " + jobRunId + " still runs ("
                                + p.stateName() + "). Watch it with: mvn trading:watch -Dtrading.watch.job-run-id=" + jobRunId);
                        return p.result(Outcome.TIMED_OUT_LEFT_RUNNING);
                    }
                    try {
                        if (p.state == JobRunState.CANCELLING) {
                            log.accept("Timeout of " + limit + " reached: job run " + jobRunId
                                    + " is already CANCELLING; waiting for CANCELLED");
                        } else {
                            log.accept("Timeout of " + limit + " reached: cancelling job run " + jobRunId);
                            cancel(appId, jobRunId, cancelGracePeriodSeconds);
                        }
                    } catch (EmrException e) {
                        log.accept("[warning] " + e.getMessage() + ". Job run " + jobRunId + " may still run: watch it"
                                + " with: mvn trading:watch -Dtrading.watch.job-run-id=" + jobRunId);
                        return p.result(Outcome.TIMED_OUT_LEFT_RUNNING);
                    }
                    cancelDeadline = now.plus(CANCEL_WAIT).plusSeconds(Math.max(0, cancelGracePeriodSeconds));
                    wait = min(pollInterval, Duration.between(now, cancelDeadline));
                } else {
                    wait = min(wait, Duration.between(now, deadline.get()));
                }
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return interrupted(p);
            }
        }
    }

    /**
     * Asks the service to cancel a run (the Mojo's shutdown hook calls this on Ctrl-C). Transient
     * failures are retried a few times.
     *
     * @param gracePeriodSeconds shutdown grace period; 0: the service default
     * @throws EmrException when the service refuses (for example: the run already ended) or keeps failing
     */
    public void cancel(String appId, String jobRunId, int gracePeriodSeconds) {
        for (int attempt = 1; ; attempt++) {
            try {
                emr.cancelJobRun(r -> {
                    r.applicationId(appId).jobRunId(jobRunId);
                    if (gracePeriodSeconds > 0) {
                        r.shutdownGracePeriodInSeconds(gracePeriodSeconds);
                    }
                });
                log.accept("Cancellation of job run " + jobRunId + " requested"
                        + (gracePeriodSeconds > 0 ? " (shutdown grace period " + gracePeriodSeconds + "s)" : ""));
                return;
            } catch (SdkException e) {
                if (TransientErrors.isInterruption(e) || !TransientErrors.isTransient(e) || attempt >= CANCEL_TRIES) {
                    throw new EmrException("Cannot cancel job run " + jobRunId + " of application " + appId + ": "
                            + TransientErrors.describe(e), e);
                }
                Duration wait = TransientErrors.backoff(CANCEL_RETRY_BASE, attempt, MAX_BACKOFF);
                log.accept("[warning] CancelJobRun failed (" + TransientErrors.describe(e) + "); retrying in "
                        + TransientErrors.format(wait));
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new EmrException("Interrupted while cancelling job run " + jobRunId, ie);
                }
            }
        }
    }

    private WatchResult interrupted(Poll p) {
        Thread.currentThread().interrupt();
        log.accept("Interrupted: stopped watching job run " + p.jobRunId + " (last seen " + p.stateName() + ")");
        return p.result(Outcome.INTERRUPTED);
    }

    private static Outcome outcomeOf(JobRunState state, boolean cancelRequested) {
        switch (state) {
            case SUCCESS:
                return Outcome.SUCCEEDED;
            case FAILED:
                return Outcome.FAILED;
            default:
                return cancelRequested ? Outcome.TIMED_OUT_CANCELLED : Outcome.CANCELLED;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** What the polls have seen so far. */
    private final class Poll {
        final String appId;
        final String jobRunId;
        final Instant start;
        JobRunState state;
        String stateName = "UNKNOWN";
        String stateDetails = "";
        int attempt = 1;
        Instant createdAt;
        boolean seenRunning;
        int dashboardAttempt;
        Optional<String> dashboardUrl = Optional.empty();
        Optional<ResourceUsage> billed = Optional.empty();
        Optional<ResourceUsage> total = Optional.empty();
        Optional<JobRun> last = Optional.empty();

        Poll(String appId, String jobRunId, Instant start) {
            this.appId = appId;
            this.jobRunId = jobRunId;
            this.start = start;
        }

        void observe(JobRun run) {
            JobRunState previous = state;
            int previousAttempt = attempt;
            state = run.state() == null ? JobRunState.UNKNOWN_TO_SDK_VERSION : run.state();
            stateName = run.stateAsString() == null ? "UNKNOWN" : run.stateAsString();
            stateDetails = run.stateDetails() == null ? "" : run.stateDetails().trim();
            attempt = run.attempt() == null ? 1 : run.attempt();
            if (run.createdAt() != null) {
                createdAt = run.createdAt();
            }
            billed = ResourceUsage.billed(run.billedResourceUtilization());
            total = ResourceUsage.total(run.totalResourceUtilization());
            last = Optional.of(run);
            if (attempt != previousAttempt) {
                seenRunning = false;
            }
            if (state != previous || attempt != previousAttempt) {
                log.accept("Job run " + jobRunId + ": " + stateName + " after " + TransientErrors.format(elapsed())
                        + (attempt > 1 ? " (attempt " + attempt + ")" : "")
                        + (stateDetails.isEmpty() ? "" : ": " + stateDetails));
            }
            if (state == JobRunState.RUNNING || run.startedAt() != null) {
                seenRunning = true;
            }
            if (seenRunning && dashboardAttempt != attempt && state != JobRunState.UNKNOWN_TO_SDK_VERSION) {
                fetchDashboard();
            }
        }

        /**
         * The Spark UI link, once per attempt of the run and watch: when the run reaches RUNNING, or
         * on the first poll of a watch that re-attaches to a run already running. The link is
         * single-use and expires after an hour, so each watch fetches its own. A transient failure
         * leaves it for the next poll.
         */
        private void fetchDashboard() {
            try {
                int a = attempt;
                String url = emr.getDashboardForJobRun(r -> {
                    r.applicationId(appId).jobRunId(jobRunId);
                    if (a > 1) {
                        r.attempt(a);
                    }
                }).url();
                dashboardAttempt = attempt;
                if (url != null && !url.isBlank()) {
                    dashboardUrl = Optional.of(url);
                    log.accept("Spark UI: " + url + " (single-use, valid for an hour; for a new one: mvn trading:watch"
                            + " -Dtrading.watch.job-run-id=" + jobRunId + ")");
                }
            } catch (SdkException e) {
                if (TransientErrors.isInterruption(e)) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (!TransientErrors.isTransient(e)) {
                    dashboardAttempt = attempt;
                    log.accept("[warning] No Spark UI link for job run " + jobRunId + ": " + TransientErrors.describe(e));
                }
            }
        }

        String stateName() {
            return stateName;
        }

        Duration elapsed() {
            Instant now = clock.instant();
            Instant from = createdAt != null && !createdAt.isAfter(now) ? createdAt : start;
            return Duration.between(from, now);
        }

        WatchResult result(Outcome outcome) {
            return new WatchResult(stateName, stateDetails, attempt, elapsed(), dashboardUrl, outcome, billed, total,
                    last);
        }
    }
}
