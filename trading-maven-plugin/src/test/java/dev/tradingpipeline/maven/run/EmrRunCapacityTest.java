package dev.tradingpipeline.maven.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.artifacts.JobArtifacts;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.maven.emr.EmrSettings;
import dev.tradingpipeline.maven.emr.SubmittedRun;
import dev.tradingpipeline.maven.testing.S3ProxyServer;
import dev.tradingpipeline.maven.testing.TestAws;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The capacity check of submit against S3Proxy (S3) and WireMock (EMR Serverless and STS), with the
 * real SDK clients: GetApplication gives the application's maximum capacity (or none), a sizing
 * beyond it or beyond {@code emr.max-vcpu} fails before anything uploads and before StartJobRun,
 * and {@code emr.allow-oversized=true} submits it with a warning.
 */
class EmrRunCapacityTest {

    static final Instant NOW = Instant.parse("2024-01-05T09:30:00Z");
    static final String JOB_RUNS = "/applications/00app/jobruns";

    private static S3ProxyServer s3;
    private static S3Location bucket;

    private final WireMockServer emr = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final List<String> log = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
        bucket = s3.createBucket("capacity-bucket");
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @BeforeEach
    void startEmr() {
        emr.start();
        TestAws.stubCallerIdentity(emr, "capacity");
        emr.stubFor(post(urlPathEqualTo(JOB_RUNS)).willReturn(json("{\"applicationId\":\"00app\","
                + "\"jobRunId\":\"00run\",\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app"
                + "/jobruns/00run\"}")));
    }

    @AfterEach
    void stopEmr() {
        emr.stop();
    }

    /** A STARTED application, with {@code "maximumCapacity":{...}} when given. */
    private void application(String maximumCapacity) {
        emr.stubFor(get(urlPathEqualTo("/applications/00app")).willReturn(json("{\"application\":{"
                + "\"applicationId\":\"00app\",\"name\":\"trading-capacity\","
                + "\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app\","
                + "\"releaseLabel\":\"emr-7.11.0\",\"type\":\"SPARK\",\"state\":\"STARTED\",\"architecture\":\"ARM64\","
                + "\"createdAt\":1764115200,\"updatedAt\":1764115200"
                + (maximumCapacity == null ? "" : ",\"maximumCapacity\":" + maximumCapacity) + "}}")));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private TradingConfig config(String prefix, String extra, Map<String, String> overrides) {
        String yaml = String.join("\n",
                "target: emr",
                "paths:",
                "  landing: s3://capacity-bucket/landing",
                "  warehouse: s3://capacity-bucket/warehouse",
                "emr:",
                "  application-id: 00app",
                "  execution-role-arn: arn:aws:iam::123456789012:role/trading-job",
                "  artifacts-uri: s3://capacity-bucket/" + prefix,
                "") + extra;
        return TradingConfig.parse(yaml, "config.yaml", "/srv/trading-project", overrides, "-Dtrading.");
    }

    private List<String> keys(String prefix) {
        return s3.client().listObjectsV2(r -> r.bucket(bucket.bucket()).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    private SubmittedRun submit(TradingConfig config, String mode) throws Exception {
        Path configFile = Files.writeString(dir.resolve("config.yaml"), "target: emr\n");
        Path jar = Files.writeString(dir.resolve("trading-jobs-0.1.0.jar"), "job classes");
        JobArtifacts artifacts = new JobArtifacts(jar, List.of(), List.of(), Optional.empty());
        ImageDecision noImage = new ImageDecision("false", Optional.empty(), "emr.use-image=false", "/usr/lib/trading");
        Submission submission = new Submission(mode, Optional.empty(), Optional.empty(), Map.of(), "options-lab", "1.0",
                Optional.empty());
        try (AwsClients aws = clients()) {
            return new EmrRun(aws, log::add, Clock.fixed(NOW, ZoneOffset.UTC)).submit(config, EmrSettings.from(config),
                    submission, artifacts, noImage, configFile, dir.resolve("state"));
        }
    }

    private void plan(TradingConfig config, String mode) throws Exception {
        Path configFile = Files.writeString(dir.resolve("config.yaml"), "target: emr\n");
        Path jar = Files.writeString(dir.resolve("trading-jobs-0.1.0.jar"), "job classes");
        JobArtifacts artifacts = new JobArtifacts(jar, List.of(), List.of(), Optional.empty());
        ImageDecision noImage = new ImageDecision("false", Optional.empty(), "emr.use-image=false", "/usr/lib/trading");
        Submission submission = new Submission(mode, Optional.empty(), Optional.empty(), Map.of(), "options-lab", "1.0",
                Optional.empty());
        try (AwsClients aws = clients()) {
            new EmrRun(aws, log::add, Clock.fixed(NOW, ZoneOffset.UTC)).plan(config, EmrSettings.from(config),
                    submission, artifacts, noImage, configFile);
        }
    }

    private AwsClients clients() {
        URI endpoint = URI.create(emr.baseUrl());
        return TestAws.clients(s3.settings().withEmrServerlessEndpoint(endpoint).withStsEndpoint(endpoint));
    }

    @Test
    void aSizingBeyondTheQuotaFailsBeforeAnyUploadAndBeforeStartJobRun() {
        // the application allows 32 vCPU, the account 16 (emr.max-vcpu by default); bootstrap with 4
        // executors: a 2 vCPU driver + 4 x 4 vCPU = 18 vCPU; (16 - 2) / 4 = 3 executors fit
        application("{\"cpu\":\"32 vCPU\",\"memory\":\"128 GB\"}");
        TradingConfig config = config("over-quota", "sizing:\n  bootstrap:\n    executor-instances: 4\n", Map.of());

        assertThatThrownBy(() -> submit(config, "bootstrap"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("The bootstrap run does not fit the EMR Serverless account or application;"
                        + " nothing was submitted (emr.allow-oversized=true submits anyway):")
                .hasMessageContaining("the bootstrap run asks for 18 vCPU (a 2 vCPU driver and 4 executors of 4 vCPU:"
                        + " sizing.bootstrap.driver-cores, sizing.bootstrap.executor-cores,"
                        + " sizing.bootstrap.executor-instances), more than emr.max-vcpu (16, the account's EMR"
                        + " Serverless quota): 3 executors of 4 vCPU and 9 GB fit beside a 2 vCPU, 7 GB driver"
                        + " (sizing.bootstrap.executor-instances: 3)")
                .hasMessageNotContaining("maximum capacity of application");
        assertThat(log).contains("  total      18 vCPU, 43 GB",
                "  limits     16 vCPU emr.max-vcpu (the account's quota); application 00app maximumCapacity 32 vCPU,"
                        + " 128 GB");
        emr.verify(0, postRequestedFor(urlPathMatching("/applications/.*")));
        assertThat(keys("over-quota/")).isEmpty();
        // what it asked EMR Serverless: the application only
        assertThat(emr.findAll(anyRequestedFor(urlPathMatching("/applications.*")))).extracting(LoggedRequest::getUrl)
                .containsExactly("/applications/00app");
    }

    @Test
    void theApplicationsCapacityIsALimitToo() {
        // the application allows 8 vCPU and 64 GB; strategy by default: 2 + 2 x 4 = 10 vCPU > 8, within the
        // quota of 16; 5 + 2 x 9 = 23 GB within 64. Fit: (8 - 2) / 4 = 1 executor, (64 - 5) / 9 = 6 by memory
        application("{\"cpu\":\"8 vCPU\",\"memory\":\"64 GB\",\"disk\":\"200 GB\"}");

        assertThatThrownBy(() -> submit(config("small-app", "", Map.of()), "strategy"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the strategy run asks for 10 vCPU (a 2 vCPU driver and 2 executors of 4 vCPU:"
                        + " sizing.strategy.driver-cores, sizing.strategy.executor-cores,"
                        + " sizing.strategy.executor-instances), more than the maximum capacity of application 00app"
                        + " (8 vCPU): 1 executor of 4 vCPU and 9 GB fits beside a 2 vCPU, 5 GB driver"
                        + " (sizing.strategy.executor-instances: 1)")
                .hasMessageNotContaining("emr.max-vcpu (16");
        emr.verify(0, postRequestedFor(urlPathMatching("/applications/.*")));
        assertThat(keys("small-app/")).isEmpty();
    }

    @Test
    void anApplicationWithoutMaximumCapacityIsCheckedAgainstTheQuotaAndSubmits() throws Exception {
        // no maximumCapacity: only emr.max-vcpu (16) limits; strategy by default is 10 vCPU, 23 GB
        application(null);

        SubmittedRun run = submit(config("fits", "", Map.of()), "strategy");

        assertThat(run.jobRunId()).isEqualTo("00run");
        assertThat(log).contains("  total      10 vCPU, 23 GB",
                "  limits     16 vCPU emr.max-vcpu (the account's quota); application 00app sets no maximum capacity");
        assertThat(log).noneMatch(l -> l.startsWith("[warning]"));
        emr.verify(1, postRequestedFor(urlPathEqualTo(JOB_RUNS)));
        assertThat(keys("fits/")).isNotEmpty();
    }

    @Test
    void aRaisedQuotaLetsTheSameSizingThrough() throws Exception {
        // 18 vCPU within emr.max-vcpu 24 and the application's 32
        application("{\"cpu\":\"32 vCPU\",\"memory\":\"128 GB\"}");

        submit(config("raised", "sizing:\n  bootstrap:\n    executor-instances: 4\n",
                Map.of("emr.max-vcpu", "24")), "bootstrap");

        assertThat(log).contains("  limits     24 vCPU emr.max-vcpu (the account's quota); application 00app"
                + " maximumCapacity 32 vCPU, 128 GB");
        emr.verify(1, postRequestedFor(urlPathEqualTo(JOB_RUNS)));
    }

    @Test
    void allowOversizedSubmitsWithAWarning() throws Exception {
        application("{\"cpu\":\"32 vCPU\",\"memory\":\"128 GB\"}");

        SubmittedRun run = submit(config("oversized", "sizing:\n  bootstrap:\n    executor-instances: 4\n",
                Map.of("emr.allow-oversized", "true")), "bootstrap");

        assertThat(run.jobRunId()).isEqualTo("00run");
        assertThat(log).anyMatch(l -> l.startsWith("[warning] config.yaml: the bootstrap run asks for 18 vCPU")
                && l.contains("more than emr.max-vcpu (16, the account's EMR Serverless quota)"));
        assertThat(log).contains("[warning] Submitting anyway (emr.allow-oversized=true): the workers beyond the limit"
                + " will not start, or the run will wait for them");
        // the warning comes before the run is started
        assertThat(log.indexOf("[warning] Submitting anyway (emr.allow-oversized=true): the workers beyond the limit"
                + " will not start, or the run will wait for them"))
                .isLessThan(log.indexOf("Started job run 00run (options-lab-bootstrap-20240105-093000) on application 00app"));
        emr.verify(1, postRequestedFor(urlPathEqualTo(JOB_RUNS)));
    }

    @Test
    void aDryRunShowsTheFiguresAndFailsWhereSubmitWould() {
        application("{\"cpu\":\"32 vCPU\",\"memory\":\"128 GB\"}");

        assertThatThrownBy(() -> plan(config("plan", "sizing:\n  bootstrap:\n    executor-instances: 4\n", Map.of()),
                "bootstrap"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("The bootstrap run does not fit the EMR Serverless account or application;"
                        + " submit would fail before StartJobRun (emr.allow-oversized=true submits anyway):")
                .hasMessageContaining("3 executors of 4 vCPU and 9 GB fit beside a 2 vCPU, 7 GB driver");
        // the figures, and the request submit would have sent, are shown first
        assertThat(log).contains(
                "Capacity check of the bootstrap run (EMR Serverless workers: memory plus Spark's overhead, rounded up"
                        + " to a worker size):",
                "  driver     1 x 2 vCPU, 7 GB  (sizing.bootstrap.driver-cores 2, sizing.bootstrap.driver-memory 6g"
                        + " + 614 MiB overhead)",
                "  total      18 vCPU, 43 GB",
                "StartJobRun that submit would send (dry run: not sent):");
        emr.verify(0, postRequestedFor(urlPathMatching("/applications/.*")));
        assertThat(keys("plan/")).isEmpty();
    }

    @Test
    void aDryRunOfAFittingRunShowsTheFigures() throws Exception {
        application("{\"cpu\":\"16 vCPU\",\"memory\":\"64 GB\"}");

        plan(config("plan-fits", "", Map.of()), "bootstrap");

        // the default bootstrap: 2 + 3 x 4 = 14 vCPU, 7 + 3 x 9 = 34 GB
        assertThat(log).contains("  total      14 vCPU, 34 GB",
                "  limits     16 vCPU emr.max-vcpu (the account's quota); application 00app maximumCapacity 16 vCPU,"
                        + " 64 GB");
        assertThat(log.get(log.size() - 1)).startsWith("Dry run: nothing uploaded");
    }
}
