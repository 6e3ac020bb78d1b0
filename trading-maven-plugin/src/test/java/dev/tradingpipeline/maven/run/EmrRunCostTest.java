package dev.tradingpipeline.maven.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.emr.EmrSettings;
import dev.tradingpipeline.maven.emr.FakeTime;
import dev.tradingpipeline.maven.emr.SubmittedRun;
import dev.tradingpipeline.maven.testing.TestAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run cost, as submit and watch print it once the run ends and keep it in
 * last-job-run.json: real SDK clients against WireMock standing in for EMR Serverless.
 */
class EmrRunCostTest {

    static final String RUN = "/applications/00app/jobruns/00run";
    static final String APP = "/applications/00app";
    static final Instant CREATED = Instant.parse("2024-03-05T14:30:00Z");
    /**
     * Billed: 3 workers of 4 vCPU, 16 GB and 100 GB disk for 5 minutes: 12 vCPU x 5/60 h = 1.0
     * vCPU-hour, 48 GB x 5/60 h = 4.0 GB-hours, 3 x (100 - 20 free) GB x 5/60 h = 20.0 storage
     * GB-hours. Used: a little less compute (no one-minute minimum), all the disk.
     */
    static final String BILLED = "{\"vCPUHour\":1.0,\"memoryGBHour\":4.0,\"storageGBHour\":20.0}";
    static final String TOTAL = "{\"vCPUHour\":0.933,\"memoryGBHour\":3.733,\"storageGBHour\":23.333}";
    static final String ARM_LINE = "Cost of job run 00run: $0.0628 for 1 vCPU-hours, 4 memory GB-hours, 20 storage"
            + " GB-hours billed (us-east-1 ARM64 list prices; set emr.prices.* for yours)";

    final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    final FakeTime time = new FakeTime(CREATED.plusSeconds(5));
    final List<String> log = new ArrayList<>();
    final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path stateDir;
    AwsClients aws;

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
        server.stop();
    }

    EmrSettings settings(Map<String, String> overrides) {
        String yaml = String.join("\n",
                "target: emr",
                "paths:",
                "  landing: s3://bucket/landing",
                "  warehouse: s3://bucket/warehouse",
                "aws:",
                "  endpoints:",
                "    emr-serverless: " + server.baseUrl(),
                "emr:",
                "  application-id: 00app",
                "  execution-role-arn: arn:aws:iam::123456789012:role/trading-job",
                "  artifacts-uri: s3://bucket/artifacts",
                "");
        TradingConfig config = TradingConfig.parse(yaml, "config.yaml", "/srv/trading-project", overrides, "-Dtrading.");
        aws = TestAws.clients(AwsSettings.from(config));
        return EmrSettings.from(config);
    }

    EmrRun.Outcome follow(EmrSettings emr, Optional<Duration> timeout) {
        return new EmrRun(aws, log::add, time, time).follow(emr, "00app", "00run", timeout, false, stateDir);
    }

    EmrRunCostTest() {
        server.start();
    }

    static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    static ResponseDefinitionBuilder jobRun(String state, String billed, String total) {
        return ok("{\"jobRun\":{\"applicationId\":\"00app\",\"jobRunId\":\"00run\",\"name\":\"options-lake-strategy\","
                + "\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app/jobruns/00run\","
                + "\"createdBy\":\"arn:aws:iam::123456789012:user/dev\",\"createdAt\":" + CREATED.getEpochSecond() + ","
                + "\"updatedAt\":" + CREATED.getEpochSecond() + ","
                + "\"executionRole\":\"arn:aws:iam::123456789012:role/trading-job\",\"state\":\"" + state + "\","
                + "\"stateDetails\":\"\",\"releaseLabel\":\"emr-7.11.0\","
                + "\"jobDriver\":{\"sparkSubmit\":{\"entryPoint\":\"s3://bucket/artifacts/trading-jobs.jar\"}},"
                + (billed == null ? "" : "\"billedResourceUtilization\":" + billed + ",")
                + (total == null ? "" : "\"totalResourceUtilization\":" + total + ",")
                + "\"attempt\":1}}");
    }

    static ResponseDefinitionBuilder application(String architecture) {
        return ok("{\"application\":{\"applicationId\":\"00app\",\"name\":\"trading\","
                + "\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app\","
                + "\"releaseLabel\":\"emr-7.11.0\",\"type\":\"Spark\",\"state\":\"STARTED\","
                + "\"createdAt\":1709640000,\"updatedAt\":1709640000,\"architecture\":\"" + architecture + "\"}}");
    }

    /** GetJobRun answers RUNNING, then the ended run for ever; the Spark UI link in between. */
    void stubRun(ResponseDefinitionBuilder ended) {
        server.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs(STARTED)
                .willReturn(jobRun("RUNNING", null, null)).willSetStateTo("ended"));
        server.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs("ended").willReturn(ended));
        server.stubFor(get(urlPathEqualTo(RUN + "/dashboard")).willReturn(ok("{\"url\":\"https://ui.example/00run\"}")));
    }

    SubmittedRun recordSubmitted(String jobRunId) throws Exception {
        SubmittedRun run = new SubmittedRun("00app", jobRunId, "arn:aws:emr-serverless:us-east-1:123456789012:"
                + "/applications/00app/jobruns/" + jobRunId, "options-lake-strategy", "token-1", CREATED);
        run.write(stateDir.resolve(EmrRun.LAST_RUN));
        return run;
    }

    @Test
    void aSucceededRunPrintsItsCostAtTheApplicationsListPricesAndKeepsItWithTheRun() throws Exception {
        EmrSettings emr = settings(Map.of());
        SubmittedRun submitted = recordSubmitted("00run");
        stubRun(jobRun("SUCCESS", BILLED, TOTAL));
        server.stubFor(get(urlPathEqualTo(APP)).willReturn(application("ARM64")));

        EmrRun.Outcome outcome = follow(emr, Optional.empty());

        assertThat(outcome.succeeded()).isTrue();
        // 1.0 x 0.042094 + 4.0 x 0.004628 + 20.0 x 0.000111 = 0.042094 + 0.018512 + 0.00222 = $0.062826
        assertThat(log).containsSubsequence("Job run 00run: SUCCESS after 15s", ARM_LINE,
                "Resources used by job run 00run: 0.933 vCPU-hours, 3.733 memory GB-hours, 23.333 storage GB-hours"
                        + " (billing adds a one-minute minimum per worker and counts storage beyond 20 GB per worker only)");
        server.verify(1, getRequestedFor(urlPathEqualTo(APP)));

        Path file = stateDir.resolve(EmrRun.LAST_RUN);
        assertThat(SubmittedRun.read(file)).isEqualTo(submitted);
        JsonNode result = json.readTree(file.toFile()).get("result");
        assertThat(result.get("state").asText()).isEqualTo("SUCCESS");
        assertThat(result.get("attempt").asInt()).isEqualTo(1);
        assertThat(result.at("/billedResourceUtilization/vCPUHour").asDouble()).isEqualTo(1.0);
        assertThat(result.at("/billedResourceUtilization/memoryGBHour").asDouble()).isEqualTo(4.0);
        assertThat(result.at("/billedResourceUtilization/storageGBHour").asDouble()).isEqualTo(20.0);
        assertThat(result.at("/totalResourceUtilization/vCPUHour").asDouble()).isEqualTo(0.933);
        assertThat(result.at("/cost/dollars").decimalValue()).isEqualByComparingTo("0.062826");
        assertThat(result.at("/cost/architecture").asText()).isEqualTo("ARM64");
        assertThat(result.at("/cost/basis").asText()).isEqualTo("us-east-1 ARM64 list prices; set emr.prices.* for yours");
        assertThat(result.at("/cost/pricesPerHour/vCPU").decimalValue()).isEqualByComparingTo("0.042094");
    }

    @Test
    void anX86ApplicationIsPricedAtTheX86ListPrices() throws Exception {
        EmrSettings emr = settings(Map.of());
        recordSubmitted("00run");
        stubRun(jobRun("SUCCESS", BILLED, TOTAL));
        server.stubFor(get(urlPathEqualTo(APP)).willReturn(application("X86_64")));

        follow(emr, Optional.empty());

        // 1.0 x 0.052624 + 4.0 x 0.0057785 + 20.0 x 0.000111 = 0.052624 + 0.023114 + 0.00222 = $0.077958
        assertThat(log).contains("Cost of job run 00run: $0.0780 for 1 vCPU-hours, 4 memory GB-hours, 20 storage"
                + " GB-hours billed (us-east-1 X86_64 list prices; set emr.prices.* for yours)");
        JsonNode cost = json.readTree(stateDir.resolve(EmrRun.LAST_RUN).toFile()).at("/result/cost");
        assertThat(cost.get("dollars").decimalValue()).isEqualByComparingTo("0.077958");
        assertThat(cost.get("architecture").asText()).isEqualTo("X86_64");
    }

    @Test
    void aFailedRunIsPricedTooAndConfiguredPricesNeedNoLookUp() throws Exception {
        EmrSettings emr = settings(Map.of("emr.prices.architecture", "X86_64", "emr.prices.vcpu-hour", "0.06",
                "emr.prices.memory-gb-hour", "0.007", "emr.prices.storage-gb-hour", "0.0002"));
        recordSubmitted("00run");
        stubRun(jobRun("FAILED", BILLED, null));

        EmrRun.Outcome outcome = follow(emr, Optional.empty());

        assertThat(outcome.succeeded()).isFalse();
        // 1.0 x 0.06 + 4.0 x 0.007 + 20.0 x 0.0002 = 0.06 + 0.028 + 0.004 = $0.092
        assertThat(log).contains("Cost of job run 00run: $0.0920 for 1 vCPU-hours, 4 memory GB-hours, 20 storage"
                + " GB-hours billed (prices from emr.prices.*)");
        assertThat(log).noneMatch(l -> l.startsWith("Resources used"));
        server.verify(0, getRequestedFor(urlPathEqualTo(APP)));
        JsonNode result = json.readTree(stateDir.resolve(EmrRun.LAST_RUN).toFile()).get("result");
        assertThat(result.get("state").asText()).isEqualTo("FAILED");
        assertThat(result.at("/cost/dollars").decimalValue()).isEqualByComparingTo("0.092");
        assertThat(result.get("totalResourceUtilization").isNull()).isTrue();
    }

    @Test
    void aRunWithoutUtilizationSaysItsCostIsNotReported() throws Exception {
        EmrSettings emr = settings(Map.of());
        recordSubmitted("00run");
        server.stubFor(get(urlPathEqualTo(RUN)).willReturn(jobRun("CANCELLED", null, null)));

        EmrRun.Outcome outcome = follow(emr, Optional.empty());

        assertThat(outcome.succeeded()).isFalse();
        assertThat(log).contains("Cost of job run 00run: not reported (GetJobRun gives no billedResourceUtilization,"
                + " as for a run cancelled before it started or one older than the field)");
        assertThat(log).noneMatch(l -> l.startsWith("Resources used"));
        server.verify(0, getRequestedFor(urlPathEqualTo(APP)));
        JsonNode result = json.readTree(stateDir.resolve(EmrRun.LAST_RUN).toFile()).get("result");
        assertThat(result.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(result.get("billedResourceUtilization").isNull()).isTrue();
        assertThat(result.get("cost").isNull()).isTrue();
    }

    @Test
    void anApplicationThatCannotBeReadIsPricedAsArm64AndSaysSo() throws Exception {
        EmrSettings emr = settings(Map.of());
        recordSubmitted("00run");
        stubRun(jobRun("SUCCESS", BILLED, TOTAL));
        server.stubFor(get(urlPathEqualTo(APP)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "AccessDeniedException")
                .withBody("{\"message\":\"not authorized to perform: emr-serverless:GetApplication\"}")));

        EmrRun.Outcome outcome = follow(emr, Optional.empty());

        assertThat(outcome.succeeded()).isTrue();
        assertThat(log).anySatisfy(l -> assertThat(l).startsWith("[warning] Cannot read the architecture of application 00app (")
                .contains("not authorized").endsWith("); pricing the run at ARM64 list prices"));
        assertThat(log).contains(ARM_LINE);
    }

    @Test
    void theRecordOfAnotherRunIsLeftAlone() throws Exception {
        EmrSettings emr = settings(Map.of());
        recordSubmitted("00later");
        Path file = stateDir.resolve(EmrRun.LAST_RUN);
        String before = Files.readString(file);
        stubRun(jobRun("SUCCESS", BILLED, TOTAL));
        server.stubFor(get(urlPathEqualTo(APP)).willReturn(application("ARM64")));

        follow(emr, Optional.empty());

        assertThat(log).contains(ARM_LINE);
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void aRunStillRunningWhenTheWatchStopsHasNoCostYet() throws Exception {
        EmrSettings emr = settings(Map.of());
        recordSubmitted("00run");
        String before = Files.readString(stateDir.resolve(EmrRun.LAST_RUN));
        server.stubFor(get(urlPathEqualTo(RUN)).willReturn(jobRun("RUNNING", null, null)));
        server.stubFor(get(urlPathEqualTo(RUN + "/dashboard")).willReturn(ok("{\"url\":\"https://ui.example/00run\"}")));

        EmrRun.Outcome outcome = follow(emr, Optional.of(Duration.ofSeconds(30)));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(log).noneMatch(l -> l.startsWith("Cost of job run"));
        assertThat(Files.readString(stateDir.resolve(EmrRun.LAST_RUN))).isEqualTo(before);
    }
}
