package dev.tradingpipeline.maven.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.maven.aws.S3Encryption;
import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.maven.deploy.Deployment.Artifact;
import dev.tradingpipeline.maven.testing.S3ProxyServer;
import dev.tradingpipeline.maven.testing.S3RequestRecorder;
import dev.tradingpipeline.maven.testing.S3RequestRecorder.Sent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every upload of a deploy asks for server-side encryption. S3Proxy accepts the headers but does
 * not keep them, so the requests are checked as the SDK puts them on the wire, and the objects as
 * S3Proxy stored them.
 */
class ArtifactDeployerEncryptionTest {

    private static final String SSE = "x-amz-server-side-encryption";
    private static final String SSE_KMS_KEY = "x-amz-server-side-encryption-aws-kms-key-id";
    private static final String KEY_ARN =
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final long SMALL_PARTS = 5 * 1024 * 1024 + 1024;

    private static S3ProxyServer server;
    private static S3Location bucket;

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();
    private S3RequestRecorder recorder;
    private S3Client s3;

    @BeforeAll
    static void startS3() {
        server = S3ProxyServer.start();
        bucket = server.createBucket("encrypted");
    }

    @AfterAll
    static void stopS3() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void recordingClient() {
        recorder = new S3RequestRecorder();
        s3 = server.clientWith(recorder);
    }

    @AfterEach
    void closeClient() {
        s3.close();
    }

    @Test
    void byDefaultEveryUploadAsksForSseS3() throws Exception {
        Path jar = bigFile("big-job.jar", 11 * 1024 * 1024);
        Path lib = write("lib.jar", "library");
        byte[] config = "target: emr\n".getBytes(StandardCharsets.UTF_8);

        Deployment d = new ArtifactDeployer(s3, log::add).withMultipartThreshold(SMALL_PARTS)
                .deploy(bucket.child("default"), jar, List.of(lib), "config.yaml", config);

        List<Sent> puts = recorder.sent("PutObject");
        List<Sent> multipartStarts = recorder.sent("CreateMultipartUpload");
        assertThat(puts).hasSize(2);          // the library and the config
        assertThat(multipartStarts).hasSize(1); // the job jar, in parts
        assertThat(recorder.sent("UploadPart")).hasSize(2);
        for (Sent s : concat(puts, multipartStarts)) {
            assertThat(s.header(SSE)).as(s.operation() + " " + s.path()).contains("AES256");
            assertThat(s.header(SSE_KMS_KEY)).as(s.operation() + " " + s.path()).isEmpty();
        }
        // S3 takes the encryption of a multipart upload from its start only
        assertThat(recorder.sent("UploadPart")).allSatisfy(s -> assertThat(s.header(SSE)).isEmpty());
        assertThat(object(d.jobJar())).isEqualTo(Files.readAllBytes(jar));
        assertThat(object(d.config())).isEqualTo(config);
        assertThat(log).noneMatch(l -> l.contains("uploading it again"));
    }

    @Test
    void aKmsKeySwitchesEveryUploadToAwsKmsWithThatKey() throws Exception {
        Path jar = bigFile("kms-job.jar", 11 * 1024 * 1024);
        Path lib = write("lib.jar", "kms library");
        byte[] config = "aws: {s3: {kms-key-id: alias/trading}}\n".getBytes(StandardCharsets.UTF_8);

        Deployment d = new ArtifactDeployer(s3, log::add).withMultipartThreshold(SMALL_PARTS)
                .withEncryption(S3Encryption.kms(KEY_ARN))
                .deploy(bucket.child("kms"), jar, List.of(lib), "config.yaml", config);

        List<Sent> uploads = concat(recorder.sent("PutObject"), recorder.sent("CreateMultipartUpload"));
        assertThat(uploads).hasSize(3);
        for (Sent s : uploads) {
            assertThat(s.header(SSE)).as(s.operation() + " " + s.path()).contains("aws:kms");
            assertThat(s.header(SSE_KMS_KEY)).as(s.operation() + " " + s.path()).contains(KEY_ARN);
        }
        // and it went on the wire signed: S3 rejects an encryption header that is not
        assertThat(uploads).allSatisfy(s -> assertThat(s.header("authorization").orElseThrow())
                .contains(SSE_KMS_KEY));
        assertThat(object(d.jobJar())).isEqualTo(Files.readAllBytes(jar));
        assertThat(object(d.libraries().get(0))).isEqualTo(Files.readAllBytes(lib));
        assertThat(object(d.config())).isEqualTo(config);
    }

    @Test
    void anObjectStoredWithAnotherEncryptionIsUploadedAgainAsAsked() throws Exception {
        Path jar = write("job.jar", "job classes");
        byte[] config = "a: 1\n".getBytes(StandardCharsets.UTF_8);
        S3Location prefix = bucket.child("switch");
        new ArtifactDeployer(s3, log::add).deploy(prefix, jar, List.of(), "config.yaml", config);
        // S3 reports SSE-S3 for what that deploy put
        recorder.reportOnHead(SSE, "AES256");

        recorder.clear();
        log.clear();
        Deployment same = new ArtifactDeployer(s3, log::add).deploy(prefix, jar, List.of(), "config.yaml", config);
        assertThat(same.uploadedAnything()).isFalse();
        assertThat(recorder.sent("PutObject")).isEmpty();

        recorder.clear();
        log.clear();
        Deployment kms = new ArtifactDeployer(s3, log::add).withEncryption(S3Encryption.kms(KEY_ARN))
                .deploy(prefix, jar, List.of(), "config.yaml", config);
        assertThat(kms.jobJar().uploaded()).isTrue();
        assertThat(kms.config().uploaded()).isTrue();
        assertThat(kms.jobJar().uri()).isEqualTo(same.jobJar().uri());
        assertThat(recorder.sent("PutObject")).hasSize(2)
                .allSatisfy(s -> assertThat(s.header(SSE)).contains("aws:kms"));
        assertThat(log).contains(same.jobJar().uri() + " is stored with AES256, not SSE-KMS (key " + KEY_ARN
                + "): uploading it again");

        // once S3 reports that key, the next deploy finds everything in place
        recorder.reportOnHead(SSE, "aws:kms").reportOnHead(SSE_KMS_KEY, KEY_ARN);
        recorder.clear();
        Deployment again = new ArtifactDeployer(s3, log::add).withEncryption(S3Encryption.kms(KEY_ARN))
                .deploy(prefix, jar, List.of(), "config.yaml", config);
        assertThat(again.uploadedAnything()).isFalse();
        assertThat(recorder.sent("PutObject")).isEmpty();
    }

    @Test
    void aDeployerThatMayNotListTheKeysStillUploadsWhatIsMissingAndOnlyThat() throws Exception {
        // least privilege: S3 answers 403 for a key that does not exist yet
        recorder.denyHeadOfMissingKeys();
        Path jar = write("job.jar", "job classes for a narrow policy");
        byte[] config = "b: 2\n".getBytes(StandardCharsets.UTF_8);
        S3Location prefix = bucket.child("narrow");

        Deployment first = new ArtifactDeployer(s3, log::add).deploy(prefix, jar, List.of(), "config.yaml", config);

        assertThat(first.jobJar().uploaded()).isTrue();
        assertThat(first.config().uploaded()).isTrue();
        assertThat(object(first.jobJar())).isEqualTo(Files.readAllBytes(jar));
        assertThat(log).contains("cannot tell whether " + first.jobJar().uri() + " exists (HeadObject: 403 Forbidden,"
                + " as S3 answers for a missing key without s3:ListBucket on it): uploading it");

        // what is there answers 200 to a caller that may read it: nothing is sent again
        recorder.clear();
        Deployment second = new ArtifactDeployer(s3, log::add).deploy(prefix, jar, List.of(), "config.yaml", config);
        assertThat(second.uploadedAnything()).isFalse();
        assertThat(recorder.sent("PutObject")).isEmpty();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private Path bigFile(String name, int size) throws IOException {
        byte[] content = new byte[size];
        new Random(name.hashCode()).nextBytes(content);
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] object(Artifact a) {
        S3Location l = a.location();
        return server.client().getObjectAsBytes(r -> r.bucket(l.bucket()).key(l.key())).asByteArray();
    }

    private static List<Sent> concat(List<Sent> a, List<Sent> b) {
        List<Sent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
