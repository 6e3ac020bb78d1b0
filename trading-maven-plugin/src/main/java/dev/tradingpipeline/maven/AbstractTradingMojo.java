package dev.tradingpipeline.maven;

import dev.tradingpipeline.core.catalog.CatalogSettings;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.maven.config.ConfigOverrides;
import dev.tradingpipeline.maven.config.DeprecatedProperties;
import dev.tradingpipeline.maven.config.OverrideSource;
import dev.tradingpipeline.maven.config.ProjectConfig;
import dev.tradingpipeline.maven.artifacts.JobArtifacts;
import dev.tradingpipeline.maven.local.JobRuntime;
import dev.tradingpipeline.maven.local.ToolkitVersionCheck;
import dev.tradingpipeline.maven.stack.StackOutputs;
import dev.tradingpipeline.maven.stack.StackSettings;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.emr.EmrException;
import dev.tradingpipeline.maven.emr.EmrJobSubmitter;
import dev.tradingpipeline.maven.run.ImageDecision;
import java.time.Clock;
import software.amazon.awssdk.core.exception.SdkException;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.DependencyResolutionException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every trading goal shares: {@code trading.skip}, the configuration file and its overrides,
 * loaded and validated before any work starts.
 */
public abstract class AbstractTradingMojo extends AbstractMojo {

    /** Skips the goal. */
    @Parameter(property = "trading.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * The configuration file. When not set, {@code ${project.basedir}/config.yaml} is used if it
     * exists, else the defaults; a file that is set must exist.
     */
    @Parameter(property = "trading.config")
    protected File configFile;

    /**
     * Config keys to override for this execution, applied after {@code -Dtrading.<key>}
     * properties, e.g. {@code <overrides><sample.days>21</sample.days></overrides>}. (A map has
     * no command-line form: use {@code -Dtrading.<key>=<value>} there.)
     */
    @Parameter
    protected Map<String, String> overrides;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping trading:" + mojoExecution.getGoal() + " (trading.skip=true)");
            return;
        }
        DeprecatedProperties.warnings(project.getProperties(), session.getUserProperties(), parameterProperties())
                .forEach(getLog()::warn);
        checkParameters();
        checkToolkitVersions();
        ProjectConfig config;
        try {
            List<OverrideSource> sources = new ArrayList<>(
                    ConfigOverrides.sources(project.getProperties(), session.getUserProperties()));
            sources.addAll(goalOverrides());
            if (overrides != null) {
                sources.add(new OverrideSource(ProjectConfig.POM_OVERRIDE_LABEL, overrides));
            }
            config = ProjectConfig.load(project.getBasedir().toPath(),
                    configFile == null ? null : configFile.toPath(), sources);
            if (usesStackOutputs()) {
                Optional<OverrideSource> fromStack = stackOutputs(config);
                if (fromStack.isPresent()) {
                    // keys no source sets: adding them last overrides nothing the user wrote
                    config = config.with(fromStack.get());
                }
            }
        } catch (ConfigException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        getLog().info(config.describe());
        ProjectConfig loaded = config;
        // what the goal's work throws is reported in one place: Failures
        Failures.during("running trading:" + mojoExecution.getGoal(), () -> run(loaded));
    }

    /**
     * Refuses a project whose trading-jobs (or trading-core) is not of this plugin's version, before
     * any work. Goals that resolve no dependencies see none and run no job.
     */
    private void checkToolkitVersions() throws MojoFailureException {
        List<ToolkitVersionCheck.ProjectArtifact> artifacts = new ArrayList<>();
        for (Artifact a : project.getArtifacts()) {
            artifacts.add(new ToolkitVersionCheck.ProjectArtifact(a.getGroupId(), a.getArtifactId(),
                    a.getBaseVersion(), a.getDependencyTrail() == null ? List.of() : a.getDependencyTrail()));
        }
        Optional<String> mismatch = ToolkitVersionCheck.mismatch(JobRuntime.load().jobVersion(), artifacts);
        if (mismatch.isPresent()) {
            throw new MojoFailureException(mismatch.get());
        }
    }

    /** The properties of this goal's parameters, e.g. {@code trading.watch.job-run-id}. */
    private Set<String> parameterProperties() {
        List<org.apache.maven.plugin.descriptor.Parameter> parameters = mojoExecution.getMojoDescriptor().getParameters();
        Set<String> properties = new HashSet<>();
        if (parameters != null) {
            for (org.apache.maven.plugin.descriptor.Parameter p : parameters) {
                String expression = p.getExpression();
                if (expression != null && expression.startsWith("${") && expression.endsWith("}")) {
                    properties.add(expression.substring(2, expression.length() - 1));
                }
            }
        }
        return properties;
    }

    /**
     * Whether the goal takes the ids {@code trading:setup} recorded ({@link StackOutputs}) for the
     * keys the configuration leaves blank. Not for setup and teardown, which work on the stack
     * the configuration names.
     */
    protected boolean usesStackOutputs() {
        return true;
    }

    /**
     * The values of {@code target/trading/stack-outputs.json} for keys the configuration leaves
     * blank, when that record is of the configured stack (and region, when one is configured).
     */
    private Optional<OverrideSource> stackOutputs(ProjectConfig config) {
        String stackName = StackSettings.stackName(config.config(), project.getArtifactId());
        Path record = stateDir().resolve(StackOutputs.FILE);
        StackOutputs outputs;
        String from;
        if (Files.isRegularFile(record)) {
            try {
                outputs = StackOutputs.read(record);
            } catch (UncheckedIOException e) {
                getLog().warn(e.getMessage() + "; not used (run trading:setup again to write it)");
                return Optional.empty();
            }
            from = record.toString();
        } else {
            Optional<StackOutputs> live = describeStack(config, stackName);
            if (live.isEmpty()) {
                return Optional.empty();
            }
            outputs = live.get();
            from = "CloudFormation DescribeStacks";
        }
        Optional<String> mismatch = outputs.mismatch(stackName, config.config());
        if (mismatch.isPresent()) {
            getLog().warn(from + " not used: " + mismatch.get());
            return Optional.empty();
        }
        Map<String, String> values = outputs.configDefaults(config.config());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder taken = new StringBuilder();
        values.forEach((k, v) -> taken.append(taken.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        getLog().info("From stack " + stackName + " (" + from + "): " + taken);
        return Optional.of(new OverrideSource("stack outputs " + from + ": ", values));
    }

    /**
     * Without a record of {@code trading:setup} in this build (a fresh clone, a CI runner, after
     * {@code mvn clean}), a goal that works on AWS asks CloudFormation for the stack's outputs, when
     * the configuration leaves one of the keys they stand for blank. A missing stack, or no
     * credentials, leaves the configuration as it is: its own checks then name what is missing.
     */
    private Optional<StackOutputs> describeStack(ProjectConfig config, String stackName) {
        List<String> missing = stackKeysNeeded(config.config()).stream()
                .filter(k -> config.config().get(k) == null || config.config().get(k).isBlank()).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        try (AwsClients aws = new AwsClients(AwsSettings.from(config.config()))) {
            Optional<StackOutputs> live = StackOutputs.describe(aws.cloudFormation(), stackName);
            if (live.isEmpty()) {
                getLog().info("No stack " + stackName + " with outputs (mvn trading:setup creates it): "
                        + String.join(", ", missing) + " must come from the configuration");
            }
            return live;
        } catch (ConfigException | SdkException e) {
            getLog().warn("Cannot read the outputs of stack " + stackName + " (" + e.getMessage() + "): "
                    + String.join(", ", missing) + " must come from the configuration");
            return Optional.empty();
        }
    }

    /**
     * The keys this goal cannot do without that a stack's outputs can give: when one is blank and
     * {@code trading:setup} left no record in this build, the goal asks CloudFormation. On the
     * emr target: the application (unless found by name), the job role and the artifacts location.
     */
    protected List<String> stackKeysNeeded(TradingConfig config) {
        if (!"emr".equals(config.get(ConfigKeys.TARGET).trim())) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(List.of(ConfigKeys.EMR_EXECUTION_ROLE_ARN, ConfigKeys.EMR_ARTIFACTS_URI));
        if (config.get(ConfigKeys.EMR_APPLICATION_NAME).isBlank()) {
            keys.add(0, ConfigKeys.EMR_APPLICATION_ID);
        }
        return keys;
    }

    /** Where goals keep what they produced: {@code target/trading}. */
    protected Path stateDir() {
        return Path.of(project.getBuild().getDirectory(), "trading");
    }

    /**
     * The job jar, its libraries and, when the project builds a jar of its own (a strategy, say),
     * that jar: what a remote run ships.
     */
    protected JobArtifacts jobArtifacts(
            RepositorySystem repositorySystem) throws MojoExecutionException {
        Optional<Path> projectJar = Optional.ofNullable(project.getArtifact().getFile())
                .map(File::toPath)
                .filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p));
        try {
            return JobArtifacts.resolve(repositorySystem,
                    session.getRepositorySession(), project.getRemoteProjectRepositories(),
                    JobRuntime.load(), projectJar);
        } catch (DependencyResolutionException e) {
            throw new MojoExecutionException("Cannot resolve the trading job's artifacts: " + e.getMessage(), e);
        }
    }

    /**
     * What a run on the spark target ships: the job's artifacts, and what a plain Spark cluster
     * lacks: Iceberg's Spark runtime, and its AWS bundle when the catalog reaches S3 through S3FileIO.
     */
    protected JobArtifacts sparkArtifacts(RepositorySystem repositorySystem, TradingConfig config)
            throws MojoExecutionException {
        JobRuntime runtime = JobRuntime.load();
        List<String> coordinates = new ArrayList<>(List.of("org.apache.iceberg:iceberg-spark-runtime-3.5_"
                + runtime.scalaBinaryVersion() + ":" + runtime.icebergVersion()));
        if (CatalogSettings.catalogSettings(config).containsValue(CatalogSettings.S3_FILE_IO)) {
            coordinates.add("org.apache.iceberg:iceberg-aws-bundle:" + runtime.icebergVersion());
        }
        try {
            return jobArtifacts(repositorySystem).withClusterJars(JobArtifacts.resolveJars(repositorySystem,
                    session.getRepositorySession(), project.getRemoteProjectRepositories(), coordinates));
        } catch (ArtifactResolutionException e) {
            throw new MojoExecutionException("Cannot resolve " + String.join(", ", coordinates)
                    + " for the spark target: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a run on EMR Serverless counts on the application's image for the job's third-party
     * libraries ({@code emr.use-image}, and the record {@code build-image} left in
     * {@code target/trading}), printed in one line with what ships: {@code deploy} and
     * {@code submit} decide alike, before anything is uploaded, and ship the same set.
     *
     * @param all everything the run could ship
     */
    protected ImageDecision imageDecision(ProjectConfig config, JobArtifacts all)
            throws MojoFailureException {
        try {
            ImageDecision decision = ImageDecision.decide(config.config(), stateDir().resolve(BuildImageMojo.IMAGE_RECORD),
                    () -> applicationImage(config.config()));
            getLog().info(decision.describe(all));
            return decision;
        } catch (ConfigException | EmrException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (SdkException e) {
            throw new MojoFailureException("AWS request failed while asking for the application's image ("
                    + ConfigKeys.EMR_USE_IMAGE + "=true): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoFailureException("Interrupted while asking EMR Serverless for the application's image", e);
        }
    }

    /** The image the configured application runs, as EMR Serverless says. */
    private ImageDecision.ApplicationImage applicationImage(TradingConfig config) throws InterruptedException {
        Optional<String> id = Optional.of(config.get(ConfigKeys.EMR_APPLICATION_ID).trim()).filter(v -> !v.isEmpty());
        Optional<String> name = Optional.of(config.get(ConfigKeys.EMR_APPLICATION_NAME).trim()).filter(v -> !v.isEmpty());
        if (id.isEmpty() && name.isEmpty()) {
            throw new ConfigException(config.source() + ": " + ConfigKeys.EMR_USE_IMAGE + "=true without an image"
                    + " record asks EMR Serverless which image the application runs: " + ConfigKeys.EMR_APPLICATION_ID
                    + " or " + ConfigKeys.EMR_APPLICATION_NAME + " is required");
        }
        try (AwsClients aws = new AwsClients(AwsSettings.from(config))) {
            EmrJobSubmitter submitter = new EmrJobSubmitter(aws.emrServerless(), getLog()::info, Clock.systemUTC());
            String appId = submitter.resolveApplicationId(id, name);
            return new ImageDecision.ApplicationImage(appId, submitter.applicationImage(appId));
        }
    }

    /**
     * Whether {@link #imageDecision} will ask EMR Serverless for the application: with
     * {@code emr.use-image=true} and no image record.
     */
    protected boolean asksForApplicationImage(TradingConfig config) {
        return "true".equals(config.get(ConfigKeys.EMR_USE_IMAGE).trim())
                && !Files.isRegularFile(stateDir().resolve(BuildImageMojo.IMAGE_RECORD));
    }

    /**
     * Config overrides that the goal's own parameters stand for (e.g. {@code trading:maintain}'s
     * deprecated {@code <dryRun>}), applied after the {@code -Dtrading.<key>} properties.
     */
    protected List<OverrideSource> goalOverrides() {
        return List.of();
    }

    /** Checks the goal's own parameters; runs before the configuration is loaded. */
    protected void checkParameters() throws MojoFailureException {
    }

    /**
     * The goal's work, on a validated configuration. What it throws is reported by {@link Failures}:
     * a {@link ConfigException} as the user's problem, anything else as the failure it is.
     */
    protected abstract void run(ProjectConfig config) throws Exception;
}
