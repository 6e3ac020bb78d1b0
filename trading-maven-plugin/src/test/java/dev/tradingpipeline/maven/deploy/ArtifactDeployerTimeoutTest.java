package dev.tradingpipeline.maven.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.maven.testing.TestAws;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * A store that takes the upload and never answers (a WireMock stub with a fixed delay; S3Proxy
 * cannot stall): the deploy fails within {@code aws.call-timeout}, naming the artifact's bucket and
 * key, instead of waiting for the store.
 */
class ArtifactDeployerTimeoutTest {

    private static final Duration CALL_TIMEOUT = Duration.ofMillis(800);
    /** Longer than the bound, short enough that the server's stop does not wait long for the stalled reply. */
    private static final int STALL_MILLIS = 4_000;

    @TempDir
    Path dir;

    private WireMockServer s3;

    @BeforeEach
    void startStalledStore() {
        s3 = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        s3.start();
        // nothing deployed yet: HeadObject answers at once, PutObject never in time
        s3.stubFor(head(urlPathMatching("/artifacts/.*")).willReturn(aResponse().withStatus(404)));
        s3.stubFor(put(urlPathMatching("/artifacts/.*"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"0\"").withFixedDelay(STALL_MILLIS)));
        s3.stubFor(any(urlPathMatching("/.*")).atPriority(10).willReturn(aResponse().withStatus(500)));
    }

    @AfterEach
    void stop() {
        s3.stop();
    }

    @Test
    void anUploadTheStoreDoesNotAnswerFailsWithinTheCallTimeoutNamingTheObject() throws Exception {
        Path jar = Files.writeString(dir.resolve("trading-jobs-0.1.0.jar"), "job classes", StandardCharsets.UTF_8);
        S3Location prefix = S3Location.parse("s3://artifacts/dev");
        AwsSettings settings = AwsSettings.defaults().withS3Endpoint(URI.create(s3.baseUrl()))
                .withCallTimeout(CALL_TIMEOUT);
        List<String> log = new ArrayList<>();

        long start = System.nanoTime();
        ArtifactUploadException e;
        try (AwsClients aws = TestAws.clients(settings)) {
            ArtifactDeployer deployer = new ArtifactDeployer(aws.s3(), log::add);
            e = catchThrowableOfType(() -> deployer.deploy(prefix, jar, List.of(), "config.yaml",
                    "target: emr\n".getBytes(StandardCharsets.UTF_8)), ArtifactUploadException.class);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e).as("the deploy fails").isNotNull();
        assertThat(took).as("bounded by aws.call-timeout, not by the store").isLessThan(Duration.ofMillis(STALL_MILLIS));
        assertThat(e.uri()).matches("s3://artifacts/dev/jars/trading-jobs-0\\.1\\.0-[0-9a-f]{12}\\.jar");
        assertThat(e.artifact()).isEqualTo("trading-jobs-0.1.0.jar");
        assertThat(e).hasCauseInstanceOf(ApiCallTimeoutException.class)
                .hasMessageContaining("cannot upload it to " + e.uri())
                .hasMessageContaining("not done within aws.call-timeout, retries included")
                .hasMessageContaining("raise aws.call-timeout")
                .hasMessageContaining("Nothing of this deploy is in S3 yet");
        s3.verify(1, putRequestedFor(urlPathMatching("/artifacts/dev/jars/trading-jobs-0\\.1\\.0-[0-9a-f]{12}\\.jar")));
    }
}
