package dev.tradingpipeline.maven;

import dev.tradingpipeline.jobs.config.ConfigKeys;
import dev.tradingpipeline.maven.config.ProjectConfig;
import dev.tradingpipeline.maven.local.JobRuntime;
import dev.tradingpipeline.maven.local.JobSummary;
import dev.tradingpipeline.maven.local.LocalJobLauncher;
import dev.tradingpipeline.maven.local.LocalJobSpec;
import dev.tradingpipeline.maven.local.LocalRuntimeClasspath;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.inject.Inject;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.resolution.DependencyResolutionException;

/** Runs the trading job in one mode on the configured target. */
@Mojo(name = "submit", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class SubmitMojo extends AbstractTradingMojo {

    /** The job mode: bootstrap, daily, strategy or maintenance. */
    @Parameter(property = "mode", required = true)
    private String mode;

    /** The business date (yyyy-MM-dd); the job's default when not set. */
    @Parameter(property = "trading.date")
    private String date;

    private final RepositorySystem repositorySystem;

    @Inject
    public SubmitMojo(RepositorySystem repositorySystem) {
        this.repositorySystem = repositorySystem;
    }

    @Override
    protected void checkParameters() throws MojoFailureException {
        if (mode == null || !ConfigKeys.MODES.contains(mode.trim())) {
            throw new MojoFailureException("Unknown mode '" + mode + "' (-Dmode / <mode>): expected one of "
                    + String.join(", ", ConfigKeys.MODES));
        }
        mode = mode.trim();
        if (date != null && !date.isBlank()) {
            try {
                LocalDate.parse(date.trim());
            } catch (DateTimeParseException e) {
                throw new MojoFailureException("-Dtrading.date / <date> must be a date as yyyy-MM-dd, got '" + date + "'");
            }
        }
    }

    @Override
    protected void run(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        String target = config.config().target();
        switch (target) {
            case "local":
                runLocal(config);
                break;
            case "emr":
                throw new MojoFailureException("target emr is not available yet (see issue: The EMR Serverless loop)");
            default:
                throw new MojoFailureException("Unknown target '" + target + "'");
        }
    }

    private void runLocal(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        JobRuntime runtime = JobRuntime.load();
        List<Path> classpath = classpath(runtime);
        LocalDate businessDate = date == null || date.isBlank() ? null : LocalDate.parse(date.trim());
        LocalJobSpec spec = LocalJobSpec.tradingJob(mode, config.config(), config.file(), config.overrides(),
                businessDate, classpath, runtime);
        Path stateDir = Path.of(project.getBuild().getDirectory(), "trading");
        LocalJobLauncher launcher = new LocalJobLauncher(LocalJobLauncher.currentJava(),
                project.getBasedir().toPath(), stateDir);
        getLog().info("Running trading job " + mode + " locally (Spark " + runtime.sparkVersion() + ", "
                + spec.sparkMaster() + ", heap " + spec.maxHeap() + ", " + classpath.size() + " class path entries)");
        LocalJobLauncher.Result result;
        try {
            // Summary lines are held back and logged once, at the end or in the failure message.
            result = launcher.run(spec, line -> {
                if (!JobSummary.isSummaryLine(line)) {
                    getLog().info(line);
                }
            });
        } catch (InterruptedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot run the trading job " + mode + ": " + e.getMessage(), e);
        }
        if (!result.succeeded()) {
            List<String> details = result.summaryLines().isEmpty() ? result.lastLines() : result.summaryLines();
            throw new MojoFailureException("trading job " + mode + " failed (exit " + result.exitCode() + "):\n"
                    + String.join("\n", details));
        }
        getLog().info("trading job " + mode + " succeeded:");
        result.summaryLines().forEach(getLog()::info);
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
