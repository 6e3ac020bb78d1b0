package dev.tradingpipeline.maven.emr;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.Application;
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.emrserverless.model.ApplicationSummary;
import software.amazon.awssdk.services.emrserverless.model.CloudWatchLoggingConfiguration;
import software.amazon.awssdk.services.emrserverless.model.ConfigurationOverrides;
import software.amazon.awssdk.services.emrserverless.model.ConflictException;
import software.amazon.awssdk.services.emrserverless.model.JobDriver;
import software.amazon.awssdk.services.emrserverless.model.MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.ResourceNotFoundException;
import software.amazon.awssdk.services.emrserverless.model.RetryPolicy;
import software.amazon.awssdk.services.emrserverless.model.S3MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.SparkSubmit;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunResponse;

/**
 * Finds the EMR Serverless application, makes sure it can take a job, and starts a job run
 * without ever starting two for one submission: the client token is made once per submission
 * and sent again on every retry.
 */
public final class EmrJobSubmitter {

    /** Tags the plugin puts on every run (see {@link #tags}). */
    public static final String TAG_MODE = "mode";
    public static final String TAG_PROJECT = "project";
    public static final String TAG_VERSION = "version";
    public static final String TAG_GIT_COMMIT = "git-commit";
    static final int STANDARD_TAG_COUNT = 4;

    /** Our own tries of StartJobRun, each after the SDK's own retries gave up. */
    static final int SUBMIT_ATTEMPTS = 4;
    static final Duration APPLICATION_POLL = Duration.ofSeconds(5);

    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final EmrServerlessClient emr;
    private final Consumer<String> log;
    private final Clock clock;
    private final RetryingCalls calls;

    public EmrJobSubmitter(EmrServerlessClient emr, Consumer<String> log, Clock clock) {
        this(emr, log, clock, Sleeper.THREAD);
    }

    public EmrJobSubmitter(EmrServerlessClient emr, Consumer<String> log, Clock clock, Sleeper sleeper) {
        this.emr = Objects.requireNonNull(emr);
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
        this.calls = new RetryingCalls(this.log, Objects.requireNonNull(sleeper));
    }

    /**
     * What to start.
     *
     * @param executionTimeoutMinutes the service cancels the run after this long
     * @param maxAttempts             attempts of the run; a retry policy is sent only when above 1
     * @param logsUri                 s3:// prefix for driver and executor logs, if any
     * @param cloudWatchLogGroup      CloudWatch Logs group for the driver's stdout and stderr, if any
     */
    public record SubmitRequest(
            String applicationId,
            String executionRoleArn,
            String name,
            Map<String, String> tags,
            int executionTimeoutMinutes,
            int maxAttempts,
            String entryPoint,
            List<String> entryPointArguments,
            String sparkSubmitParameters,
            Optional<String> logsUri,
            Optional<String> cloudWatchLogGroup) {

        public SubmitRequest {
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
            entryPointArguments = List.copyOf(entryPointArguments);
        }
    }

    /**
     * The application id to submit to: {@code emr.application-id} as given, else the one
     * application with {@code emr.application-name} that is not TERMINATED.
     *
     * @throws ConfigException when no or several applications carry the name
     * @throws EmrException when the applications cannot be listed
     * @throws InterruptedException when interrupted (the interrupt flag is set again)
     */
    public String resolveApplicationId(EmrSettings settings) throws InterruptedException {
        return resolveApplicationId(settings.applicationId(), settings.applicationName());
    }

    /**
     * The application id: the id as given, else the one application with this name that is not
     * TERMINATED; for goals that need the application but not the other emr settings.
     *
     * @throws ConfigException when no or several applications carry the name
     */
    public String resolveApplicationId(Optional<String> applicationId, Optional<String> applicationName)
            throws InterruptedException {
        if (applicationId.isPresent()) {
            return applicationId.get();
        }
        String name = applicationName
                .orElseThrow(() -> new IllegalArgumentException("neither an application id nor a name"));
        List<ApplicationSummary> live = new ArrayList<>();
        calls.call("ListApplications", () -> {
            live.clear();
            for (ApplicationSummary a : emr.listApplicationsPaginator(r -> { }).applications()) {
                if (a.state() != ApplicationState.TERMINATED) {
                    live.add(a);
                }
            }
            return null;
        });
        List<ApplicationSummary> matching = live.stream().filter(a -> name.equals(a.name())).toList();
        if (matching.isEmpty()) {
            String seen = live.isEmpty() ? "none"
                    : String.join(", ", live.stream().map(a -> a.name() + " (" + a.id() + ", " + a.stateAsString() + ")")
                            .sorted().toList());
            throw new ConfigException(ConfigKeys.EMR_APPLICATION_NAME + ": no EMR Serverless application named '" + name
                    + "' (other than TERMINATED ones) in this account and region; applications seen: " + seen);
        }
        if (matching.size() > 1) {
            throw new ConfigException(ConfigKeys.EMR_APPLICATION_NAME + ": " + matching.size()
                    + " EMR Serverless applications are named '" + name + "': "
                    + String.join(", ", matching.stream().map(a -> a.id() + " (" + a.stateAsString() + ")").toList())
                    + "; set " + ConfigKeys.EMR_APPLICATION_ID + " to the one to use");
        }
        ApplicationSummary app = matching.get(0);
        log.accept("EMR Serverless application '" + name + "' is " + app.id() + " (" + app.stateAsString() + ")");
        return app.id();
    }

    /**
     * Makes sure the application will run the job: nothing when STARTED; when CREATED or STOPPED
     * with auto-start, only a note (the service starts it on submission); otherwise
     * StartApplication, then waits for STARTED, logging each state change.
     *
     * @param timeout how long to wait for the application to start
     * @throws EmrException when the application is TERMINATED, cannot start, or does not start in time
     * @return the application as GetApplication last gave it
     * @throws InterruptedException when interrupted while waiting (the interrupt flag is set again)
     */
    public Application ensureStarted(String appId, Duration timeout) throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        ApplicationState last = null;
        boolean startRequested = false;
        while (true) {
            Application app = calls.call("GetApplication", () -> emr.getApplication(r -> r.applicationId(appId)).application());
            ApplicationState state = app.state() == null ? ApplicationState.UNKNOWN_TO_SDK_VERSION : app.state();
            String label = "EMR Serverless application " + appId + (app.name() != null ? " (" + app.name() + ")" : "");
            boolean changed = state != last;
            if (changed && last != null) {
                log.accept(label + ": " + app.stateAsString() + " after "
                        + TransientErrors.format(Duration.between(start, clock.instant())));
            }
            last = state;
            switch (state) {
                case STARTED:
                    return app;
                case CREATED:
                case STOPPED:
                    if (!startRequested && autoStarts(app)) {
                        log.accept(label + " is " + app.stateAsString()
                                + "; it starts automatically when the job is submitted (auto-start)");
                        return app;
                    }
                    if (!startRequested) {
                        log.accept(label + " is " + app.stateAsString() + " without auto-start; starting it");
                        startApplication(appId);
                        startRequested = true;
                    }
                    break;
                case STARTING:
                    if (changed && !startRequested) {
                        log.accept(label + " is STARTING; waiting for STARTED");
                    }
                    break;
                case STOPPING:
                    if (changed) {
                        log.accept(label + " is STOPPING; waiting for STOPPED before starting it again");
                    }
                    break;
                case CREATING:
                    if (changed) {
                        log.accept(label + " is CREATING; waiting for it to be ready");
                    }
                    break;
                case TERMINATED:
                    throw new EmrException(label + " is TERMINATED and cannot run jobs: create a new application and"
                            + " set " + ConfigKeys.EMR_APPLICATION_ID + " or " + ConfigKeys.EMR_APPLICATION_NAME
                            + (app.stateDetails() != null ? " (" + app.stateDetails() + ")" : ""));
                default:
                    throw new EmrException(label + " is in state " + app.stateAsString()
                            + ", which this plugin does not know" + details(app.stateDetails()));
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new EmrException(label + " is still " + app.stateAsString() + " after "
                        + TransientErrors.format(Duration.between(start, now)) + details(app.stateDetails()));
            }
            calls.sleep(min(APPLICATION_POLL, Duration.between(now, deadline)));
        }
    }

    /** The image the application runs (GetApplication's imageConfiguration), empty for the release's own. */
    public Optional<String> applicationImage(String appId) throws InterruptedException {
        return imageOf(application(appId));
    }

    /** The application as GetApplication gives it. */
    public Application application(String appId) throws InterruptedException {
        return calls.call("GetApplication", () -> emr.getApplication(r -> r.applicationId(appId)).application());
    }

    /** The application's configured image, empty for the release's own. */
    public static Optional<String> imageOf(Application app) {
        return Optional.ofNullable(app.imageConfiguration()).map(c -> c.imageUri())
                .filter(uri -> uri != null && !uri.isBlank());
    }

    /** Whether the service starts the application when a job is submitted to it (auto-start). */
    public static boolean autoStarts(Application app) {
        // The service default is on; an application without the setting keeps the default.
        return app.autoStartConfiguration() == null || !Boolean.FALSE.equals(app.autoStartConfiguration().enabled());
    }

    private void startApplication(String appId) throws InterruptedException {
        try {
            calls.call("StartApplication", () -> emr.startApplication(r -> r.applicationId(appId)));
        } catch (EmrException e) {
            if (e.getCause() instanceof ConflictException) {
                // Someone else started or stopped it meanwhile: the state poll tells what happens next.
                log.accept("StartApplication: " + e.getCause().getMessage());
                return;
            }
            throw e;
        }
    }

    /**
     * Starts the job run. Transient failures (throttling, 5xx, I/O) are retried with the same
     * client token, so the service starts at most one run for this submission.
     *
     * @throws EmrException when the service refuses the run or keeps failing
     * @throws InterruptedException when interrupted between tries (the interrupt flag is set again)
     */
    public SubmittedRun submit(SubmitRequest req) throws InterruptedException {
        String clientToken = UUID.randomUUID().toString();
        StartJobRunRequest request = startJobRunRequest(req, clientToken);
        for (int attempt = 1; ; attempt++) {
            try {
                StartJobRunResponse response = emr.startJobRun(request);
                return new SubmittedRun(response.applicationId() != null ? response.applicationId() : req.applicationId(),
                        response.jobRunId(), response.arn(), req.name(), clientToken, clock.instant());
            } catch (SdkException e) {
                if (TransientErrors.isInterruption(e)) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedException("Interrupted while submitting " + req.name()
                            + "; a run may have started with client token " + clientToken);
                }
                if (!TransientErrors.isTransient(e)) {
                    throw new EmrException("StartJobRun of " + req.name() + " on application " + req.applicationId()
                            + " failed" + (attempt > 1 ? " after " + attempt + " tries" : "") + ": "
                            + TransientErrors.describe(e), e);
                }
                if (attempt >= SUBMIT_ATTEMPTS) {
                    // a response lost on the way back may hide a run that started
                    throw new EmrException("StartJobRun of " + req.name() + " on application " + req.applicationId()
                            + " failed after " + attempt + " tries: " + TransientErrors.describe(e)
                            + ". EMR Serverless is throttling this account or failing for now. If one of these requests"
                            + " reached it, a run named " + req.name() + " may have started: check with aws emr-serverless"
                            + " list-job-runs --application-id " + req.applicationId() + " before submitting again", e);
                }
                Duration wait = TransientErrors.backoff(RetryingCalls.BASE, attempt, RetryingCalls.CAP);
                log.accept("StartJobRun failed (" + TransientErrors.describe(e) + "); retrying in "
                        + TransientErrors.format(wait) + " with the same client token");
                calls.sleep(wait);
            }
        }
    }

    /** The StartJobRun request {@link #submit} sends, without its client token: for a dry run to show. */
    public static StartJobRunRequest requestFor(SubmitRequest req) {
        return startJobRunRequest(req, null);
    }

    static StartJobRunRequest startJobRunRequest(SubmitRequest req, String clientToken) {
        StartJobRunRequest.Builder b = StartJobRunRequest.builder()
                .applicationId(req.applicationId())
                .clientToken(clientToken)
                .executionRoleArn(req.executionRoleArn())
                .name(req.name())
                .executionTimeoutMinutes((long) req.executionTimeoutMinutes())
                .jobDriver(JobDriver.builder().sparkSubmit(SparkSubmit.builder()
                        .entryPoint(req.entryPoint())
                        .entryPointArguments(req.entryPointArguments())
                        .sparkSubmitParameters(req.sparkSubmitParameters())
                        .build()).build());
        if (!req.tags().isEmpty()) {
            b.tags(req.tags());
        }
        if (req.maxAttempts() > 1) {
            b.retryPolicy(RetryPolicy.builder().maxAttempts(req.maxAttempts()).build());
        }
        if (req.logsUri().isPresent() || req.cloudWatchLogGroup().isPresent()) {
            MonitoringConfiguration.Builder monitoring = MonitoringConfiguration.builder();
            req.logsUri().ifPresent(uri -> monitoring.s3MonitoringConfiguration(
                    S3MonitoringConfiguration.builder().logUri(uri).build()));
            // no log types: the service's default, the driver's stdout and stderr
            req.cloudWatchLogGroup().ifPresent(group -> monitoring.cloudWatchLoggingConfiguration(
                    CloudWatchLoggingConfiguration.builder().enabled(true).logGroupName(group).build()));
            b.configurationOverrides(ConfigurationOverrides.builder().monitoringConfiguration(monitoring.build()).build());
        }
        return b.build();
    }

    /** {@code <project>-<mode>-<yyyyMMdd-HHmmss>} in UTC. */
    public static String jobName(String project, String mode, Instant now) {
        return project + "-" + mode + "-" + NAME_TIME.format(now);
    }

    /**
     * The run's tags: mode, project, version and (when known) git-commit, then the user's
     * {@code emr.tags.*}, which win on a clash.
     */
    public static Map<String, String> tags(String mode, String project, String version, Optional<String> gitCommit,
            Map<String, String> userTags) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_MODE, mode);
        tags.put(TAG_PROJECT, project);
        tags.put(TAG_VERSION, version);
        gitCommit.filter(c -> !c.isBlank()).ifPresent(c -> tags.put(TAG_GIT_COMMIT, c));
        tags.putAll(userTags);
        return tags;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String details(String stateDetails) {
        return stateDetails == null || stateDetails.isBlank() ? "" : ": " + stateDetails;
    }
}
