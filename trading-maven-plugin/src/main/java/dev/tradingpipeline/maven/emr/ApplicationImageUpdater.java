package dev.tradingpipeline.maven.emr;

import dev.tradingpipeline.core.config.ConfigKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.Application;
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.emrserverless.model.Architecture;
import software.amazon.awssdk.services.emrserverless.model.ConflictException;
import software.amazon.awssdk.services.emrserverless.model.ImageConfiguration;
import software.amazon.awssdk.services.emrserverless.model.ImageConfigurationInput;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.JobRunSummary;
import software.amazon.awssdk.services.emrserverless.model.ResourceNotFoundException;
import software.amazon.awssdk.services.emrserverless.model.UpdateApplicationRequest;
import software.amazon.awssdk.services.emrserverless.model.WorkerTypeSpecification;

/**
 * Points an EMR Serverless application at a new custom image. With application-level digest
 * resolution (the default up to emr-7.13) a new digest reaches jobs only after stop, update,
 * start, so that is what this does: wait for (or cancel) the active job runs, stop the
 * application, UpdateApplication with the image and ARM64 and nothing else, start it again.
 * Every step is logged; each wait is bounded by the timeout.
 */
public final class ApplicationImageUpdater {

    /** What to do with job runs that are still active when the application has to stop. */
    public enum StopPolicy {
        /** Wait for them to end. */
        WAIT,
        /** Cancel them, then wait for them to end. */
        CANCEL
    }

    /**
     * What the update did.
     *
     * @param updated false when the application already used the image
     * @param state   the application's state at the end (STARTED after an update)
     */
    public record Result(String applicationId, String imageUri, boolean updated, String state) {
    }

    /** Job run states that keep an application from stopping. */
    static final List<JobRunState> ACTIVE_JOB_RUN_STATES = List.of(JobRunState.SUBMITTED, JobRunState.PENDING,
            JobRunState.SCHEDULED, JobRunState.RUNNING, JobRunState.QUEUED, JobRunState.CANCELLING);

    static final Duration APPLICATION_POLL = Duration.ofSeconds(5);
    static final Duration JOB_RUN_POLL = Duration.ofSeconds(15);
    /** Job runs named in one log line; the rest are counted. */
    private static final int LISTED_RUNS = 5;

    private final EmrServerlessClient emr;
    private final Consumer<String> log;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryingCalls calls;

    public ApplicationImageUpdater(EmrServerlessClient emr, Consumer<String> log, Clock clock) {
        this(emr, log, clock, Sleeper.THREAD);
    }

    public ApplicationImageUpdater(EmrServerlessClient emr, Consumer<String> log, Clock clock, Sleeper sleeper) {
        this.emr = Objects.requireNonNull(emr);
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.calls = new RetryingCalls(this.log, sleeper);
    }

    /**
     * Makes the application run {@code imageUri}: nothing when it already does, else drain job
     * runs, stop, UpdateApplication, start and wait for STARTED.
     *
     * @param imageUri the image by digest, {@code <account>.dkr.ecr.<region>.amazonaws.com/<repo>@sha256:<hex>}
     * @param policy   what to do with active job runs
     * @param timeout  the longest wait of each step: job runs to end, the application to stop, to start
     * @throws EmrException when the application cannot be updated (TERMINATED, CREATING, unknown state),
     *                      a call is refused or keeps failing, or a step does not finish in time
     * @throws InterruptedException when interrupted while waiting (the interrupt flag is set again)
     */
    public Result update(String applicationId, String imageUri, StopPolicy policy, Duration timeout)
            throws InterruptedException {
        requireText(applicationId, "applicationId");
        requireText(imageUri, "imageUri");
        Objects.requireNonNull(policy, "policy");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }

        Application app = getApplication(applicationId);
        String label = label(applicationId, app);
        ApplicationState initial = stateOf(app);
        if (!updatable(initial)) {
            throw cannotUpdate(label, app);
        }
        if (usesImage(app, imageUri)) {
            log.accept(label + " already uses " + imageUri);
            return new Result(applicationId, imageUri, false, app.stateAsString());
        }
        String previous = currentImage(app);
        log.accept("Updating the image of " + label + " from " + previous + " to " + imageUri + "; it is "
                + stateName(app));
        warnAboutWorkerImages(label, app, imageUri);

        drainJobRuns(applicationId, label, policy, timeout);
        boolean wasUp = stop(applicationId, label, timeout);
        Application updated;
        try {
            updated = updateImage(applicationId, imageUri, app);
        } catch (EmrException e) {
            if (wasUp) {
                restartWithPreviousImage(applicationId, label, previous, e);
            }
            throw e;
        }
        Application started = start(applicationId, label, imageUri, updated, timeout);
        log.accept(label + " is " + started.stateAsString() + " with image " + imageUri);
        return new Result(applicationId, imageUri, true, started.stateAsString());
    }

    // --- (a) and (b): what the application is and has --------------------------------------------

    private static boolean updatable(ApplicationState state) {
        switch (state) {
            case CREATED:
            case STARTING:
            case STARTED:
            case STOPPING:
            case STOPPED:
                return true;
            default:
                return false;
        }
    }

    private static EmrException cannotUpdate(String label, Application app) {
        ApplicationState state = stateOf(app);
        String details = details(app.stateDetails());
        switch (state) {
            case TERMINATED:
                return new EmrException(label + " is TERMINATED; its image cannot be updated: create a new application"
                        + " and set " + ConfigKeys.EMR_APPLICATION_ID + " or " + ConfigKeys.EMR_APPLICATION_NAME + details);
            case CREATING:
                return new EmrException(label + " is CREATING; its image cannot be updated until it is CREATED:"
                        + " try again in a minute" + details);
            default:
                return new EmrException(label + " is in state " + stateName(app) + ", which this plugin does not"
                        + " know; its image cannot be updated" + details);
        }
    }

    /** The configured image is this URI, or the digest the application resolved is this image's digest. */
    static boolean usesImage(Application app, String imageUri) {
        ImageConfiguration current = app.imageConfiguration();
        if (current == null) {
            return false;
        }
        if (imageUri.equals(current.imageUri())) {
            return true;
        }
        int at = imageUri.indexOf('@');
        return at > 0 && current.resolvedImageDigest() != null
                && current.resolvedImageDigest().equals(imageUri.substring(at + 1));
    }

    private static String currentImage(Application app) {
        ImageConfiguration current = app.imageConfiguration();
        return current == null || current.imageUri() == null || current.imageUri().isBlank()
                ? "the release's default image" : current.imageUri();
    }

    /** A worker type with an image of its own keeps it: UpdateApplication only changes the application's. */
    private void warnAboutWorkerImages(String label, Application app, String imageUri) {
        if (!app.hasWorkerTypeSpecifications()) {
            return;
        }
        for (Map.Entry<String, WorkerTypeSpecification> e : app.workerTypeSpecifications().entrySet()) {
            ImageConfiguration own = e.getValue() == null ? null : e.getValue().imageConfiguration();
            if (own != null && own.imageUri() != null && !own.imageUri().isBlank() && !own.imageUri().equals(imageUri)) {
                log.accept("[warning] Worker type " + e.getKey() + " of " + label + " has its own image "
                        + own.imageUri() + ", which this update leaves in place");
            }
        }
    }

    // --- (c): job runs ----------------------------------------------------------------------------

    private void drainJobRuns(String appId, String label, StopPolicy policy, Duration timeout)
            throws InterruptedException {
        List<JobRunSummary> active = activeJobRuns(appId);
        if (active.isEmpty()) {
            log.accept("No active job runs on " + label);
            return;
        }
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        Set<String> cancelRequested = new HashSet<>();
        if (policy == StopPolicy.CANCEL) {
            log.accept("Cancelling " + count(active) + " of " + label + " before stopping it: " + list(active));
            cancelAll(appId, active, cancelRequested);
        } else {
            log.accept("Waiting up to " + TransientErrors.format(timeout) + " for " + count(active) + " of " + label
                    + " to end before stopping it: " + list(active));
        }
        int lastCount = active.size();
        while (true) {
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new EmrException(count(active) + " of " + label + " still active after "
                        + TransientErrors.format(Duration.between(start, now)) + ": " + list(active)
                        + "; the image was not changed"
                        + (policy == StopPolicy.WAIT ? " (the CANCEL stop policy cancels them)" : ""));
            }
            calls.sleep(min(JOB_RUN_POLL, Duration.between(now, deadline)));
            active = activeJobRuns(appId);
            String after = TransientErrors.format(Duration.between(start, clock.instant()));
            if (active.isEmpty()) {
                log.accept("No active job runs on " + label + " after " + after);
                return;
            }
            if (active.size() != lastCount) {
                log.accept(count(active) + " still active after " + after + ": " + list(active));
                lastCount = active.size();
            }
            if (policy == StopPolicy.CANCEL) {
                // runs submitted while we wait would keep the application from stopping too
                cancelAll(appId, active, cancelRequested);
            }
        }
    }

    private void cancelAll(String appId, List<JobRunSummary> runs, Set<String> requested) throws InterruptedException {
        JobRunWatcher canceller = new JobRunWatcher(emr, log, clock, sleeper);
        for (JobRunSummary run : runs) {
            if (run.state() == JobRunState.CANCELLING || !requested.add(run.id())) {
                continue;
            }
            try {
                canceller.cancel(appId, run.id(), 0);
            } catch (EmrException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("Interrupted while cancelling job run " + run.id());
                }
                // it may have ended meanwhile; the next poll tells
                log.accept("[warning] " + e.getMessage());
            }
        }
    }

    private List<JobRunSummary> activeJobRuns(String appId) throws InterruptedException {
        return calls.call("ListJobRuns", () -> {
            List<JobRunSummary> runs = new ArrayList<>();
            emr.listJobRunsPaginator(r -> r.applicationId(appId).states(ACTIVE_JOB_RUN_STATES)).jobRuns()
                    .forEach(runs::add);
            return runs;
        });
    }

    private static String count(List<JobRunSummary> runs) {
        return runs.size() + (runs.size() == 1 ? " job run" : " job runs");
    }

    private static String list(List<JobRunSummary> runs) {
        String named = runs.stream().limit(LISTED_RUNS)
                .map(r -> r.id() + (r.name() != null ? " " + r.name() : "") + " (" + r.stateAsString() + ")")
                .collect(Collectors.joining(", "));
        return runs.size() > LISTED_RUNS ? named + " and " + (runs.size() - LISTED_RUNS) + " more" : named;
    }

    // --- (d): stop --------------------------------------------------------------------------------

    /** Returns true when the application was up (STARTING, STARTED, STOPPING) and is now stopped. */
    private boolean stop(String appId, String label, Duration timeout) throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        ApplicationState last = null;
        boolean stopSent = false;
        boolean wasUp = false;
        while (true) {
            Application app = getApplication(appId);
            ApplicationState state = stateOf(app);
            boolean changed = state != last;
            if (changed) {
                if (last != null) {
                    log.accept(label + ": " + stateName(app) + " after "
                            + TransientErrors.format(Duration.between(start, clock.instant())));
                }
                last = state;
                stopSent = false;
            }
            switch (state) {
                case CREATED:
                case STOPPED:
                    if (!wasUp) {
                        log.accept(label + " is " + stateName(app) + "; no need to stop it");
                    }
                    return wasUp;
                case STARTED:
                    if (!stopSent) {
                        log.accept("Stopping " + label);
                        requestStop(appId);
                        stopSent = true;
                    }
                    break;
                case STARTING:
                    if (changed) {
                        log.accept(label + " is STARTING; waiting for STARTED to stop it");
                    }
                    break;
                case STOPPING:
                    break;
                default:
                    throw cannotUpdate(label, app);
            }
            wasUp = true;
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new EmrException(label + " is still " + stateName(app) + " after "
                        + TransientErrors.format(Duration.between(start, now)) + " of waiting for it to stop; the"
                        + " image was not changed" + details(app.stateDetails()));
            }
            calls.sleep(min(APPLICATION_POLL, Duration.between(now, deadline)));
        }
    }

    private void requestStop(String appId) throws InterruptedException {
        try {
            calls.call("StopApplication", () -> emr.stopApplication(r -> r.applicationId(appId)));
        } catch (EmrException e) {
            if (e.getCause() instanceof ConflictException) {
                // someone else is starting or stopping it: the state poll tells what happens next
                log.accept("StopApplication: " + TransientErrors.describe(e.getCause()));
                return;
            }
            throw e;
        }
    }

    // --- (e): update ------------------------------------------------------------------------------

    private Application updateImage(String appId, String imageUri, Application before)
            throws InterruptedException {
        // one token for every try: a retried update whose first response was lost is not applied twice
        UpdateApplicationRequest request = updateRequest(appId, imageUri, UUID.randomUUID().toString());
        String architecture = before.architecture() == Architecture.ARM64 || before.architectureAsString() == null
                ? "ARM64" : "ARM64 (was " + before.architectureAsString() + ")";
        log.accept("UpdateApplication " + appId + ": image " + imageUri + ", architecture " + architecture);
        return calls.call("UpdateApplication", () -> emr.updateApplication(request).application());
    }

    /** Only the image and the architecture it is built for; every other setting stays as it is. */
    static UpdateApplicationRequest updateRequest(String appId, String imageUri, String clientToken) {
        return UpdateApplicationRequest.builder()
                .applicationId(appId)
                .clientToken(clientToken)
                .imageConfiguration(ImageConfigurationInput.builder().imageUri(imageUri).build())
                .architecture(Architecture.ARM64)
                .build();
    }

    /** The update failed after we stopped the application: bring it back as it was rather than leave it down. */
    private void restartWithPreviousImage(String appId, String label, String previous, EmrException failure) {
        try {
            calls.call("StartApplication", () -> emr.startApplication(r -> r.applicationId(appId)));
            log.accept("[warning] The image was not changed; starting " + label + " again with " + previous);
        } catch (EmrException e) {
            failure.addSuppressed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
        }
    }

    // --- (f): start -------------------------------------------------------------------------------

    private Application start(String appId, String label, String imageUri, Application afterUpdate, Duration timeout)
            throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        // A start that fails (often: the image cannot be pulled or is not ARM64) goes back to STOPPED.
        // Seeing STARTING, or an application changed since the update, tells that from a slow start.
        Instant updatedAt = afterUpdate != null ? afterUpdate.updatedAt() : null;
        log.accept("Starting " + label);
        requestStart(appId);
        ApplicationState last = null;
        boolean startAttempted = false;
        while (true) {
            Application app = getApplication(appId);
            ApplicationState state = stateOf(app);
            if (state != last && last != null) {
                log.accept(label + ": " + stateName(app) + " after "
                        + TransientErrors.format(Duration.between(start, clock.instant())));
            }
            last = state;
            switch (state) {
                case STARTED:
                    return app;
                case STARTING:
                case STOPPING:
                    startAttempted = true;
                    break;
                case CREATED:
                case STOPPED:
                    boolean changedSinceUpdate = updatedAt != null && app.updatedAt() != null
                            && app.updatedAt().isAfter(updatedAt);
                    if (startAttempted || changedSinceUpdate) {
                        throw new EmrException(label + " did not start with image " + imageUri + " (it is "
                                + stateName(app) + " again" + details(app.stateDetails()) + "): check that the"
                                + " image is linux/arm64, built on the EMR Serverless base image of the"
                                + " application's release, and that the ECR repository policy lets"
                                + " emr-serverless.amazonaws.com pull it");
                    }
                    break;
                default:
                    throw new EmrException(label + " is " + stateName(app) + " instead of starting with image "
                            + imageUri + details(app.stateDetails()));
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new EmrException(label + " is still " + stateName(app) + " after "
                        + TransientErrors.format(Duration.between(start, now)) + " of waiting for it to start;"
                        + " its image is now " + imageUri + details(app.stateDetails()));
            }
            calls.sleep(min(APPLICATION_POLL, Duration.between(now, deadline)));
        }
    }

    private void requestStart(String appId) throws InterruptedException {
        try {
            calls.call("StartApplication", () -> emr.startApplication(r -> r.applicationId(appId)));
        } catch (EmrException e) {
            if (e.getCause() instanceof ConflictException) {
                log.accept("StartApplication: " + TransientErrors.describe(e.getCause()));
                return;
            }
            throw e;
        }
    }

    // --- calls ------------------------------------------------------------------------------------

    private Application getApplication(String appId) throws InterruptedException {
        return calls.call("GetApplication", () -> emr.getApplication(r -> r.applicationId(appId)).application());
    }

    private static ApplicationState stateOf(Application app) {
        return app.state() == null ? ApplicationState.UNKNOWN_TO_SDK_VERSION : app.state();
    }

    private static String stateName(Application app) {
        return app.stateAsString() == null ? "UNKNOWN" : app.stateAsString();
    }

    private static String label(String appId, Application app) {
        return "EMR Serverless application " + appId + (app.name() != null ? " (" + app.name() + ")" : "");
    }

    private static String details(String stateDetails) {
        return stateDetails == null || stateDetails.isBlank() ? "" : ": " + stateDetails.trim();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
