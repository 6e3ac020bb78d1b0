package dev.tradingpipeline.maven;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.artifacts.JobArtifacts;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.aws.S3Encryption;
import dev.tradingpipeline.maven.config.ProjectConfig;
import dev.tradingpipeline.maven.run.ImageDecision;
import dev.tradingpipeline.maven.run.JobDeployment;
import dev.tradingpipeline.maven.spark.SparkTarget;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;

/**
 * Uploads the job jar (our classes only), its libraries (unless the run counts on the
 * application's image for them: {@code emr.use-image}, printed) and config.yaml to
 * {@code emr.artifacts-uri} (on the spark target: to {@code spark.artifacts-uri}, with Iceberg's
 * runtime, which a plain Spark cluster lacks), under content-hashed keys: a new deploy never overwrites what a
 * running job reads, and an unchanged artifact is not uploaded again. Uploads ask for server-side
 * encryption: SSE-S3 (AES256), or SSE-KMS with the key of {@code aws.s3.kms-key-id}. Writes
 * {@code target/trading/deployment.json}. With {@code -Dtrading.dry-run=true}, only says which
 * artifacts would upload (with their sizes) and which are unchanged, and changes nothing.
 */
@Mojo(name = "deploy", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class DeployMojo extends AbstractTradingMojo {

    /**
     * Plan only: print which artifacts would upload (with their sizes) and which are unchanged in
     * S3; upload nothing, write no record.
     */
    @Parameter(property = "trading.dry-run", defaultValue = "false")
    private boolean planOnly;

    private final RepositorySystem repositorySystem;

    @Inject
    public DeployMojo(RepositorySystem repositorySystem) {
        this.repositorySystem = repositorySystem;
    }

    /** Where to upload; and the application, when deploy must ask it for its image (emr.use-image=true). */
    @Override
    protected List<String> stackKeysNeeded(TradingConfig config) {
        if (asksForApplicationImage(config) && config.get(ConfigKeys.EMR_APPLICATION_NAME).isBlank()) {
            return List.of(ConfigKeys.EMR_APPLICATION_ID, ConfigKeys.EMR_ARTIFACTS_URI);
        }
        return List.of(ConfigKeys.EMR_ARTIFACTS_URI);
    }

    @Override
    protected void run(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        if ("spark".equals(config.config().target().trim())) {
            deployForSpark(config);
            return;
        }
        Failures.during("checking where to deploy", () -> {
            // where and how to upload, checked before anything is resolved or sent
            JobDeployment.artifactsLocation(config.config());
            try {
                S3Encryption.from(config.config());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        });
        JobArtifacts all = jobArtifacts(repositorySystem);
        ImageDecision image = imageDecision(config, all);
        Failures.during(planOnly ? "planning a deploy to S3 (dry run)" : "deploying to S3", () -> {
            try (AwsClients aws = new AwsClients(AwsSettings.from(config.config()))) {
                if (planOnly) {
                    JobDeployment.plan(aws.s3(), config.config(), image.ship(all), config.file(), getLog()::info);
                } else {
                    JobDeployment.deploy(aws.s3(), config.config(), image.ship(all), config.file(), stateDir(),
                            getLog()::info);
                }
            }
        });
    }

    /** On the spark target: to {@code spark.artifacts-uri}, with the jars a plain cluster lacks. */
    private void deployForSpark(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        TradingConfig c = config.config();
        SparkTarget target = Failures.during("checking where to deploy", () -> {
            try {
                S3Encryption.from(c);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
            return SparkTarget.from(c, System.getenv());
        });
        JobArtifacts all = sparkArtifacts(repositorySystem, c);
        Failures.during(planOnly ? "planning a deploy to S3 (dry run)" : "deploying to S3", () -> {
            try (AwsClients aws = new AwsClients(AwsSettings.from(c))) {
                if (planOnly) {
                    JobDeployment.plan(aws.s3(), c, target.artifacts(), all, config.file(), getLog()::info);
                } else {
                    JobDeployment.deploy(aws.s3(), c, target.artifacts(), all, config.file(), stateDir(),
                            getLog()::info);
                }
            }
        });
    }
}
