package dev.tradingpipeline.maven.run;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.artifacts.JobArtifacts;
import dev.tradingpipeline.maven.aws.S3Encryption;
import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.maven.deploy.ArtifactDeployer;
import dev.tradingpipeline.maven.deploy.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deploys what a remote run reads: the job jar, its libraries and the configuration file, to
 * {@code emr.artifacts-uri} (or the spark target's {@code spark.artifacts-uri}), encrypted as {@code aws.s3.kms-key-id} says (SSE-S3 by default), and
 * records it in {@code target/trading/deployment.json}. The encryption of each multipart upload is
 * recorded in {@code target/trading/uploads}, for the next deploy to resume only an upload started
 * with the encryption configured then.
 */
public final class JobDeployment {

    public static final String RECORD = "deployment.json";
    public static final String UPLOAD_RECORDS = "uploads";

    private JobDeployment() {
    }

    /** Where artifacts go: {@code emr.artifacts-uri}, which must be set. */
    public static S3Location artifactsLocation(TradingConfig config) {
        String uri = config.get(ConfigKeys.EMR_ARTIFACTS_URI);
        if (uri == null || uri.isBlank()) {
            throw new ConfigException(config.source() + ": key '" + ConfigKeys.EMR_ARTIFACTS_URI
                    + "' is required to deploy (an s3://bucket/prefix for the job jar and config)");
        }
        return S3Location.parse(uri.trim());
    }

    /**
     * Uploads what changed; unchanged artifacts stay where they are.
     *
     * @param configFile the project's config file, or null when it runs on defaults
     */
    public static Deployment deploy(S3Client s3, TradingConfig config, JobArtifacts artifacts, Path configFile,
            Path stateDir, Consumer<String> log) throws IOException {
        return deploy(s3, config, artifactsLocation(config), artifacts, configFile, stateDir, log);
    }

    /**
     * Uploads what changed to {@code where} (the spark target's {@code spark.artifacts-uri}, or
     * emr's); unchanged artifacts stay where they are.
     *
     * @param configFile the project's config file, or null when it runs on defaults
     */
    public static Deployment deploy(S3Client s3, TradingConfig config, S3Location where, JobArtifacts artifacts,
            Path configFile, Path stateDir, Consumer<String> log) throws IOException {
        byte[] configBytes = configBytes(configFile);
        String configName = configName(configFile);
        S3Encryption encryption = S3Encryption.from(config);
        log.accept("Uploads to " + where + " are encrypted with " + encryption);
        Deployment d = new ArtifactDeployer(s3, log).withEncryption(encryption)
                .withUploadRecords(stateDir.resolve(UPLOAD_RECORDS))
                .deploy(where, artifacts.jobJar(), artifacts.libraries(), configName, configBytes);
        Files.createDirectories(stateDir);
        d.write(stateDir.resolve(RECORD));
        log.accept(d.uploadedAnything()
                ? "Deployed to " + where + " (recorded in " + stateDir.resolve(RECORD) + ")"
                : "Deployment unchanged: nothing uploaded (recorded in " + stateDir.resolve(RECORD) + ")");
        return d;
    }

    /**
     * What {@link #deploy} would upload to {@code emr.artifacts-uri}, changing nothing: no upload,
     * no record.
     */
    public static Deployment plan(S3Client s3, TradingConfig config, JobArtifacts artifacts, Path configFile,
            Consumer<String> log) throws IOException {
        return plan(s3, config, artifactsLocation(config), artifacts, configFile, log);
    }

    /**
     * What {@link #deploy} would upload to {@code where}, changing nothing: each artifact unchanged
     * or to upload, with its size, then a total; in the deployment returned, {@code uploaded} means
     * "would be uploaded". Neither {@value #RECORD} nor the upload records are written.
     */
    public static Deployment plan(S3Client s3, TradingConfig config, S3Location where, JobArtifacts artifacts,
            Path configFile, Consumer<String> log) throws IOException {
        S3Encryption encryption = S3Encryption.from(config);
        log.accept("Dry run: what a deploy to " + where + " would upload (encrypted with " + encryption + ")");
        Deployment d = new ArtifactDeployer(s3, log).withEncryption(encryption)
                .plan(where, artifacts.jobJar(), artifacts.libraries(), configName(configFile), configBytes(configFile));
        List<Deployment.Artifact> upload = d.allArtifacts().stream().filter(Deployment.Artifact::uploaded).toList();
        long bytes = upload.stream().mapToLong(Deployment.Artifact::size).sum();
        int unchanged = d.allArtifacts().size() - upload.size();
        log.accept("Dry run: " + (upload.isEmpty() ? "nothing to upload"
                : upload.size() + " artifact" + (upload.size() == 1 ? "" : "s") + " to upload ("
                        + ArtifactDeployer.humanSize(bytes) + ")") + ", " + unchanged + " unchanged; nothing was uploaded"
                + " and " + RECORD + " was not written");
        return d;
    }

    private static byte[] configBytes(Path configFile) throws IOException {
        return configFile == null
                ? "# defaults: every key comes from --set overrides\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : Files.readAllBytes(configFile);
    }

    private static String configName(Path configFile) {
        return configFile == null ? "config.yaml" : configFile.getFileName().toString();
    }
}
