package dev.tradingpipeline.maven.run;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.artifacts.JobArtifacts;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.DriverLogTail;
import dev.tradingpipeline.maven.aws.DriverLogs;
import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.core.runs.RunIds;
import dev.tradingpipeline.maven.deploy.Deployment;
import dev.tradingpipeline.maven.emr.CostRecording;
import dev.tradingpipeline.maven.emr.EmrCapacity;
import dev.tradingpipeline.maven.emr.EmrException;
import dev.tradingpipeline.maven.emr.EmrJobSubmitter;
import dev.tradingpipeline.maven.emr.EmrSettings;
import dev.tradingpipeline.maven.emr.JobRunWatcher;
import dev.tradingpipeline.maven.emr.RunCost;
import dev.tradingpipeline.maven.emr.RunResult;
import dev.tradingpipeline.maven.emr.Sleeper;
import dev.tradingpipeline.maven.emr.SparkSubmitParameters;
import dev.tradingpipeline.maven.emr.StartJobRunPlan;
import dev.tradingpipeline.maven.emr.SubmittedRun;
import dev.tradingpipeline.maven.emr.WatchResult;
import dev.tradingpipeline.maven.local.JobSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emrserverless.model.Application;
import software.amazon.awssdk.services.emrserverless.model.ApplicationState;
import software.amazon.awssdk.services.emrserverless.model.JobRun;

/**
 * A run on EMR Serverless from start to end: deploy what changed, start the application if it
 * needs it, StartJobRun, and follow the run, fetching the driver's log tail when it fails.
 */
public final class EmrRun {

    public static final String LAST_RUN = "last-job-run.json";
    static final int LOG_TAIL_LINES = 40;
    static final int SUMMARY_TAIL_LINES = 200;

    /** What the build should report: success, or why not. */
    public record Outcome(boolean succeeded, String message) {
    }

    private final AwsClients aws;
    private final Consumer<String> log;
    private final Clock clock;
    private final Sleeper sleeper;

    public EmrRun(AwsClients aws, Consumer<String> log, Clock clock) {
        this(aws, log, clock, Sleeper.THREAD);
    }

    /** With a sleeper for the watch's waits between polls (tests: one that does not wait). */
    public EmrRun(AwsClients aws, Consumer<String> log, Clock clock, Sleeper sleeper) {
        this.aws = aws;
        this.log = log;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Checks that the mode's workers fit the account and the application ({@link EmrCapacity}),
     * deploys, makes sure the application can run jobs (and runs the image the run counts on, if
     * any), starts the run and records it.
     *
     * @param artifacts everything the run could ship
     * @param image     whether the run counts on the application's image for its libraries, and so
     *                  what of {@code artifacts} ships
     * @throws dev.tradingpipeline.core.config.ConfigException when the sizing does not fit (before
     *                                                         any upload or start)
     */
    public SubmittedRun submit(TradingConfig config, EmrSettings emr, Submission s, JobArtifacts artifacts,
            ImageDecision image, Path configFile, Path stateDir)
            throws IOException, InterruptedException {
        s = withRunId(s);
        log.accept("AWS " + aws.callerIdentity());
        EmrJobSubmitter submitter = new EmrJobSubmitter(aws.emrServerless(), log, clock);
        String appId = submitter.resolveApplicationId(emr);
        // a sizing beyond the account or the application fails here, before anything uploads or starts
        EmrCapacity.check(config, s.mode(), appId, submitter.application(appId), log);
        Deployment d = JobDeployment.deploy(aws.s3(), config, image.ship(artifacts), configFile, stateDir, log);
        var application = submitter.ensureStarted(appId, Duration.ofMinutes(15));
        image.checkAgainst(new ImageDecision.ApplicationImage(appId, EmrJobSubmitter.imageOf(application)))
                .ifPresent(log);

        SubmittedRun run = submitter.submit(request(config, emr, s, d, image, appId));
        run.write(stateDir.resolve(LAST_RUN));
        log.accept("Started job run " + run.jobRunId() + " (" + run.name() + ") on application " + appId);
        return run;
    }

    /**
     * What {@link #submit} would do, changing nothing: which artifacts would upload (with their
     * sizes) and which are in S3 already, the application's state and what submit would do about
     * it, how the mode's workers add up against the account and the application (and whether submit
     * would refuse them), and the StartJobRun request it would send, secrets masked. Reads only (HeadObject,
     * ListApplications, GetApplication): no upload, no StartApplication, no StartJobRun, and no
     * record written.
     *
     * @throws EmrException when submit would fail on the application (TERMINATED, or without the
     *                      image the run counts on)
     * @throws dev.tradingpipeline.core.config.ConfigException when submit would refuse the sizing
     */
    public void plan(TradingConfig config, EmrSettings emr, Submission s, JobArtifacts artifacts, ImageDecision image,
            Path configFile) throws IOException, InterruptedException {
        s = withRunId(s);
        log.accept("AWS " + aws.callerIdentity());
        Deployment d = JobDeployment.plan(aws.s3(), config, image.ship(artifacts), configFile, log);
        EmrJobSubmitter submitter = new EmrJobSubmitter(aws.emrServerless(), log, clock);
        String appId = submitter.resolveApplicationId(emr);
        Application application = submitter.application(appId);
        log.accept(applicationPlan(appId, application));
        image.checkAgainst(new ImageDecision.ApplicationImage(appId, EmrJobSubmitter.imageOf(application)))
                .ifPresent(log);
        EmrCapacity.Assessment capacity = EmrCapacity.measure(config, s.mode(), appId, application, log);
        StartJobRunPlan.describe(EmrJobSubmitter.requestFor(request(config, emr, s, d, image, appId))).forEach(log);
        if (s.mode().equals("strategy")) {
            log.accept(emr.recordCost()
                    ? "After the run succeeds: a record-cost job run (a 1-vCPU driver and one 1-vCPU executor) would"
                            + " write its cost on its rows of gold.strategy_runs (" + ConfigKeys.EMR_RECORD_COST + ")"
                    : "The run's cost would be printed, not written to gold.strategy_runs (" + ConfigKeys.EMR_RECORD_COST
                            + ": false)");
        }
        EmrCapacity.enforce(capacity, config.getBoolean(ConfigKeys.EMR_ALLOW_OVERSIZED), true, log);
        log.accept("Dry run: nothing uploaded, no application started, no job run started, " + JobDeployment.RECORD
                + " and " + LAST_RUN + " not written");
    }

    /**
     * A strategy run gets its id in gold from the plugin ({@code --run-id}, and the run's
     * {@value CostRecording#TAG_RUN_ID} tag), so that its cost can be written on its rows once known.
     */
    private Submission withRunId(Submission s) {
        if (!s.mode().equals("strategy") || s.runId().isPresent()) {
            return s;
        }
        return new Submission(s.mode(), s.date(), Optional.of(RunIds.newRunId(clock.instant())), s.overrides(),
                s.project(), s.version(), s.gitCommit());
    }

    /** What submit would do about the application, from its state; fails where submit would. */
    static String applicationPlan(String appId, Application app) {
        String label = "EMR Serverless application " + appId + (app.name() != null ? " (" + app.name() + ")" : "");
        ApplicationState state = app.state() == null ? ApplicationState.UNKNOWN_TO_SDK_VERSION : app.state();
        switch (state) {
            case STARTED:
                return label + " is STARTED: ready for the run";
            case CREATED:
            case STOPPED:
                return EmrJobSubmitter.autoStarts(app)
                        ? label + " is " + state + ": it would start on submission (auto-start)"
                        : label + " is " + state + " without auto-start: submit would start it (StartApplication)"
                                + " and wait for STARTED";
            case CREATING:
            case STARTING:
            case STOPPING:
                return label + " is " + state + ": submit would wait for it" + (state == ApplicationState.STOPPING
                        ? " to stop, then start it" : " to be ready");
            case TERMINATED:
                throw new EmrException(label + " is TERMINATED and cannot run jobs: submit would fail; create a new"
                        + " application and set " + ConfigKeys.EMR_APPLICATION_ID + " or " + ConfigKeys.EMR_APPLICATION_NAME);
            default:
                throw new EmrException(label + " is in state " + app.stateAsString()
                        + ", which this plugin does not know: submit would fail");
        }
    }

    /** The run submit starts: its name, tags, job jar, command line and Spark parameters. */
    private EmrJobSubmitter.SubmitRequest request(TradingConfig config, EmrSettings emr, Submission s, Deployment d,
            ImageDecision image, String appId) {
        List<String> args = s.jobArguments(d.config().uri());
        List<String> libraries = d.libraries().stream().map(Deployment.Artifact::uri).toList();
        Map<String, String> tags = new java.util.LinkedHashMap<>(
                EmrJobSubmitter.tags(s.mode(), s.project(), s.version(), s.gitCommit(), emr.tags()));
        if (s.mode().equals("strategy")) {
            s.runId().ifPresent(id -> tags.put(CostRecording.TAG_RUN_ID, id));
        }
        return new EmrJobSubmitter.SubmitRequest(appId, emr.executionRoleArn(),
                EmrJobSubmitter.jobName(s.project(), s.mode(), clock.instant()), tags,
                emr.executionTimeoutMinutes(), emr.maxAttempts(), d.jobJar().uri(), args,
                SparkSubmitParameters.build(config, s.mode(), libraries, image.classPathFolder()), emr.logsUri(),
                emr.cloudWatchLogGroup());
    }

    /**
     * Watches a run to its end (or the timeout) and turns what happened into an outcome. Once the
     * run has ended, prints what it cost and adds that to {@code stateDir}/{@value #LAST_RUN} when
     * that file records this run.
     */
    public Outcome follow(EmrSettings emr, String appId, String jobRunId, Optional<Duration> timeout,
            boolean cancelOnTimeout, Path stateDir) {
        List<String> summaryPrinted = new ArrayList<>();
        DriverLogTail tail = liveOutput(emr, appId, jobRunId, line -> {
            if (JobSummary.isSummaryLine(line)) {
                summaryPrinted.add(line);
            }
            log.accept(line);
        });
        WatchResult r = watcher()
                .afterEachPoll(run -> tail.polled(run.state(), run.attempt() == null ? 1 : run.attempt()))
                .watch(appId, jobRunId, emr.pollInterval(), timeout, cancelOnTimeout, emr.cancelGracePeriodSeconds());
        Optional<RunCost> cost = r.runEnded() ? reportCost(emr, appId, jobRunId, r, stateDir.resolve(LAST_RUN))
                : Optional.empty();
        if (r.succeeded() && cost.isPresent() && emr.recordCost()) {
            recordCost(emr, appId, jobRunId, r.lastSeen(), cost.get());
        }
        String head = "Job run " + jobRunId + " " + r.state() + " after " + format(r.elapsed());
        switch (r.outcome()) {
            case SUCCEEDED:
                return new Outcome(true, head + jobSummary(emr, appId, jobRunId, r.attempt(), summaryPrinted));
            case FAILED:
            case CANCELLED:
                return new Outcome(false, head + details(r) + driverLogs(emr, appId, jobRunId, r.attempt()));
            case TIMED_OUT_CANCELLED:
                return new Outcome(false, "Watch timeout reached: job run " + jobRunId + " was cancelled ("
                        + r.state() + ")" + details(r));
            case TIMED_OUT_CANCEL_REQUESTED:
                return new Outcome(false, "Watch timeout reached: cancellation of job run " + jobRunId
                        + " requested, it is " + r.state() + " still");
            case TIMED_OUT_LEFT_RUNNING:
                return new Outcome(false, "Watch timeout reached: job run " + jobRunId + " is still " + r.state()
                        + "; watch it with mvn trading:watch -Dtrading.watch.job-run-id=" + jobRunId);
            default:
                return new Outcome(false, "Watch of job run " + jobRunId + " interrupted while " + r.state());
        }
    }

    /**
     * Prints the run's billed resources, their cost by {@code emr.prices} and the resources it used,
     * or that EMR Serverless reported none; records them with the run.
     */
    private Optional<RunCost> reportCost(EmrSettings emr, String appId, String jobRunId, WatchResult r, Path lastRun) {
        Optional<RunCost> cost = r.billed().map(b -> RunCost.of(b, emr.prices().table(
                emr.prices().architecture().isPresent() ? Optional.empty() : applicationArchitecture(appId))));
        if (cost.isPresent()) {
            RunCost c = cost.get();
            log.accept("Cost of job run " + jobRunId + ": " + c.formattedDollars() + " for " + c.billed().describe()
                    + " billed (" + c.prices().basis() + ")");
        } else {
            log.accept("Cost of job run " + jobRunId + ": not reported (GetJobRun gives no billedResourceUtilization,"
                    + " as for a run cancelled before it started or one older than the field)");
        }
        r.total().ifPresent(t -> log.accept("Resources used by job run " + jobRunId + ": " + t.describe()
                + " (billing adds a one-minute minimum per worker and counts storage beyond 20 GB per worker only)"));
        try {
            new RunResult(jobRunId, r.state(), r.attempt(), r.billed(), r.total(), cost).recordIn(lastRun);
        } catch (IOException | RuntimeException e) {
            log.accept("[warning] Cannot record the cost of job run " + jobRunId + " in " + lastRun + ": " + e.getMessage());
        }
        return cost;
    }

    /**
     * Writes a succeeded strategy run's cost into gold.strategy_runs ({@link CostRecording}); what
     * goes wrong there is a warning, as the run itself succeeded.
     */
    private void recordCost(EmrSettings emr, String appId, String jobRunId, Optional<JobRun> seen, RunCost cost) {
        try {
            String said = new CostRecording(aws.emrServerless(), log, clock, sleeper)
                    .record(appId, jobRunId, seen, cost, emr.pollInterval(), emr.cancelGracePeriodSeconds()).message();
            if (!said.isEmpty()) {
                log.accept(said);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.accept("[warning] Interrupted while recording the cost of job run " + jobRunId + " in gold.strategy_runs");
        } catch (RuntimeException e) {
            log.accept("[warning] Cannot record the cost of job run " + jobRunId + " in gold.strategy_runs: "
                    + e.getMessage() + ". The run itself succeeded; try again with mvn trading:watch"
                    + " -Dtrading.watch.job-run-id=" + jobRunId);
        }
    }

    /** The application's architecture (ARM64, X86_64) for the list prices; empty when it cannot be read. */
    private Optional<String> applicationArchitecture(String appId) {
        try {
            return Optional.ofNullable(aws.emrServerless().getApplication(q -> q.applicationId(appId)).application()
                    .architectureAsString());
        } catch (SdkException e) {
            log.accept("[warning] Cannot read the architecture of application " + appId + " (" + e.getMessage()
                    + "); pricing the run at ARM64 list prices");
            return Optional.empty();
        }
    }

    /** The watcher, also for cancelling from a shutdown hook. */
    public JobRunWatcher watcher() {
        return new JobRunWatcher(aws.emrServerless(), log, clock, sleeper);
    }

    /**
     * The driver's output while the run runs: from CloudWatch Logs when the runs log there, else
     * from the S3 logs, else a line saying there is none.
     */
    private DriverLogTail liveOutput(EmrSettings emr, String appId, String jobRunId, Consumer<String> lines) {
        if (emr.cloudWatchLogGroup().isPresent()) {
            return DriverLogTail.cloudWatch(aws.cloudWatchLogs(), emr.cloudWatchLogGroup().get(), appId, jobRunId,
                    lines, log);
        }
        if (emr.logsUri().isPresent()) {
            return DriverLogTail.s3(aws.s3(), S3Location.parse(emr.logsUri().get()), appId, jobRunId, lines, log);
        }
        return DriverLogTail.none(log);
    }

    /**
     * The job's closing summary lines (counts, the report's location) from the driver's stdout,
     * when logs go to S3 and have arrived, less those the live output already printed; the build
     * log then shows what the run did, once.
     */
    private String jobSummary(EmrSettings emr, String appId, String jobRunId, int attempt, List<String> printed) {
        if (emr.logsUri().isEmpty()) {
            return "";
        }
        try {
            Optional<List<String>> tail = DriverLogs.tail(aws.s3(), S3Location.parse(emr.logsUri().get()), appId,
                    jobRunId, attempt, "stdout", SUMMARY_TAIL_LINES);
            List<String> printedLeft = new ArrayList<>(printed);
            List<String> summary = new ArrayList<>();
            for (String line : tail.orElse(List.of())) {
                if (JobSummary.isSummaryLine(line) && !printedLeft.remove(line)) {
                    summary.add(line);
                }
            }
            return summary.isEmpty() ? "" : "\n" + String.join("\n", summary);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String details(WatchResult r) {
        return r.stateDetails() == null || r.stateDetails().isBlank() ? "" : ": " + r.stateDetails();
    }

    private String driverLogs(EmrSettings emr, String appId, String jobRunId, int attempt) {
        if (emr.logsUri().isEmpty()) {
            return "\n(no emr.logs-uri configured: the driver's logs are in the EMR Studio console)";
        }
        S3Location root = S3Location.parse(emr.logsUri().get());
        StringBuilder sb = new StringBuilder();
        for (String stream : List.of("stdout", "stderr")) {
            try {
                Optional<List<String>> tail = DriverLogs.tail(aws.s3(), root, appId, jobRunId, attempt, stream,
                        LOG_TAIL_LINES);
                S3Location where = DriverLogs.location(root, appId, jobRunId, attempt, stream);
                if (tail.isPresent()) {
                    sb.append("\n--- driver ").append(stream).append(" (last ").append(tail.get().size())
                            .append(" lines of ").append(where).append(") ---\n")
                            .append(String.join("\n", tail.get()));
                } else {
                    sb.append("\n(no driver ").append(stream).append(" at ").append(where).append(" yet)");
                }
            } catch (RuntimeException e) {
                sb.append("\n(cannot read the driver ").append(stream).append(": ").append(e.getMessage()).append(')');
            }
        }
        return sb.toString();
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : (s / 60) + "m" + String.format("%02ds", s % 60);
    }
}
