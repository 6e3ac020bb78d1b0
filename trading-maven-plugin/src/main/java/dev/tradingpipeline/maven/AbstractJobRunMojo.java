package dev.tradingpipeline.maven;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.artifacts.JobArtifacts;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.emr.EmrSettings;
import dev.tradingpipeline.maven.emr.SubmittedRun;
import dev.tradingpipeline.maven.run.EmrRun;
import dev.tradingpipeline.maven.run.GitCommit;
import dev.tradingpipeline.maven.run.ImageDecision;
import dev.tradingpipeline.maven.run.Submission;
import dev.tradingpipeline.maven.config.ProjectConfig;
import dev.tradingpipeline.maven.local.JobRuntime;
import dev.tradingpipeline.maven.local.JobSummary;
import dev.tradingpipeline.maven.local.JobProcess;
import dev.tradingpipeline.maven.local.LocalJobLauncher;
import dev.tradingpipeline.maven.local.LocalJobSpec;
import dev.tradingpipeline.maven.local.LocalRuntimeClasspath;
import dev.tradingpipeline.maven.spark.SparkRun;
import dev.tradingpipeline.maven.spark.SparkSubmitCommand;
import dev.tradingpipeline.maven.spark.SparkTarget;
import dev.tradingpipeline.maven.spark.StandaloneCapacity;
import dev.tradingpipeline.core.config.ConfigKeys;
import java.net.URI;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * What the goals that run the trading job share: the local fork, the EMR Serverless run with its
 * watch, and the spark target's spark-submit. Subclasses say which mode runs, with which business date and overrides.
 */
public abstract class AbstractJobRunMojo extends AbstractTradingMojo {

    /** Watch the run until it ends (emr); with false, print the run id and how to watch it. */
    @Parameter(property = "trading.wait", defaultValue = "true")
    private boolean waitForRun;

    /** Stop watching after this long (e.g. 30m, 2h); empty: until the run ends. */
    @Parameter(property = "trading.watch.timeout")
    private String watchTimeout;

    /**
     * Cancel the run when the watch is interrupted (Ctrl-C) or times out. Default: true. (Old name,
     * deprecated: {@code trading.cancelOnInterrupt}.)
     */
    @Parameter(property = "trading.watch.cancel-on-interrupt", defaultValue = "${trading.cancelOnInterrupt}")
    private boolean cancelOnInterrupt = true;

    /**
     * Plan only (target emr): print which artifacts would upload and which are unchanged, and the
     * StartJobRun request that would be sent; upload nothing, start nothing, write no record. (Not
     * named dryRun: trading:maintain's deprecated {@code <dryRun>} is maintenance's own dry run.)
     */
    @Parameter(property = "trading.dry-run", defaultValue = "false")
    private boolean planOnly;

    private final RepositorySystem repositorySystem;

    protected AbstractJobRunMojo(RepositorySystem repositorySystem) {
        this.repositorySystem = repositorySystem;
    }

    /** The mode the job runs in. */
    protected abstract String jobMode();

    /** The business date of a daily run, or null for the job's default. */
    protected LocalDate businessDate() {
        return null;
    }

    /** The strategy run whose report the job writes again (mode report), or null. */
    protected String runId() {
        return null;
    }

    /** Whether the goal follows an EMR run to its end (trading.wait); a local run always ends first. */
    protected boolean waitsForRun() {
        return waitForRun;
    }

    @Override
    protected void run(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        String target = config.config().target();
        if (planOnly && !"emr".equals(target)) {
            throw new MojoFailureException("-Dtrading.dry-run=true plans a run on EMR Serverless (target emr); the"
                    + " target is " + target + ", where nothing is submitted to plan: nothing was run");
        }
        switch (target) {
            case "local":
                runLocal(config);
                break;
            case "emr":
                runOnEmr(config);
                break;
            case "spark":
                runOnSpark(config);
                break;
            default:
                throw new MojoFailureException("Unknown target '" + target + "'");
        }
    }

    private void runOnEmr(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        Optional<Duration> timeout = EmrWatching.timeout(watchTimeout);
        JobArtifacts all = jobArtifacts(repositorySystem);
        ImageDecision image = imageDecision(config, all);
        String mode = jobMode();
        LocalDate businessDate = businessDate();
        Submission submission = new Submission(mode, Optional.ofNullable(businessDate), Optional.ofNullable(runId()),
                config.overrides(), project.getArtifactId(), project.getVersion(),
                GitCommit.of(project.getBasedir().toPath()));
        if (planOnly) {
            Failures.during("planning the " + mode + " job run on EMR Serverless (dry run)", () -> {
                try (AwsClients aws = new AwsClients(AwsSettings.from(config.config()))) {
                    new EmrRun(aws, getLog()::info, Clock.systemUTC()).plan(config.config(),
                            EmrSettings.from(config.config()), submission, all, image, config.file());
                }
            });
            return;
        }
        Failures.during("submitting the " + mode + " job run to EMR Serverless", () -> {
            try (AwsClients aws = new AwsClients(AwsSettings.from(config.config()))) {
                EmrSettings emr = EmrSettings.from(config.config());
                EmrRun run = new EmrRun(aws, getLog()::info, Clock.systemUTC());
                SubmittedRun submitted = run.submit(config.config(), emr, submission, all, image, config.file(),
                        stateDir());
                if (!waitForRun) {
                    getLog().info("Not waiting (trading.wait=false). Watch it with: mvn trading:watch -Dtrading.watch.job-run-id="
                            + submitted.jobRunId());
                    return;
                }
                EmrWatching.follow(run, emr, submitted.applicationId(), submitted.jobRunId(), timeout, cancelOnInterrupt,
                        stateDir(), getLog());
            }
        });
    }

    private void runLocal(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        JobRuntime runtime = JobRuntime.load();
        List<Path> classpath = classpath(runtime);
        String mode = jobMode();
        LocalDate businessDate = businessDate();
        LocalJobSpec spec = LocalJobSpec.tradingJob(mode, config.config(), config.file(), config.overrides(),
                businessDate, runId(), classpath, runtime);
        Path stateDir = Path.of(project.getBuild().getDirectory(), "trading");
        LocalJobLauncher launcher = new LocalJobLauncher(LocalJobLauncher.currentJava(),
                project.getBasedir().toPath(), stateDir);
        getLog().info("Running trading job " + mode + " locally (Spark " + runtime.sparkVersion() + ", "
                + spec.sparkMaster() + ", heap " + spec.maxHeap() + ", " + classpath.size() + " class path entries)");
        JobProcess.Result result;
        try {
            result = launcher.run(spec, this::jobOutput);
        } catch (InterruptedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot run the trading job " + mode + ": " + e.getMessage(), e);
        }
        finish(mode, result);
    }

    /** Fails the build with the job's summary (or its last lines), or logs the summary. */
    private void finish(String mode, JobProcess.Result result) throws MojoFailureException {
        if (!result.succeeded()) {
            List<String> details = result.summaryLines().isEmpty() ? result.lastLines() : result.summaryLines();
            throw new MojoFailureException("trading job " + mode + " failed (exit " + result.exitCode() + "):\n"
                    + String.join("\n", details));
        }
        getLog().info("trading job " + mode + " succeeded:");
        result.summaryLines().forEach(getLog()::info);
    }

    /** Output of the job's process: summary lines are held back and logged once, at the end. */
    private void jobOutput(String line) {
        if (!JobSummary.isSummaryLine(line)) {
            getLog().info(line);
        }
    }

    private void runOnSpark(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        String mode = jobMode();
        TradingConfig c = config.config();
        // every key checked before anything is resolved, deployed or started
        SparkTarget target = Failures.during("checking the spark target", () -> SparkTarget.from(c, System.getenv()));
        Map<String, String> settings = Failures.during("checking the spark target",
                () -> SparkSubmitCommand.settings(c, target, mode));
        if (target.manager() == SparkTarget.Manager.STANDALONE) {
            checkWorkers(c, target, mode, settings);
        }
        if (!waitForRun) {
            getLog().warn("trading.wait=false is ignored on target spark: the driver runs in spark-submit here"
                    + " (client mode), so the run lasts as long as the build");
        }
        JobArtifacts all = sparkArtifacts(repositorySystem, c);
        Submission submission = new Submission(mode, Optional.ofNullable(businessDate()), Optional.ofNullable(runId()),
                config.overrides(), project.getArtifactId(), project.getVersion(),
                GitCommit.of(project.getBasedir().toPath()));
        JobProcess.Result result = Failures.during("running the " + mode + " job on " + target.master(), () ->
                new SparkRun(c, target, getLog()::info, Clock.systemUTC()).run(submission, settings, all,
                        config.file(), stateDir(), project.getBasedir().toPath(), this::jobOutput));
        finish(mode, result);
    }

    /** A standalone master's workers must hold at least one of the run's executors. */
    private void checkWorkers(TradingConfig c, SparkTarget target, String mode, Map<String, String> settings)
            throws MojoExecutionException, MojoFailureException {
        URI webUi = StandaloneCapacity.webUi(c, target);
        Optional<List<StandaloneCapacity.Worker>> workers = StandaloneCapacity.workers(webUi);
        if (workers.isEmpty()) {
            getLog().info("Cannot read the master's workers at " + webUi + " (" + ConfigKeys.SPARK_MASTER_WEB_UI
                    + "): the sizing is not checked against them");
            return;
        }
        Failures.during("checking the sizing against the workers",
                () -> StandaloneCapacity.check(c, mode, settings, webUi, workers.get()));
        int asked = Integer.parseInt(settings.getOrDefault("spark.executor.instances",
                settings.getOrDefault("spark.dynamicAllocation.maxExecutors", "1")));
        int fit = StandaloneCapacity.executorsThatFit(settings, workers.get());
        if (fit < asked) {
            getLog().warn("The workers hold " + fit + " of the " + asked + " executors " + ConfigKeys.sizing(mode, "*")
                    + " asks for: the run gets " + fit + " (workers: " + workers.get() + ")");
        }
    }

    private List<Path> classpath(JobRuntime runtime) throws MojoExecutionException {
        List<Path> projectEntries = new ArrayList<>();
        Path classes = Path.of(project.getBuild().getOutputDirectory());
        if (Files.isDirectory(classes)) {
            projectEntries.add(classes);
        }
        Set<String> projectKeys = new HashSet<>();
        for (Artifact a : project.getArtifacts()) {
            if (a.getArtifactHandler().isAddedToClasspath() && a.getFile() != null
                    && (Artifact.SCOPE_COMPILE.equals(a.getScope()) || Artifact.SCOPE_RUNTIME.equals(a.getScope()))) {
                projectEntries.add(a.getFile().toPath());
                projectKeys.add(a.getGroupId() + ":" + a.getArtifactId());
            }
        }
        try {
            return new LocalRuntimeClasspath(repositorySystem, session.getRepositorySession(),
                    project.getRemoteProjectRepositories()).resolve(runtime, projectEntries, projectKeys);
        } catch (DependencyResolutionException e) {
            throw new MojoExecutionException("Cannot resolve Spark, Iceberg and trading-jobs " + runtime.jobVersion()
                    + " for the local run: " + e.getMessage(), e);
        }
    }
}
