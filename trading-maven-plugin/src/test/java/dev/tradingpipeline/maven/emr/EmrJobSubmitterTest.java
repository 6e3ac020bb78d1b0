package dev.tradingpipeline.maven.emr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.tradingpipeline.maven.emr.EmrStub.error;
import static dev.tradingpipeline.maven.emr.EmrStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.testing.TestAws;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmrJobSubmitterTest {

    static final String JOBRUNS = "/applications/00app/jobruns";
    static final String RUN_ARN = "arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app/jobruns/00run";
    static final String STARTED_RUN = "{\"applicationId\":\"00app\",\"jobRunId\":\"00run\",\"arn\":\"" + RUN_ARN + "\"}";
    static final Instant NOW = Instant.parse("2024-03-05T14:30:07Z");

    final EmrStub stub = new EmrStub();
    final FakeTime time = new FakeTime(NOW);
    final List<String> log = new ArrayList<>();
    final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        stub.close();
    }

    EmrJobSubmitter submitter() {
        return new EmrJobSubmitter(stub.client(), log::add, time, time);
    }

    static EmrJobSubmitter.SubmitRequest request(int maxAttempts, Optional<String> logsUri) {
        return request(maxAttempts, logsUri, Optional.empty());
    }

    static EmrJobSubmitter.SubmitRequest request(int maxAttempts, Optional<String> logsUri,
            Optional<String> logGroup) {
        Map<String, String> tags = EmrJobSubmitter.tags("daily", "options-lake", "1.2.0", Optional.of("abc1234"),
                Map.of("team", "quant"));
        return new EmrJobSubmitter.SubmitRequest("00app", "arn:aws:iam::123456789012:role/trading-job",
                "options-lake-daily-20240305-143007", tags, 90, maxAttempts, "s3://bucket/artifacts/trading-jobs.jar",
                List.of("--mode", "daily", "--config", "s3://bucket/artifacts/config.yaml", "--date", "2024-03-04",
                        "--set", "ingest.files-per-batch=5"),
                "--class dev.tradingpipeline.jobs.TradingJob --conf spark.executor.instances=2", logsUri, logGroup);
    }

    JsonNode body(LoggedRequest r) throws Exception {
        return mapper.readTree(r.getBodyAsString());
    }

    @Test
    void startJobRunCarriesEverythingTheRunNeeds() throws Exception {
        stub.server.stubFor(post(urlPathEqualTo(JOBRUNS)).willReturn(json(STARTED_RUN)));

        SubmittedRun run = submitter().submit(request(3, Optional.of("s3://bucket/logs")));

        assertThat(run.applicationId()).isEqualTo("00app");
        assertThat(run.jobRunId()).isEqualTo("00run");
        assertThat(run.arn()).isEqualTo(RUN_ARN);
        assertThat(run.name()).isEqualTo("options-lake-daily-20240305-143007");
        assertThat(run.submittedAt()).isEqualTo(NOW);
        assertThat(run.clientToken()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        stub.server.verify(1, postRequestedFor(urlPathEqualTo(JOBRUNS))
                .withRequestBody(matchingJsonPath("$.clientToken", equalTo(run.clientToken())))
                .withRequestBody(matchingJsonPath("$.executionRoleArn", equalTo("arn:aws:iam::123456789012:role/trading-job")))
                .withRequestBody(matchingJsonPath("$.name", equalTo("options-lake-daily-20240305-143007")))
                .withRequestBody(matchingJsonPath("$.executionTimeoutMinutes", equalTo("90")))
                .withRequestBody(matchingJsonPath("$.retryPolicy.maxAttempts", equalTo("3")))
                .withRequestBody(matchingJsonPath("$.tags.mode", equalTo("daily")))
                .withRequestBody(matchingJsonPath("$.tags['git-commit']", equalTo("abc1234")))
                .withRequestBody(matchingJsonPath("$.tags.team", equalTo("quant")))
                .withRequestBody(matchingJsonPath("$.jobDriver.sparkSubmit.entryPoint",
                        equalTo("s3://bucket/artifacts/trading-jobs.jar")))
                .withRequestBody(matchingJsonPath("$.jobDriver.sparkSubmit.sparkSubmitParameters",
                        equalTo("--class dev.tradingpipeline.jobs.TradingJob --conf spark.executor.instances=2")))
                .withRequestBody(matchingJsonPath(
                        "$.configurationOverrides.monitoringConfiguration.s3MonitoringConfiguration.logUri",
                        equalTo("s3://bucket/logs"))));

        JsonNode sent = body(stub.server.findAll(postRequestedFor(urlPathEqualTo(JOBRUNS))).get(0));
        List<String> args = new ArrayList<>();
        sent.at("/jobDriver/sparkSubmit/entryPointArguments").forEach(n -> args.add(n.asText()));
        assertThat(args).containsExactly("--mode", "daily", "--config", "s3://bucket/artifacts/config.yaml",
                "--date", "2024-03-04", "--set", "ingest.files-per-batch=5");
        Map<String, String> tags = new LinkedHashMap<>();
        sent.get("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        assertThat(tags).containsOnly(Map.entry("mode", "daily"), Map.entry("project", "options-lake"),
                Map.entry("version", "1.2.0"), Map.entry("git-commit", "abc1234"),
                Map.entry("team", "quant"));
    }

    @Test
    void aLogGroupSendsTheDriverLogsToCloudWatchBesideS3() throws Exception {
        stub.server.stubFor(post(urlPathEqualTo(JOBRUNS)).willReturn(json(STARTED_RUN)));

        submitter().submit(request(1, Optional.of("s3://bucket/logs"), Optional.of("/trading/emr-runs")));

        JsonNode monitoring = body(stub.server.findAll(postRequestedFor(urlPathEqualTo(JOBRUNS))).get(0))
                .at("/configurationOverrides/monitoringConfiguration");
        assertThat(monitoring.at("/s3MonitoringConfiguration/logUri").asText()).isEqualTo("s3://bucket/logs");
        JsonNode cloudWatch = monitoring.get("cloudWatchLoggingConfiguration");
        assertThat(cloudWatch.get("enabled").asBoolean()).isTrue();
        assertThat(cloudWatch.get("logGroupName").asText()).isEqualTo("/trading/emr-runs");
        // no log types and no stream prefix: the driver's stdout and stderr under the service's stream names
        assertThat(cloudWatch.has("logTypes")).isFalse();
        assertThat(cloudWatch.has("logStreamNamePrefix")).isFalse();
    }

    @Test
    void aLogGroupAloneSendsOnlyCloudWatchMonitoring() throws Exception {
        stub.server.stubFor(post(urlPathEqualTo(JOBRUNS)).willReturn(json(STARTED_RUN)));

        submitter().submit(request(1, Optional.empty(), Optional.of("trading-runs")));

        JsonNode monitoring = body(stub.server.findAll(postRequestedFor(urlPathEqualTo(JOBRUNS))).get(0))
                .at("/configurationOverrides/monitoringConfiguration");
        assertThat(monitoring.has("s3MonitoringConfiguration")).isFalse();
        assertThat(monitoring.at("/cloudWatchLoggingConfiguration/logGroupName").asText()).isEqualTo("trading-runs");
    }

    @Test
    void oneAttemptAndNoLogsUriSendNeitherRetryPolicyNorMonitoring() throws Exception {
        stub.server.stubFor(post(urlPathEqualTo(JOBRUNS)).willReturn(json(STARTED_RUN)));

        submitter().submit(request(1, Optional.empty()));

        JsonNode sent = body(stub.server.findAll(postRequestedFor(urlPathEqualTo(JOBRUNS))).get(0));
        assertThat(sent.has("retryPolicy")).isFalse();
        assertThat(sent.has("configurationOverrides")).isFalse();
        assertThat(sent.get("executionTimeoutMinutes").asInt()).isEqualTo(90);
    }

    @Test
    void aServerErrorIsRetriedByUsWithTheSameClientToken() throws Exception {
        stub.server.stubFor(post(urlPathEqualTo(JOBRUNS)).inScenario("submit").whenScenarioStateIs(STARTED)
                .willReturn(error(500, "InternalServerException", "Internal error")).willSetStateTo("recovered"));
        stub.server.stubFor(post(urlPathEqualTo(JOBRUNS)).inScenario("submit").whenScenarioStateIs("recovered")
                .willReturn(json(STARTED_RUN)));

        SubmittedRun run = submitter().submit(request(1, Optional.empty()));

        List<LoggedRequest> sent = stub.server.findAll(postRequestedFor(urlPathEqualTo(JOBRUNS)));
        assertThat(sent).hasSize(2);
        assertThat(body(sent.get(0)).get("clientToken").asText()).isEqualTo(run.clientToken());
        assertThat(body(sent.get(1)).get("clientToken").asText()).isEqualTo(run.clientToken());
        assertThat(run.jobRunId()).isEqualTo("00run");
        assertThat(log).anySatisfy(l -> assertThat(l)
                .startsWith("StartJobRun failed (InternalServerException, HTTP 500")
                .endsWith("retrying in 2s with the same client token"));
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void throttlingRetriedByTheSdkAlsoKeepsTheClientToken() throws Exception {
        stub.server.stubFor(post(urlPathEqualTo(JOBRUNS)).inScenario("submit").whenScenarioStateIs(STARTED)
                .willReturn(error(429, "ThrottlingException", "Rate exceeded")).willSetStateTo("recovered"));
        stub.server.stubFor(post(urlPathEqualTo(JOBRUNS)).inScenario("submit").whenScenarioStateIs("recovered")
                .willReturn(json(STARTED_RUN)));
        EmrJobSubmitter submitter = new EmrJobSubmitter(stub.client(true), log::add, time, time);

        SubmittedRun run = submitter.submit(request(1, Optional.empty()));

        List<LoggedRequest> sent = stub.server.findAll(postRequestedFor(urlPathEqualTo(JOBRUNS)));
        assertThat(sent).hasSize(2);
        assertThat(sent).allSatisfy(r -> assertThat(body(r).get("clientToken").asText()).isEqualTo(run.clientToken()));
    }

    @Test
    void aSubmissionGivesUpAfterRepeatedThrottlingAndNamesTheError() {
        stub.server.stubFor(post(urlPathEqualTo(JOBRUNS)).willReturn(error(429, "ThrottlingException", "Rate exceeded")));

        assertThatThrownBy(() -> submitter().submit(request(1, Optional.empty())))
                .isInstanceOf(EmrException.class)
                .hasMessageContaining("StartJobRun of options-lake-daily-20240305-143007 on application 00app failed after 4 tries")
                .hasMessageContaining("ThrottlingException, HTTP 429: Rate exceeded");
        List<LoggedRequest> sent = stub.server.findAll(postRequestedFor(urlPathEqualTo(JOBRUNS)));
        assertThat(sent).hasSize(EmrJobSubmitter.SUBMIT_ATTEMPTS);
        assertThat(sent.stream().map(r -> r.getBodyAsString().replaceAll(".*\"clientToken\":\"([^\"]+)\".*", "$1"))
                .distinct()).hasSize(1);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    // --- faults: lost responses, throttling and 5xx on every call of a submission ----------------

    /** The requests {@code request} matches get these responses in turn, the last one for ever. */
    void stubSequence(Supplier<MappingBuilder> request, ResponseDefinitionBuilder... responses) {
        String scenario = "sequence-" + UUID.randomUUID();
        for (int i = 0; i < responses.length; i++) {
            ScenarioMappingBuilder m = request.get().inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? STARTED : "answer-" + i).willReturn(responses[i]);
            if (i + 1 < responses.length) {
                m = m.willSetStateTo("answer-" + (i + 1));
            }
            stub.server.stubFor(m);
        }
    }

    List<String> clientTokensSent() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (LoggedRequest r : stub.server.findAll(postRequestedFor(urlPathEqualTo(JOBRUNS)))) {
            tokens.add(body(r).get("clientToken").asText());
        }
        return tokens;
    }

    @Test
    void aLostStartJobRunResponseIsRetriedWithTheSameClientToken() throws Exception {
        // the service reads the first request, then the connection drops before its answer arrives
        stubSequence(() -> post(urlPathEqualTo(JOBRUNS)), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                json(STARTED_RUN));

        SubmittedRun run = submitter().submit(request(1, Optional.empty()));

        List<LoggedRequest> sent = stub.server.findAll(postRequestedFor(urlPathEqualTo(JOBRUNS)));
        assertThat(sent).hasSize(2);
        assertThat(clientTokensSent()).containsExactly(run.clientToken(), run.clientToken());
        assertThat(body(sent.get(1))).isEqualTo(body(sent.get(0)));
        assertThat(run.jobRunId()).isEqualTo("00run");
        assertThat(log).anySatisfy(l -> assertThat(l).startsWith("StartJobRun failed (SdkClientException: ")
                .endsWith("; retrying in 2s with the same client token"));
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void thePluginsOwnClientRetriesLostResponsesAndServerErrorsWithTheSameClientToken() throws Exception {
        stubSequence(() -> post(urlPathEqualTo(JOBRUNS)), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                error(500, "InternalServerException", "Internal error"), json(STARTED_RUN));
        try (AwsClients aws = TestAws.clients(
                AwsSettings.defaults().withEmrServerlessEndpoint(URI.create(stub.server.baseUrl())))) {
            EmrJobSubmitter submitter = new EmrJobSubmitter(aws.emrServerless(), log::add, time, time);

            SubmittedRun run = submitter.submit(request(1, Optional.empty()));

            // the SDK's retries (AwsClients.EMR_MAX_ATTEMPTS) absorbed both: ours were not needed
            assertThat(clientTokensSent()).containsExactly(run.clientToken(), run.clientToken(), run.clientToken());
            assertThat(time.sleeps).isEmpty();
        }
    }

    @Test
    void thePluginsOwnClientTriesAStartJobRunAtMostItsBudgetAndNeverWithAnotherToken() throws Exception {
        stub.server.stubFor(post(urlPathEqualTo(JOBRUNS))
                .willReturn(error(503, "ServiceUnavailableException", "Service unavailable")));
        try (AwsClients aws = TestAws.clients(
                AwsSettings.defaults().withEmrServerlessEndpoint(URI.create(stub.server.baseUrl())))) {
            EmrJobSubmitter submitter = new EmrJobSubmitter(aws.emrServerless(), log::add, time, time);

            assertThatThrownBy(() -> submitter.submit(request(1, Optional.empty())))
                    .isInstanceOf(EmrException.class)
                    .hasMessageContaining("failed after 4 tries: ServiceUnavailableException, HTTP 503");

            // 4 tries of ours, each of AwsClients.EMR_MAX_ATTEMPTS requests by the SDK
            assertThat(clientTokensSent()).hasSize(EmrJobSubmitter.SUBMIT_ATTEMPTS * AwsClients.EMR_MAX_ATTEMPTS)
                    .containsOnly(clientTokensSent().get(0));
            assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
        }
    }

    @Test
    void aSubmissionThatKeepsFailingSaysARunMayHaveStartedAndWhereToLook() throws Exception {
        stubSequence(() -> post(urlPathEqualTo(JOBRUNS)), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                error(500, "InternalServerException", "Internal error"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                error(503, "ServiceUnavailableException", "Service unavailable"));

        assertThatThrownBy(() -> submitter().submit(request(1, Optional.empty())))
                .isInstanceOf(EmrException.class)
                .hasMessage("StartJobRun of options-lake-daily-20240305-143007 on application 00app failed after 4"
                        + " tries: ServiceUnavailableException, HTTP 503: Service unavailable. EMR Serverless is"
                        + " throttling this account or failing for now. If one of these requests reached it, a run"
                        + " named options-lake-daily-20240305-143007 may have started: check with aws emr-serverless"
                        + " list-job-runs --application-id 00app before submitting again");
        assertThat(clientTokensSent()).hasSize(4).containsOnly(clientTokensSent().get(0));
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    @Test
    void throttlingAndServerErrorsOnEveryCallOfASubmissionAreRetriedWithBackoff() throws Exception {
        stubSequence(() -> get(urlPathEqualTo("/applications")),
                error(503, "ServiceUnavailableException", "Service unavailable"),
                json("{\"applications\":[" + app("00app", "trading", "STARTED") + "]}"));
        stubSequence(() -> get(urlPathEqualTo("/applications/00app")), error(429, "ThrottlingException", "Rate exceeded"),
                error(500, "InternalServerException", "Internal error"), json(application("STARTED", true)));
        stubSequence(() -> post(urlPathEqualTo(JOBRUNS)), error(429, "ThrottlingException", "Rate exceeded"),
                error(503, "ServiceUnavailableException", "Service unavailable"), json(STARTED_RUN));
        EmrJobSubmitter submitter = submitter();

        String appId = submitter.resolveApplicationId(settingsNamed("trading"));
        submitter.ensureStarted(appId, Duration.ofMinutes(5));
        SubmittedRun run = submitter.submit(request(1, Optional.empty()));

        assertThat(run.jobRunId()).isEqualTo("00run");
        stub.server.verify(2, getRequestedFor(urlPathEqualTo("/applications")));
        stub.server.verify(3, getRequestedFor(urlPathEqualTo("/applications/00app")));
        assertThat(clientTokensSent()).containsExactly(run.clientToken(), run.clientToken(), run.clientToken());
        // ListApplications: 2 s; GetApplication: 2 s, 4 s; StartJobRun: 2 s, 4 s
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(log).contains(
                "ListApplications failed (ServiceUnavailableException, HTTP 503: Service unavailable); retrying in 2s",
                "GetApplication failed (ThrottlingException, HTTP 429: Rate exceeded); retrying in 2s",
                "GetApplication failed (InternalServerException, HTTP 500: Internal error); retrying in 4s");
    }

    @Test
    void getApplicationGivesUpAfterItsRetryBudgetWithAClearError() {
        stub.server.stubFor(get(urlPathEqualTo("/applications/00app"))
                .willReturn(error(503, "ServiceUnavailableException", "Service unavailable")));

        assertThatThrownBy(() -> submitter().ensureStarted("00app", Duration.ofMinutes(15)))
                .isInstanceOf(EmrException.class)
                .hasMessage("GetApplication failed after 4 tries: ServiceUnavailableException, HTTP 503: Service"
                        + " unavailable. EMR Serverless is throttling this account or failing for now: try again in a"
                        + " few minutes");
        stub.server.verify(RetryingCalls.ATTEMPTS, getRequestedFor(urlPathEqualTo("/applications/00app")));
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
        stub.server.verify(0, postRequestedFor(urlPathEqualTo(JOBRUNS)));
    }

    @Test
    void aRefusedSubmissionIsNotRetried() {
        stub.server.stubFor(post(urlPathEqualTo(JOBRUNS))
                .willReturn(error(400, "ValidationException", "Invalid executionRoleArn")));

        assertThatThrownBy(() -> submitter().submit(request(1, Optional.empty())))
                .isInstanceOf(EmrException.class)
                .hasMessageEndingWith("failed: ValidationException, HTTP 400: Invalid executionRoleArn");
        stub.server.verify(1, postRequestedFor(urlPathEqualTo(JOBRUNS)));
    }

    @Test
    void eachSubmissionHasItsOwnToken() throws Exception {
        stub.server.stubFor(post(urlPathEqualTo(JOBRUNS)).willReturn(json(STARTED_RUN)));
        EmrJobSubmitter submitter = submitter();

        assertThat(submitter.submit(request(1, Optional.empty())).clientToken())
                .isNotEqualTo(submitter.submit(request(1, Optional.empty())).clientToken());
    }

    // --- application lookup -------------------------------------------------------------------

    static String app(String id, String name, String state) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/"
                + id + "\",\"releaseLabel\":\"emr-7.11.0\",\"type\":\"Spark\",\"state\":\"" + state
                + "\",\"createdAt\":1709640000,\"updatedAt\":1709640000,\"architecture\":\"ARM64\"}";
    }

    void stubApplicationPages(String page1, String page2) {
        stub.server.stubFor(get(urlPathEqualTo("/applications")).withQueryParam("nextToken", absent())
                .willReturn(json("{\"applications\":[" + page1 + "],\"nextToken\":\"page-2\"}")));
        stub.server.stubFor(get(urlPathEqualTo("/applications")).withQueryParam("nextToken", equalTo("page-2"))
                .willReturn(json("{\"applications\":[" + page2 + "]}")));
    }

    static EmrSettings settingsNamed(String name) {
        return EmrSettings.from(EmrSettingsTest.config(EmrSettingsTest.VALID, Map.of(
                "emr.application-id", "", "emr.application-name", name)));
    }

    @Test
    void anApplicationIdIsTakenAsGiven() throws Exception {
        assertThat(submitter().resolveApplicationId(EmrSettings.from(EmrSettingsTest.config(EmrSettingsTest.VALID))))
                .isEqualTo("00app");
        assertThat(stub.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void anApplicationIsFoundByNameAcrossPagesIgnoringTerminatedOnes() throws Exception {
        stubApplicationPages(app("00old", "trading", "TERMINATED") + "," + app("00oth", "other", "STARTED"),
                app("00app", "trading", "STOPPED"));

        assertThat(submitter().resolveApplicationId(settingsNamed("trading"))).isEqualTo("00app");
        stub.server.verify(2, getRequestedFor(urlPathEqualTo("/applications")));
        assertThat(log).containsExactly("EMR Serverless application 'trading' is 00app (STOPPED)");
    }

    @Test
    void noApplicationWithTheNameListsTheNamesSeen() {
        stubApplicationPages(app("00oth", "other", "STARTED"), app("00old", "trading", "TERMINATED") + ","
                + app("00dev", "trading-dev", "CREATED"));

        assertThatThrownBy(() -> submitter().resolveApplicationId(settingsNamed("trading")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("emr.application-name: no EMR Serverless application named 'trading' (other than TERMINATED"
                        + " ones) in this account and region; applications seen: other (00oth, STARTED),"
                        + " trading-dev (00dev, CREATED)");
    }

    @Test
    void severalApplicationsWithTheNameListTheirIds() {
        stubApplicationPages(app("00one", "trading", "STARTED"), app("00two", "trading", "STOPPED"));

        assertThatThrownBy(() -> submitter().resolveApplicationId(settingsNamed("trading")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("2 EMR Serverless applications are named 'trading': 00one (STARTED), 00two (STOPPED)")
                .hasMessageContaining("set emr.application-id");
    }

    // --- application start --------------------------------------------------------------------

    static String application(String state, Boolean autoStart) {
        return "{\"application\":{\"applicationId\":\"00app\",\"name\":\"trading\",\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app\","
                + "\"releaseLabel\":\"emr-7.11.0\",\"type\":\"Spark\",\"state\":\"" + state + "\","
                + "\"createdAt\":1709640000,\"updatedAt\":1709640000"
                + (autoStart == null ? "" : ",\"autoStartConfiguration\":{\"enabled\":" + autoStart + "}")
                + ",\"autoStopConfiguration\":{\"enabled\":true,\"idleTimeoutMinutes\":15}}}";
    }

    @Test
    void aStartedApplicationNeedsNothing() throws Exception {
        stub.server.stubFor(get(urlPathEqualTo("/applications/00app")).willReturn(json(application("STARTED", true))));

        submitter().ensureStarted("00app", Duration.ofMinutes(5));

        stub.server.verify(0, postRequestedFor(urlPathEqualTo("/applications/00app/start")));
        assertThat(log).isEmpty();
    }

    @Test
    void theApplicationsImageIsItsImageConfigurationOrNone() throws Exception {
        String onImage = application("STARTED", true).replace("\"state\":",
                "\"imageConfiguration\":{\"imageUri\":\"123456789012.dkr.ecr.us-east-1.amazonaws.com/trading@sha256:00\","
                        + "\"resolvedImageDigest\":\"sha256:00\"},\"state\":");
        stub.server.stubFor(get(urlPathEqualTo("/applications/00app")).willReturn(json(onImage)));
        stub.server.stubFor(get(urlPathEqualTo("/applications/01app")).willReturn(json(application("STARTED", true)
                .replace("00app", "01app"))));

        assertThat(submitter().applicationImage("00app"))
                .contains("123456789012.dkr.ecr.us-east-1.amazonaws.com/trading@sha256:00");
        assertThat(EmrJobSubmitter.imageOf(submitter().ensureStarted("00app", Duration.ofMinutes(5))))
                .contains("123456789012.dkr.ecr.us-east-1.amazonaws.com/trading@sha256:00");
        assertThat(submitter().applicationImage("01app")).isEmpty();
        assertThat(submitter().resolveApplicationId(Optional.of("01app"), Optional.of("ignored"))).isEqualTo("01app");
    }

    @Test
    void aStoppedApplicationWithAutoStartIsLeftToStartOnSubmission() throws Exception {
        stub.server.stubFor(get(urlPathEqualTo("/applications/00app")).willReturn(json(application("STOPPED", true))));

        submitter().ensureStarted("00app", Duration.ofMinutes(5));

        stub.server.verify(0, postRequestedFor(urlPathEqualTo("/applications/00app/start")));
        assertThat(log).containsExactly("EMR Serverless application 00app (trading) is STOPPED;"
                + " it starts automatically when the job is submitted (auto-start)");
    }

    @Test
    void anApplicationWithoutAutoStartIsStartedAndAwaited() throws Exception {
        String app = "/applications/00app";
        stub.server.stubFor(get(urlPathEqualTo(app)).inScenario("app").whenScenarioStateIs(STARTED)
                .willReturn(json(application("CREATED", false))));
        stub.server.stubFor(post(urlPathEqualTo(app + "/start")).inScenario("app").willReturn(json("{}"))
                .willSetStateTo("starting"));
        stub.server.stubFor(get(urlPathEqualTo(app)).inScenario("app").whenScenarioStateIs("starting")
                .willReturn(json(application("STARTING", false))).willSetStateTo("starting-2"));
        stub.server.stubFor(get(urlPathEqualTo(app)).inScenario("app").whenScenarioStateIs("starting-2")
                .willReturn(json(application("STARTING", false))).willSetStateTo("started"));
        stub.server.stubFor(get(urlPathEqualTo(app)).inScenario("app").whenScenarioStateIs("started")
                .willReturn(json(application("STARTED", false))));

        submitter().ensureStarted("00app", Duration.ofMinutes(5));

        stub.server.verify(1, postRequestedFor(urlPathEqualTo(app + "/start")));
        assertThat(log).containsExactly(
                "EMR Serverless application 00app (trading) is CREATED without auto-start; starting it",
                "EMR Serverless application 00app (trading): STARTING after 5s",
                "EMR Serverless application 00app (trading): STARTED after 15s");
    }

    @Test
    void aStoppingApplicationIsStartedOnceStopped() throws Exception {
        String app = "/applications/00app";
        stub.server.stubFor(get(urlPathEqualTo(app)).inScenario("app").whenScenarioStateIs(STARTED)
                .willReturn(json(application("STOPPING", false))).willSetStateTo("stopped"));
        stub.server.stubFor(get(urlPathEqualTo(app)).inScenario("app").whenScenarioStateIs("stopped")
                .willReturn(json(application("STOPPED", false))));
        stub.server.stubFor(post(urlPathEqualTo(app + "/start")).inScenario("app").willReturn(json("{}"))
                .willSetStateTo("started"));
        stub.server.stubFor(get(urlPathEqualTo(app)).inScenario("app").whenScenarioStateIs("started")
                .willReturn(json(application("STARTED", false))));

        submitter().ensureStarted("00app", Duration.ofMinutes(5));

        stub.server.verify(1, postRequestedFor(urlPathEqualTo(app + "/start")));
        assertThat(log).containsExactly(
                "EMR Serverless application 00app (trading) is STOPPING; waiting for STOPPED before starting it again",
                "EMR Serverless application 00app (trading): STOPPED after 5s",
                "EMR Serverless application 00app (trading) is STOPPED without auto-start; starting it",
                "EMR Serverless application 00app (trading): STARTED after 10s");
    }

    @Test
    void aTerminatedApplicationCannotRunJobs() {
        stub.server.stubFor(get(urlPathEqualTo("/applications/00app")).willReturn(json(application("TERMINATED", true))));

        assertThatThrownBy(() -> submitter().ensureStarted("00app", Duration.ofMinutes(5)))
                .isInstanceOf(EmrException.class)
                .hasMessageContaining("00app (trading) is TERMINATED and cannot run jobs");
    }

    @Test
    void anApplicationThatDoesNotStartInTimeIsAnError() {
        stub.server.stubFor(get(urlPathEqualTo("/applications/00app")).willReturn(json(application("STARTING", true))));

        assertThatThrownBy(() -> submitter().ensureStarted("00app", Duration.ofSeconds(12)))
                .isInstanceOf(EmrException.class)
                .hasMessage("EMR Serverless application 00app (trading) is still STARTING after 12s");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    @Test
    void anUnknownApplicationIdIsNamed() {
        stub.server.stubFor(get(urlPathEqualTo("/applications/00app"))
                .willReturn(error(404, "ResourceNotFoundException", "Application 00app does not exist")));

        assertThatThrownBy(() -> submitter().ensureStarted("00app", Duration.ofMinutes(1)))
                .isInstanceOf(EmrException.class)
                .hasMessageContaining("GetApplication: ResourceNotFoundException, HTTP 404: Application 00app does not exist")
                .hasMessageContaining("check emr.application-id");
    }

    // --- helpers ------------------------------------------------------------------------------

    @Test
    void jobNamesAndTags() {
        assertThat(EmrJobSubmitter.jobName("options-lake", "daily", NOW)).isEqualTo("options-lake-daily-20240305-143007");
        assertThat(EmrJobSubmitter.tags("bootstrap", "p", "1.0", Optional.empty(), Map.of("version", "mine")))
                .containsExactly(Map.entry("mode", "bootstrap"), Map.entry("project", "p"),
                        Map.entry("version", "mine"));
    }

    @Test
    void aSubmittedRunSurvivesAFile() throws Exception {
        SubmittedRun run = new SubmittedRun("00app", "00run", RUN_ARN, "n", "token-1", NOW);
        Path file = dir.resolve("target/trading/last-job-run.json");

        run.write(file);

        assertThat(SubmittedRun.read(file)).isEqualTo(run);
        assertThat(mapper.readTree(file.toFile()).get("submittedAt").asText()).isEqualTo("2024-03-05T14:30:07Z");
    }
}
