package dev.tradingpipeline.maven.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.maven.aws.S3Encryption;
import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.maven.deploy.Deployment.Artifact;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.testing.RequestCounter;
import dev.tradingpipeline.maven.testing.S3ProxyServer;
import dev.tradingpipeline.maven.testing.TestAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class ArtifactDeployerTest {

    private static S3ProxyServer server;
    private static S3Location bucket;

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void startS3() {
        server = S3ProxyServer.start();
        bucket = server.createBucket("artifacts");
    }

    @AfterAll
    static void stopS3() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void firstDeployUploadsEverythingUnderHashedKeys() throws Exception {
        Path jar = write("trading-jobs-0.1.0.jar", "job classes");
        Path lib = write("commons-math3-3.6.1.jar", "library classes");
        byte[] config = "target: emr\n".getBytes(StandardCharsets.UTF_8);
        S3Location prefix = bucket.child("first", "dev");

        Deployment d = deployer().deploy(prefix, jar, List.of(lib), "config.yaml", config);

        assertThat(d.jobJar()).isEqualTo(new Artifact("trading-jobs-0.1.0.jar",
                "s3://artifacts/first/dev/jars/trading-jobs-0.1.0-" + sha256(jar).substring(0, 12) + ".jar",
                sha256(jar), Files.size(jar), true));
        assertThat(d.libraries()).extracting(Artifact::uri).containsExactly(
                "s3://artifacts/first/dev/jars/commons-math3-3.6.1-" + sha256(lib).substring(0, 12) + ".jar");
        assertThat(d.config().uri()).isEqualTo(
                "s3://artifacts/first/dev/config/config-" + sha256(config).substring(0, 12) + ".yaml");
        assertThat(d.uploadedAnything()).isTrue();
        assertThat(object(d.jobJar())).isEqualTo(Files.readAllBytes(jar));
        assertThat(object(d.libraries().get(0))).isEqualTo(Files.readAllBytes(lib));
        assertThat(object(d.config())).isEqualTo(config);
        assertThat(log).hasSize(3).allMatch(l -> l.startsWith("uploaded "))
                .anyMatch(l -> l.matches("uploaded trading-jobs-0\\.1\\.0\\.jar to s3://artifacts/first/dev/jars/"
                        + "trading-jobs-0\\.1\\.0-[0-9a-f]{12}\\.jar \\(11 B in \\d+\\.\\d s\\)"));

        Path json = dir.resolve("target/trading/deployment.json");
        d.write(json);
        assertThat(Files.readString(json)).contains("\"deployedAt\" : \"" + d.deployedAt() + "\"")
                .contains("\n  \"jobJar\" : {");
        assertThat(Deployment.read(json)).isEqualTo(d);
    }

    @Test
    void anUnchangedDeployUploadsNothing() throws Exception {
        Path jar = write("job.jar", "job classes v1");
        Path lib = write("lib.jar", "library");
        byte[] config = "a: 1\n".getBytes(StandardCharsets.UTF_8);
        S3Location prefix = bucket.child("unchanged");
        Deployment first = deployer().deploy(prefix, jar, List.of(lib), "config.yaml", config);
        log.clear();

        Deployment second = deployer().deploy(prefix, jar, List.of(lib), "config.yaml", config);

        assertThat(second.uploadedAnything()).isFalse();
        assertThat(second.allArtifacts()).extracting(Artifact::uri)
                .containsExactlyElementsOf(first.allArtifacts().stream().map(Artifact::uri).toList());
        assertThat(log).containsExactly(
                "job.jar unchanged (" + first.jobJar().uri() + "), not uploaded",
                "lib.jar unchanged (" + first.libraries().get(0).uri() + "), not uploaded",
                "config.yaml unchanged (" + first.config().uri() + "), not uploaded");
    }

    @Test
    void aChangedConfigGetsANewKeyAndTheOldOneStays() throws Exception {
        Path jar = write("job.jar", "job classes v2");
        S3Location prefix = bucket.child("changed");
        Deployment first = deployer().deploy(prefix, jar, List.of(), "config.yaml", "a: 1\n".getBytes());
        log.clear();

        Deployment second = deployer().deploy(prefix, jar, List.of(), "config.yaml", "a: 2\n".getBytes());

        assertThat(second.jobJar().uploaded()).isFalse();
        assertThat(second.config().uploaded()).isTrue();
        assertThat(second.config().uri()).isNotEqualTo(first.config().uri());
        assertThat(object(first.config())).isEqualTo("a: 1\n".getBytes());
        assertThat(object(second.config())).isEqualTo("a: 2\n".getBytes());
        assertThat(keys(prefix.child("config"))).hasSize(2);
        assertThat(log).hasSize(2);
        assertThat(log.get(1)).startsWith("uploaded config.yaml to " + second.config().uri());
    }

    @Test
    void aLargeFileGoesUpInPartsWithProgress() throws Exception {
        byte[] content = new byte[17 * 1024 * 1024 + 123];
        new Random(7).nextBytes(content);
        Path jar = dir.resolve("big-job.jar");
        Files.write(jar, content);
        S3Location prefix = bucket.child("multipart");

        Deployment d = deployer().withMultipartThreshold(5 * 1024 * 1024 + 1024)
                .deploy(prefix, jar, List.of(), "config.yaml", "a: 1\n".getBytes());

        assertThat(object(d.jobJar())).isEqualTo(content);
        assertThat(log.subList(0, 4)).containsExactly(
                "uploading big-job.jar: 8.4 of 17.8 MB (47%)",
                "uploading big-job.jar: 16.8 of 17.8 MB (94%)",
                "uploading big-job.jar: 17.8 of 17.8 MB (100%)",
                log.get(3));
        assertThat(log.get(3)).startsWith("uploaded big-job.jar to " + d.jobJar().uri() + " (17.8 MB in ");
        assertThat(keys(prefix.child("jars"))).containsExactly(d.jobJar().location().key());

        log.clear();
        Deployment again = deployer().withMultipartThreshold(5 * 1024 * 1024 + 1024)
                .deploy(prefix, jar, List.of(), "config.yaml", "a: 1\n".getBytes());
        assertThat(again.uploadedAnything()).isFalse();
    }

    @Test
    void theSameLibraryTwiceIsDeployedOnce() throws Exception {
        Path jar = write("job.jar", "job classes v3");
        Path lib = write("lib.jar", "the library");
        Deployment d = deployer().deploy(bucket.child("dupes"), jar, List.of(lib, lib), "config.yaml", new byte[0]);
        assertThat(d.libraries()).hasSize(1);
    }

    // --- failures: the endpoint going away mid-deploy, uploads left behind ------------------------

    private static final long SMALL_THRESHOLD = 5 * 1024 * 1024 + 1024;

    @Test
    void anS3OutageMidDeployStopsAfterBoundedTriesAndTheNextDeploySendsOnlyWhatIsMissing() throws Exception {
        Path jar = write("job.jar", "job classes, outage");
        byte[] libContent = randomBytes(17 * 1024 * 1024 + 123, 11); // 3 parts of 8 MiB, 8 MiB, 1 MiB
        Path lib = Files.write(dir.resolve("big-lib.jar"), libContent);
        byte[] config = "target: emr\n".getBytes(StandardCharsets.UTF_8);
        RequestCounter requests = new RequestCounter();
        try (S3ProxyServer outage = S3ProxyServer.start();
                AwsClients aws = TestAws.clients(outage.settings(), List.of(requests))) {
            S3Location prefix = outage.createBucket("outage").child("dev");
            requests.reset();
            // S3 goes away once the job jar and the first part of the library have landed
            ArtifactDeployer deployer = new ArtifactDeployer(aws.s3(), line -> {
                log.add(line);
                if (line.startsWith("uploading big-lib.jar: 8.4 of")) {
                    outage.stop();
                }
            }).withMultipartThreshold(SMALL_THRESHOLD).withUploadRecords(dir.resolve("uploads"));
            String libUri = prefix.child("jars", ArtifactDeployer.hashedName("big-lib.jar", sha256(libContent))).toString();

            assertThatThrownBy(() -> deployer.deploy(prefix, jar, List.of(lib), "config.yaml", config))
                    .isInstanceOf(ArtifactUploadException.class)
                    .hasMessageStartingWith("Deploy stopped at the library big-lib.jar: cannot upload it to " + libUri
                            + " (Unable to execute HTTP request: ")
                    .hasMessageContaining("Connection refused; gave up after " + AwsClients.S3_MAX_ATTEMPTS + " tries)")
                    .hasMessageContaining("(1 of 3 parts stored) could not be aborted: the next deploy resumes it")
                    .hasMessageContaining("Already in S3, and not sent again by the next deploy: job.jar.")
                    .hasMessageEndingWith("credentials may read and write s3://outage/dev, then deploy again"
                            + " (mvn trading:deploy, or the same trading:submit).")
                    .satisfies(e -> assertThat(((ArtifactUploadException) e).uri()).isEqualTo(libUri));
            // every request tried at most S3_MAX_ATTEMPTS times: the failed part, then the abort
            assertThat(requests.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "HeadObject", 2, "PutObject", 1, "ListMultipartUploads", 1, "CreateMultipartUpload", 1,
                    "UploadPart", 1 + AwsClients.S3_MAX_ATTEMPTS,
                    "AbortMultipartUpload", AwsClients.S3_MAX_ATTEMPTS));

            outage.restart();
            requests.reset();
            log.clear();
            Deployment d = new ArtifactDeployer(aws.s3(), log::add).withMultipartThreshold(SMALL_THRESHOLD)
                    .withUploadRecords(dir.resolve("uploads")).deploy(prefix, jar, List.of(lib), "config.yaml", config);

            // the job jar and the library's first part are not sent again; parts 2 and 3 and the config are
            assertThat(requests.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "HeadObject", 3, "ListMultipartUploads", 1, "ListParts", 1, "UploadPart", 2,
                    "CompleteMultipartUpload", 1, "PutObject", 1));
            assertThat(d.jobJar().uploaded()).isFalse();
            assertThat(d.libraries().get(0).uri()).isEqualTo(libUri);
            assertThat(log).contains("job.jar unchanged (" + d.jobJar().uri() + "), not uploaded",
                    "resuming the unfinished upload of big-lib.jar to " + libUri + " (1 part stored)",
                    "big-lib.jar: 1 of 3 parts (8.4 MB) were in S3 already, not sent again");
            S3Client s3 = aws.s3();
            S3Location libAt = d.libraries().get(0).location();
            assertThat(s3.getObjectAsBytes(r -> r.bucket(libAt.bucket()).key(libAt.key())).asByteArray())
                    .isEqualTo(libContent);
            assertThat(s3.listMultipartUploads(r -> r.bucket("outage")).uploads()).isEmpty();
        }
    }

    @Test
    void aFailedMultipartUploadIsAbortedWhenS3StillAnswers() throws Exception {
        Path jar = Files.write(dir.resolve("shrinking.jar"), randomBytes(17 * 1024 * 1024, 12));
        S3Location prefix = bucket.child("aborted");
        ArtifactDeployer deployer = new ArtifactDeployer(server.client(), line -> {
            log.add(line);
            if (line.startsWith("uploading shrinking.jar: 8.4 of")) {
                // the build rewrites the jar while it uploads: part 2 cannot be read
                try {
                    Files.write(jar, new byte[10]);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }).withMultipartThreshold(SMALL_THRESHOLD);

        assertThatThrownBy(() -> deployer.deploy(prefix, jar, List.of(), "config.yaml", new byte[0]))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("became shorter while it was uploaded");
        assertThat(server.client().listMultipartUploads(r -> r.bucket(bucket.bucket()).prefix("aborted/")).uploads())
                .isEmpty();
        assertThat(keys(prefix.child("jars"))).isEmpty();
    }

    @Test
    void anUnfinishedUploadIsResumedOnlyWithPartsOfTheSameContent() throws Exception {
        byte[] content = randomBytes(17 * 1024 * 1024 + 5, 13);
        Path jar = Files.write(dir.resolve("resumed.jar"), content);
        S3Location prefix = bucket.child("resumed");
        S3Location target = prefix.child("jars", ArtifactDeployer.hashedName("resumed.jar", sha256(content)));
        S3Client s3 = server.client();
        int partSize = (int) ArtifactDeployer.PART_SIZE;
        byte[] wrongPart2 = Arrays.copyOfRange(content, partSize, 2 * partSize);
        wrongPart2[0] ^= 1;
        // two deploys left uploads behind: part 1 as ours, part 2 of the same length but other bytes
        UploadRecords records = new UploadRecords(dir.resolve("uploads"));
        for (int i = 0; i < 2; i++) {
            String id = s3.createMultipartUpload(r -> r.bucket(target.bucket()).key(target.key())).uploadId();
            records.started(target, id, S3Encryption.sseS3());
            s3.uploadPart(r -> r.bucket(target.bucket()).key(target.key()).uploadId(id).partNumber(1),
                    RequestBody.fromBytes(Arrays.copyOfRange(content, 0, partSize)));
            s3.uploadPart(r -> r.bucket(target.bucket()).key(target.key()).uploadId(id).partNumber(2),
                    RequestBody.fromBytes(wrongPart2));
        }
        RequestCounter requests = new RequestCounter();
        try (AwsClients aws = TestAws.clients(server.settings(), List.of(requests))) {
            Deployment d = new ArtifactDeployer(aws.s3(), log::add).withMultipartThreshold(SMALL_THRESHOLD)
                    .withUploadRecords(dir.resolve("uploads"))
                    .deploy(prefix, jar, List.of(), "config.yaml", new byte[0]);

            assertThat(d.jobJar().uri()).isEqualTo(target.toString());
            assertThat(requests.count("CreateMultipartUpload")).isZero();
            assertThat(requests.count("UploadPart")).as("parts 2 and 3").isEqualTo(2);
            assertThat(requests.count("AbortMultipartUpload")).as("the other upload").isEqualTo(1);
        }
        assertThat(objectAt(target)).isEqualTo(content);
        assertThat(log).contains("resumed.jar: 1 of 3 parts (8.4 MB) were in S3 already, not sent again",
                "aborted an older unfinished upload of " + target);
        assertThat(s3.listMultipartUploads(r -> r.bucket(bucket.bucket()).prefix("resumed/")).uploads()).isEmpty();
    }

    @Test
    void aPlanSaysWhatWouldUploadWithSizesAndWhatIsUnchangedAndWritesNothing() throws Exception {
        Path jar = write("job.jar", "job classes v3");
        Path lib = write("lib.jar", "library v3");
        S3Location prefix = bucket.child("planned");
        Deployment first = deployer().deploy(prefix, jar, List.of(lib), "config.yaml", "a: 1\n".getBytes());
        List<String> before = keys(prefix);
        // the job jar changes (a new hash, so a new key), the library and the config do not
        Files.writeString(jar, "job classes v4, longer");
        log.clear();
        RequestCounter requests = new RequestCounter();

        Deployment plan = new ArtifactDeployer(server.clientWith(requests), log::add)
                .plan(prefix, jar, List.of(lib), "config.yaml", "a: 1\n".getBytes());

        String newJar = "s3://artifacts/planned/jars/job-" + sha256(jar).substring(0, 12) + ".jar";
        assertThat(log).containsExactly(
                "would upload job.jar (22 B) to " + newJar,
                "lib.jar unchanged (" + first.libraries().get(0).uri() + "), not uploaded",
                "config.yaml unchanged (" + first.config().uri() + "), not uploaded");
        assertThat(plan.jobJar()).isEqualTo(new Artifact("job.jar", newJar, sha256(jar), 22, true));
        assertThat(plan.libraries()).extracting(Artifact::uploaded).containsExactly(false);
        assertThat(plan.config().uploaded()).isFalse();
        // only looked: three HeadObjects, the bucket as it was
        assertThat(requests.counts()).isEqualTo(Map.of("HeadObject", 3));
        assertThat(keys(prefix)).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aPlanOfALargeFileStartsNoMultipartUpload() throws Exception {
        Path big = dir.resolve("big.jar");
        Files.write(big, randomBytes(64 * 1024, 7));
        S3Location prefix = bucket.child("planned-big");
        RequestCounter requests = new RequestCounter();

        Deployment plan = new ArtifactDeployer(server.clientWith(requests), log::add).withMultipartThreshold(1024)
                .plan(prefix, big, List.of(), "config.yaml", new byte[0]);

        assertThat(plan.jobJar().uploaded()).isTrue();
        assertThat(log.get(0)).isEqualTo("would upload big.jar (65.5 kB) to " + plan.jobJar().uri());
        assertThat(requests.counts()).isEqualTo(Map.of("HeadObject", 2));
        assertThat(keys(prefix)).isEmpty();
        assertThat(server.client().listMultipartUploads(r -> r.bucket(bucket.bucket()).prefix("planned-big/"))
                .uploads()).isEmpty();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] objectAt(S3Location at) {
        return server.client().getObjectAsBytes(r -> r.bucket(at.bucket()).key(at.key())).asByteArray();
    }

    private ArtifactDeployer deployer() {
        return new ArtifactDeployer(server.client(), log::add);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static byte[] object(Artifact a) {
        S3Location l = a.location();
        return server.client().getObjectAsBytes(r -> r.bucket(l.bucket()).key(l.key())).asByteArray();
    }

    private static List<String> keys(S3Location prefix) {
        S3Client s3 = server.client();
        return s3.listObjectsV2(r -> r.bucket(prefix.bucket()).prefix(prefix.key() + "/")).contents().stream()
                .map(S3Object::key).toList();
    }

    private static String sha256(Path file) throws Exception {
        return sha256(Files.readAllBytes(file));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
