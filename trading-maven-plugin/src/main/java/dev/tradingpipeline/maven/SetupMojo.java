package dev.tradingpipeline.maven;

import dev.tradingpipeline.core.config.ConfigKey;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.config.ProjectConfig;
import dev.tradingpipeline.maven.emr.Sleeper;
import dev.tradingpipeline.maven.image.ImageResult;
import dev.tradingpipeline.maven.stack.StackDeployer;
import dev.tradingpipeline.maven.stack.StackOutputs;
import dev.tradingpipeline.maven.stack.StackSettings;
import dev.tradingpipeline.maven.stack.StackTemplate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates or updates the pipeline's AWS resources as one CloudFormation stack: the S3 bucket
 * (versioned, encrypted, public access blocked, TLS only, run logs expiring), the ECR repository
 * (scan on push, pull for EMR Serverless), the job execution role with the job role policy of
 * {@code trading:iam-policy}, the Glue databases bronze, silver, ops and gold, and the EMR
 * Serverless application (emr-7.11.0, ARM64, the maximum capacity of {@code setup.max-vcpu} and
 * {@code setup.max-memory}, auto-start, auto-stop after {@code setup.idle-timeout}).
 *
 * <p>The template is written to {@code target/trading/stack.yaml}. A change set is made and its
 * changes printed, then executed, with one line per stack event until the stack settles; a
 * change set without changes is success. The stack's outputs (application id, role ARN, bucket,
 * repository) go to {@code target/trading/stack-outputs.json}, where {@code submit},
 * {@code deploy}, {@code build-image}, {@code watch} and {@code maintain} take them for the keys
 * the configuration leaves blank.
 */
@Mojo(name = "setup", threadSafe = true)
public class SetupMojo extends AbstractTradingMojo {

    public static final String TEMPLATE_FILE = "stack.yaml";

    /** Only write the template to {@code target/trading/stack.yaml} for review: no AWS call, no credentials needed. */
    @Parameter(property = "trading.setup.template-only", defaultValue = "false")
    private boolean templateOnly;

    /** Longest wait for the change set and the stack to settle, e.g. 30m or 2h. */
    @Parameter(property = "trading.stack.timeout", defaultValue = "1h")
    private String timeout;

    private Duration stackTimeout;

    @Override
    protected boolean usesStackOutputs() {
        return false;
    }

    @Override
    protected void checkParameters() throws MojoFailureException {
        stackTimeout = parseTimeout(timeout);
    }

    static Duration parseTimeout(String value) throws MojoFailureException {
        try {
            Duration d = ConfigKey.parseDuration(value);
            if (d.isZero()) {
                throw new IllegalArgumentException("zero");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("-Dtrading.stack.timeout / <timeout> must be a duration such as 30m or 2h,"
                    + " got '" + value + "'");
        }
    }

    @Override
    protected void run(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        StackSettings settings = StackSettings.from(config.config(), project.getArtifactId());
        StackTemplate template = StackTemplate.build(settings, config.config(), applicationImage());
        Path templateFile = stateDir().resolve(TEMPLATE_FILE);
        Failures.during("writing the template to " + templateFile, () -> {
                Files.createDirectories(stateDir());
                Files.writeString(templateFile, template.yaml(), StandardCharsets.UTF_8);
        });
        getLog().info("Template of stack " + settings.stackName() + " (" + template.resources().size()
                + " resources) written to " + templateFile);
        if (templateOnly) {
            getLog().info("Not applied (trading.setup.template-only=true). Review it, then run mvn trading:setup");
            return;
        }
        Failures.during("waiting for stack " + settings.stackName() + " (CloudFormation carries on)", () -> {
            try (AwsClients aws = new AwsClients(AwsSettings.from(config.config()))) {
                String region = aws.cloudFormation().serviceClientConfiguration().region().id();
                getLog().info("AWS " + aws.callerIdentity() + ", region " + region);
                StackDeployer.Result result = new StackDeployer(aws.cloudFormation(), getLog()::info, Clock.systemUTC(),
                        Sleeper.THREAD).deploy(settings.stackName(), template.yaml(), stackTimeout);
                StackOutputs outputs = new StackOutputs(settings.stackName(), result.stackId(), region, result.outputs());
                Path record = stateDir().resolve(StackOutputs.FILE);
                outputs.write(record);
                getLog().info("Outputs of stack " + settings.stackName() + ", written to " + record + ":");
                outputs.outputs().forEach((k, v) -> getLog().info("  " + k + " = " + v));
            }
        });
    }

    /**
     * The image build-image pointed the application at, so that an update of the stack keeps it.
     * Whether the template names one depends on the record in {@code target/trading}: said either way.
     */
    private Optional<String> applicationImage() {
        Path record = stateDir().resolve(BuildImageMojo.IMAGE_RECORD);
        if (!Files.isRegularFile(record)) {
            getLog().info("No image recorded (" + record + " is absent; trading:build-image writes it, mvn clean"
                    + " deletes it): the template names no image for the application, so applying it may put the"
                    + " application back on the release's own image");
            return Optional.empty();
        }
        String image = ImageResult.read(record).referenceByDigest();
        getLog().info("The template gives the application the image recorded in " + record + ": " + image);
        return Optional.of(image);
    }
}
