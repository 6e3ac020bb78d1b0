package dev.tradingpipeline.maven.run;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.tradingpipeline.maven.emr.EmrSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * After a strategy run succeeds on EMR, its cost goes into gold.strategy_runs through a small
 * record-cost job run: the StartJobRun the real SDK client sends (WireMock standing in for EMR
 * Serverless) is the ended run's own, with the record-cost command line and the smallest sizing.
 */
class EmrRunRecordCostTest extends EmrRunCostTest {

    static final String JOBRUNS = "/applications/00app/jobruns";
    static final String FOLLOW_UP = JOBRUNS + "/00cost";
    static final String RUN_ID = "20240305T143000Z-1a2b3c4d";
    static final String PARAMETERS = "--class dev.tradingpipeline.jobs.TradingJob --jars /usr/share/aws/iceberg/lib/x.jar"
            + " --conf spark.sql.catalog.lake.type=glue --conf spark.driver.cores=2 --conf spark.driver.memory=8g"
            + " --conf spark.executor.cores=4 --conf spark.executor.memory=8g --conf spark.executor.instances=2"
            + " --conf spark.dynamicAllocation.enabled=true --conf spark.dynamicAllocation.maxExecutors=4"
            + " --conf spark.sql.shuffle.partitions=64";
    /** Billed for the follow-up: 2 workers of 1 vCPU and 3 GB for the one-minute minimum. */
    static final String FOLLOW_UP_BILLED = "{\"vCPUHour\":0.033333,\"memoryGBHour\":0.1,\"storageGBHour\":0.0}";

    final ObjectMapper mapper = new ObjectMapper();

    /** A run the plugin submitted: its tags, command line, Spark parameters and monitoring. */
    static ResponseDefinitionBuilder strategyRun(String state, String billed, String mode, String runIdTag) {
        return ok("{\"jobRun\":{\"applicationId\":\"00app\",\"jobRunId\":\"00run\",\"name\":\"options-lake-" + mode
                + "-20240305-143000\",\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app/jobruns/00run\","
                + "\"createdBy\":\"arn:aws:iam::123456789012:user/dev\",\"createdAt\":" + CREATED.getEpochSecond() + ","
                + "\"updatedAt\":" + CREATED.getEpochSecond() + ","
                + "\"executionRole\":\"arn:aws:iam::123456789012:role/trading-job\",\"state\":\"" + state + "\","
                + "\"stateDetails\":\"\",\"releaseLabel\":\"emr-7.11.0\","
                + "\"tags\":{\"mode\":\"" + mode + "\",\"project\":\"options-lake\"" + (runIdTag == null ? ""
                        : ",\"run-id\":\"" + runIdTag + "\"") + "},"
                + "\"jobDriver\":{\"sparkSubmit\":{\"entryPoint\":\"s3://bucket/artifacts/trading-jobs.jar\","
                + "\"entryPointArguments\":[\"--mode\",\"" + mode + "\",\"--config\",\"s3://bucket/artifacts/config.yaml\","
                + "\"--run-id\",\"" + RUN_ID + "\",\"--set\",\"strategies[0].capital=50000\"],"
                + "\"sparkSubmitParameters\":\"" + PARAMETERS + "\"}},"
                + "\"configurationOverrides\":{\"monitoringConfiguration\":{\"s3MonitoringConfiguration\":"
                + "{\"logUri\":\"s3://bucket/logs/\"}}},"
                + (billed == null ? "" : "\"billedResourceUtilization\":" + billed + ",")
                + "\"attempt\":1}}");
    }

    static ResponseDefinitionBuilder followUp(String state, String details) {
        return ok("{\"jobRun\":{\"applicationId\":\"00app\",\"jobRunId\":\"00cost\",\"name\":\"x\","
                + "\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app/jobruns/00cost\","
                + "\"createdBy\":\"arn:aws:iam::123456789012:user/dev\",\"createdAt\":" + CREATED.getEpochSecond() + ","
                + "\"updatedAt\":" + CREATED.getEpochSecond() + ",\"executionRole\":\"arn:aws:iam::123456789012:role/t\","
                + "\"state\":\"" + state + "\",\"stateDetails\":\"" + details + "\",\"releaseLabel\":\"emr-7.11.0\","
                + "\"jobDriver\":{\"sparkSubmit\":{\"entryPoint\":\"s3://bucket/artifacts/trading-jobs.jar\"}},"
                + "\"billedResourceUtilization\":" + FOLLOW_UP_BILLED + ",\"attempt\":1}}");
    }

    void stubStrategyRun(String mode, String runIdTag, String followUpState, String details) {
        server.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs(STARTED)
                .willReturn(strategyRun("RUNNING", null, mode, runIdTag)).willSetStateTo("ended"));
        server.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs("ended")
                .willReturn(strategyRun("SUCCESS", BILLED, mode, runIdTag)));
        server.stubFor(get(urlPathEqualTo(RUN + "/dashboard")).willReturn(ok("{\"url\":\"https://ui.example/00run\"}")));
        server.stubFor(get(urlPathEqualTo(APP)).willReturn(application("ARM64")));
        server.stubFor(post(urlPathEqualTo(JOBRUNS)).willReturn(ok("{\"applicationId\":\"00app\",\"jobRunId\":\"00cost\","
                + "\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app/jobruns/00cost\"}")));
        server.stubFor(get(urlPathEqualTo(FOLLOW_UP)).willReturn(followUp(followUpState, details)));
    }

    JsonNode startJobRunBody() throws Exception {
        var requests = server.findAll(postRequestedFor(urlPathEqualTo(JOBRUNS)));
        assertThat(requests).hasSize(1);
        return mapper.readTree(requests.get(0).getBodyAsString());
    }

    @Test
    void aSucceededStrategyRunsCostIsWrittenToGoldByARecordCostRunOfTheSameJarAndSettingsAtTheSmallestSizing()
            throws Exception {
        EmrSettings emr = settings(Map.of());
        recordSubmitted("00run");
        stubStrategyRun("strategy", RUN_ID, "SUCCESS", "");

        EmrRun.Outcome outcome = follow(emr, Optional.empty());

        assertThat(outcome.succeeded()).isTrue();
        JsonNode body = startJobRunBody();
        // one token per recording, kept across the retries of its StartJobRun
        assertThat(body.get("clientToken").asText()).matches("record-cost-00run-[0-9a-f]{8}");
        assertThat(body.get("executionRoleArn").asText()).isEqualTo("arn:aws:iam::123456789012:role/trading-job");
        assertThat(body.get("name").asText()).isEqualTo("options-lake-strategy-20240305-143000-record-cost");
        assertThat(body.at("/tags/mode").asText()).isEqualTo("record-cost");
        assertThat(body.at("/tags/run-id").asText()).isEqualTo(RUN_ID);
        assertThat(body.at("/jobDriver/sparkSubmit/entryPoint").asText()).isEqualTo("s3://bucket/artifacts/trading-jobs.jar");
        List<String> args = new ArrayList<>();
        body.at("/jobDriver/sparkSubmit/entryPointArguments").forEach(a -> args.add(a.asText()));
        // the ARM64 cost of the run: 1.0 x 0.042094 + 4.0 x 0.004628 + 20.0 x 0.000111 = $0.062826
        assertThat(args).containsExactly("--mode", "record-cost", "--run-id", RUN_ID,
                "--config", "s3://bucket/artifacts/config.yaml", "--set", "strategies[0].capital=50000",
                "--cost", "job-run-id=00run", "--cost", "vcpu-hours=1", "--cost", "memory-gb-hours=4",
                "--cost", "storage-gb-hours=20", "--cost", "usd=0.062826",
                "--cost", "basis=us-east-1 ARM64 list prices; set emr.prices.* for yours");
        assertThat(body.at("/jobDriver/sparkSubmit/sparkSubmitParameters").asText()).isEqualTo(
                "--class dev.tradingpipeline.jobs.TradingJob --jars /usr/share/aws/iceberg/lib/x.jar"
                        + " --conf spark.sql.catalog.lake.type=glue --conf spark.sql.shuffle.partitions=64"
                        + " --conf spark.driver.cores=1 --conf spark.driver.memory=2g --conf spark.executor.cores=1"
                        + " --conf spark.executor.memory=2g --conf spark.executor.instances=1"
                        + " --conf spark.dynamicAllocation.enabled=false");
        assertThat(body.at("/configurationOverrides/monitoringConfiguration/s3MonitoringConfiguration/logUri").asText())
                .isEqualTo("s3://bucket/logs/");
        assertThat(body.get("executionTimeoutMinutes").asLong()).isEqualTo(30);
        // the follow-up's own cost: 0.033333 x 0.042094 + 0.1 x 0.004628 = 0.0014031 + 0.0004628 = $0.0018659
        assertThat(log).contains("Recorded the cost of run " + RUN_ID + " ($0.0628) in gold.strategy_runs;"
                + " recording it cost $0.0019");
        assertThat(String.join("\n", log)).doesNotContain("[warning]");
    }

    @Test
    void aFailedRecordCostRunIsAWarningThatSaysHowToRecordItAgainAndTheStrategyRunStillSucceeds() throws Exception {
        EmrSettings emr = settings(Map.of());
        recordSubmitted("00run");
        stubStrategyRun("strategy", RUN_ID, "FAILED", "Job failed, ExitCode: 2");

        EmrRun.Outcome outcome = follow(emr, Optional.empty());

        assertThat(outcome.succeeded()).isTrue();
        assertThat(log).contains("[warning] The cost of run " + RUN_ID + " is not in gold.strategy_runs: job run 00cost"
                + " ended FAILED (Job failed, ExitCode: 2). The strategy run itself succeeded; record its cost again"
                + " with mvn trading:watch -Dtrading.watch.job-run-id=00run");
    }

    @Test
    void otherModesAndTheSwitchOffStartNoRecordCostRun() throws Exception {
        EmrSettings emr = settings(Map.of());
        recordSubmitted("00run");
        stubStrategyRun("daily", null, "SUCCESS", "");
        assertThat(follow(emr, Optional.empty()).succeeded()).isTrue();
        server.verify(0, postRequestedFor(urlPathEqualTo(JOBRUNS)));
        assertThat(String.join("\n", log)).doesNotContain("gold.strategy_runs");

        server.resetAll();
        log.clear();
        EmrSettings off = settings(Map.of("emr.record-cost", "false"));
        stubStrategyRun("strategy", RUN_ID, "SUCCESS", "");
        assertThat(follow(off, Optional.empty()).succeeded()).isTrue();
        server.verify(0, postRequestedFor(urlPathEqualTo(JOBRUNS)));
        assertThat(log).anyMatch(l -> l.startsWith("Cost of job run 00run: $0.0628"));

        server.resetAll();
        log.clear();
        stubStrategyRun("strategy", null, "SUCCESS", ""); // submitted without the id: nothing to match in gold
        assertThat(follow(emr, Optional.empty()).succeeded()).isTrue();
        server.verify(0, postRequestedFor(urlPathEqualTo(JOBRUNS)));
        assertThat(log).contains("Strategy job run 00run has no valid run-id tag (it was not submitted by this plugin's"
                + " version, which passes the run's id in gold): its cost is not recorded in gold.strategy_runs");
    }
}
