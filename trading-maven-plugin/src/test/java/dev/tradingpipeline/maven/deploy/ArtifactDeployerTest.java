package dev.tradingpipeline.maven.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.maven.deploy.Deployment.Artifact;
import dev.tradingpipeline.maven.testing.S3ProxyServer;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
