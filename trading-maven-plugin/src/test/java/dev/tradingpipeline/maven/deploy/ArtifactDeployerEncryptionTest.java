package dev.tradingpipeline.maven.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.S3Encryption;
import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.maven.deploy.Deployment.Artifact;
import dev.tradingpipeline.maven.testing.S3ProxyServer;
import dev.tradingpipeline.maven.testing.S3RequestRecorder;
import dev.tradingpipeline.maven.testing.S3RequestRecorder.Sent;
import dev.tradingpipeline.maven.testing.TestAws;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
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
    private static final String OTHER_KEY_ARN =
            "arn:aws:kms:us-east-1:123456789012:key/5678dcba-12ab-34cd-56ef-1234567890ab";
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

    @Test
    void anUnfinishedUploadStartedWithAnotherKmsKeyIsAbortedAndTheFileUploadedWithTheKeyOfNow() throws Exception {
        Path jar = bigFile("rekeyed-job.jar", 11 * 1024 * 1024);
        byte[] config = "aws: {s3: {kms-key-id: alias/new}}\n".getBytes(StandardCharsets.UTF_8);
        Path records = dir.resolve("uploads");
        try (S3ProxyServer outage = S3ProxyServer.start();
                AwsClients aws = TestAws.clients(outage.settings(), List.of(recorder))) {
            S3Location prefix = outage.createBucket("rekeyed").child("dev");
            // S3 goes away once the first part has landed: the upload, begun with KEY_ARN, stays unfinished
            ArtifactDeployer first = new ArtifactDeployer(aws.s3(), line -> {
                log.add(line);
                if (line.startsWith("uploading rekeyed-job.jar: 8.4 of")) {
                    outage.stop();
                }
            }).withMultipartThreshold(SMALL_PARTS).withEncryption(S3Encryption.kms(KEY_ARN)).withUploadRecords(records);
            assertThatThrownBy(() -> first.deploy(prefix, jar, List.of(), "config.yaml", config))
                    .isInstanceOf(ArtifactUploadException.class)
                    .hasMessageContaining("could not be aborted: the next deploy resumes it");
            outage.restart();
            assertThat(aws.s3().listMultipartUploads(r -> r.bucket("rekeyed")).uploads()).hasSize(1);

            // aws.s3.kms-key-id changed meanwhile
            recorder.clear();
            log.clear();
            Deployment d = new ArtifactDeployer(aws.s3(), log::add).withMultipartThreshold(SMALL_PARTS)
                    .withEncryption(S3Encryption.kms(OTHER_KEY_ARN)).withUploadRecords(records)
                    .deploy(prefix, jar, List.of(), "config.yaml", config);

            assertThat(recorder.sent("AbortMultipartUpload")).hasSize(1);
            assertThat(recorder.sent("ListParts")).as("not resumed").isEmpty();
            List<Sent> starts = recorder.sent("CreateMultipartUpload");
            assertThat(starts).hasSize(1);
            assertThat(starts.get(0).header(SSE)).contains("aws:kms");
            assertThat(starts.get(0).header(SSE_KMS_KEY)).contains(OTHER_KEY_ARN);
            assertThat(recorder.sent("UploadPart")).as("both parts, under the new upload").hasSize(2);
            assertThat(log).contains("the unfinished upload of rekeyed-job.jar to " + d.jobJar().uri()
                    + " was started with SSE-KMS (key " + KEY_ARN + "), and SSE-KMS (key " + OTHER_KEY_ARN
                    + ") is asked for now: aborted it, uploading rekeyed-job.jar afresh");
            S3Location at = d.jobJar().location();
            assertThat(aws.s3().getObjectAsBytes(r -> r.bucket(at.bucket()).key(at.key())).asByteArray())
                    .isEqualTo(Files.readAllBytes(jar));
            assertThat(aws.s3().listMultipartUploads(r -> r.bucket("rekeyed")).uploads()).isEmpty();
            try (var left = Files.list(records)) {
                assertThat(left).as("records of uploads that are gone").isEmpty();
            }
        }
    }

    @Test
    void anUnfinishedUploadWithNoRecordOfItsEncryptionIsNotResumed() throws Exception {
        Path jar = bigFile("unrecorded-job.jar", 11 * 1024 * 1024);
        S3Location prefix = bucket.child("unrecorded");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        S3Location target = prefix.child("jars", ArtifactDeployer.hashedName("unrecorded-job.jar", sha256));
        // left by a deploy from another checkout, or before mvn clean: begun with SSE-KMS, for all we know
        s3.createMultipartUpload(r -> r.bucket(target.bucket()).key(target.key())
                .serverSideEncryption("aws:kms").ssekmsKeyId(KEY_ARN));
        recorder.clear();

        Deployment d = new ArtifactDeployer(s3, log::add).withMultipartThreshold(SMALL_PARTS)
                .withUploadRecords(dir.resolve("uploads")).deploy(prefix, jar, List.of(), "config.yaml", new byte[0]);

        assertThat(d.jobJar().uri()).isEqualTo(target.toString());
        assertThat(log).contains("the unfinished upload of unrecorded-job.jar to " + target + " has no record of"
                + " the encryption it was started with (S3 does not say before it completes), and SSE-S3 (AES256)"
                + " is asked for now: aborted it, uploading unrecorded-job.jar afresh");
        assertThat(recorder.sent("AbortMultipartUpload")).hasSize(1);
        assertThat(recorder.sent("CreateMultipartUpload")).singleElement()
                .satisfies(s -> assertThat(s.header(SSE)).contains("AES256"));
        assertThat(object(d.jobJar())).isEqualTo(Files.readAllBytes(jar));
        assertThat(s3.listMultipartUploads(r -> r.bucket(bucket.bucket()).prefix("unrecorded/")).uploads()).isEmpty();
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
