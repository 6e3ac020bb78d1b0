package dev.tradingpipeline.maven;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.artifacts.JobArtifacts;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.aws.EcrAuth;
import dev.tradingpipeline.maven.config.ProjectConfig;
import dev.tradingpipeline.maven.emr.ApplicationImageUpdater;
import dev.tradingpipeline.maven.emr.EmrJobSubmitter;
import dev.tradingpipeline.maven.emr.EmrSettings;
import dev.tradingpipeline.maven.image.ImageBuilder;
import dev.tradingpipeline.maven.image.ImageResult;
import dev.tradingpipeline.maven.image.ImageSpec;
import dev.tradingpipeline.maven.image.RegistryCredential;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;

/**
 * Builds the EMR Serverless image with Jib (no Docker daemon): the configured base image, for
 * linux/arm64 only, with one layer holding the job's third-party libraries; pushes it, then
 * points the application at it by digest (stop, UpdateApplication, start). An unchanged library
 * layer means the image is up to date: nothing is pushed and the application is left alone.
 * Writes {@code target/trading/image.json}, which {@code deploy} and {@code submit} take the
 * image from ({@code emr.use-image}) and {@code setup} puts in the application's template.
 */
@Mojo(name = "build-image", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class BuildImageMojo extends AbstractTradingMojo {

    public static final String IMAGE_RECORD = "image.json";

    private final RepositorySystem repositorySystem;

    @Inject
    public BuildImageMojo(RepositorySystem repositorySystem) {
        this.repositorySystem = repositorySystem;
    }

    /** The repository to push to, and the application to point at the image. */
    @Override
    protected List<String> stackKeysNeeded(TradingConfig config) {
        List<String> keys = new ArrayList<>(List.of(ConfigKeys.IMAGE_REPOSITORY));
        if (config.getBoolean(ConfigKeys.IMAGE_UPDATE_APPLICATION) && config.get(ConfigKeys.EMR_APPLICATION_NAME).isBlank()) {
            keys.add(ConfigKeys.EMR_APPLICATION_ID);
        }
        return keys;
    }

    @Override
    protected void run(ProjectConfig projectConfig) throws MojoExecutionException, MojoFailureException {
        TradingConfig config = projectConfig.config();
        JobArtifacts artifacts = jobArtifacts(repositorySystem);
        Failures.during("building the image", () -> {
            try (AwsClients aws = new AwsClients(AwsSettings.from(config))) {
                String repository = config.get(ConfigKeys.IMAGE_REPOSITORY).trim();
                if (repository.isEmpty()) {
                    throw new ConfigException(config.source() + ": key '" + ConfigKeys.IMAGE_REPOSITORY
                            + "' is required by build-image (the ECR repository URI to push to)");
                }
                boolean updateApplication = config.getBoolean(ConfigKeys.IMAGE_UPDATE_APPLICATION);
                // Settings are checked before anything is built.
                Optional<EmrSettings> emr = updateApplication ? Optional.of(EmrSettings.from(config)) : Optional.empty();
                String base = config.get(ConfigKeys.IMAGE_BASE).trim();
                String configuredTag = config.get(ConfigKeys.IMAGE_TAG).trim();
                String tag = configuredTag.isEmpty()
                        ? project.getVersion() + "-" + ImageBuilder.librariesHash(artifacts.thirdParty()).substring(0, 12)
                        : configuredTag;
                ImageSpec spec = imageSpec(() -> new ImageSpec(base, config.get(ConfigKeys.IMAGE_PLATFORM), repository, tag,
                        artifacts.thirdParty(), config.get(ConfigKeys.IMAGE_LIBRARIES_DIR).trim(),
                        config.getBoolean(ConfigKeys.IMAGE_ALLOW_INSECURE), login(aws, base), login(aws, repository)));

                ImageResult image = new ImageBuilder(getLog()::info)
                        .withCacheDirectory(stateDir().resolve("jib-cache"))
                        .build(spec);
                Path record = stateDir().resolve(IMAGE_RECORD);
                image.write(record);
                getLog().info("Image " + image.referenceByDigest() + " recorded in " + record);
                if (!image.pushed()) {
                    getLog().info("Application left as it is: the image did not change");
                } else if (emr.isEmpty()) {
                    getLog().info("Application not updated (image.update-application=false); deploy and submit"
                            + " take the image recorded in " + record + " unless " + ConfigKeys.EMR_USE_IMAGE + "=false");
                } else {
                    updateApplication(aws, emr.get(), image, config);
                }
            }
        });
    }

    /** The image's settings, checked as it is made: what it refuses is the user's to fix. */
    private static ImageSpec imageSpec(java.util.function.Supplier<ImageSpec> spec) {
        try {
            return spec.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** ECR repositories get a token from the AWS SDK; other registries go through Jib's usual ways. */
    private Optional<RegistryCredential> login(AwsClients aws, String imageReference) {
        if (!EcrAuth.isEcr(imageReference)) {
            return Optional.empty();
        }
        EcrAuth.checkRepositoryExists(aws.ecr(), imageReference);
        EcrAuth.RegistryLogin login = EcrAuth.login(aws.ecr(), imageReference);
        return Optional.of(new RegistryCredential(login.username(), login.password()));
    }

    private void updateApplication(AwsClients aws, EmrSettings emr, ImageResult image, TradingConfig config)
            throws InterruptedException {
        String appId = new EmrJobSubmitter(aws.emrServerless(), getLog()::info, Clock.systemUTC())
                .resolveApplicationId(emr);
        ApplicationImageUpdater.StopPolicy policy = ApplicationImageUpdater.StopPolicy.valueOf(
                config.get(ConfigKeys.IMAGE_STOP_POLICY).trim().toUpperCase(Locale.ROOT));
        // the updater reports each step, and the state it left the application in
        new ApplicationImageUpdater(aws.emrServerless(), getLog()::info, Clock.systemUTC())
                .update(appId, image.referenceByDigest(), policy, Duration.ofMinutes(30));
    }
}
