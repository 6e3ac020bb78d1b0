package dev.tradingpipeline.maven.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.aws.DriverLogTail;
import dev.tradingpipeline.maven.aws.DriverLogs;
import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.maven.emr.EmrPrices;
import dev.tradingpipeline.maven.emr.EmrSettings;
import dev.tradingpipeline.maven.testing.S3ProxyServer;
import dev.tradingpipeline.maven.testing.TestAws;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@link EmrRun#follow} with the live driver output: the watch loop (WireMock as EMR Serverless and
 * CloudWatch Logs, S3Proxy for the S3 logs) prints each driver line once, and the closing summary
 * does not repeat the summary lines already printed.
 */
class EmrRunLiveOutputTest {

    /** No record of the run there: the cost is printed, nothing written. */
    @TempDir
    Path stateDir;


    static final String RUN = "/applications/00app/jobruns/00run";
    static final String GET_LOG_EVENTS = "Logs_20140328.GetLogEvents";
    static final String DAILY_OK = "[trading-summary] daily 2024-03-04 OK: 3 batches, 10000 rows";
    static final String REPORT = "[trading-summary] report s3://reports/daily/2024-03-04.html";
    // short polls on the real clock: a test of the loop that takes a fraction of a second
    static final Duration POLL = Duration.ofMillis(20);

    private static S3ProxyServer s3;
    private static S3Location logs;

    final WireMockServer aws = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    AwsClients clients;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
        logs = s3.createBucket("run-logs").child("logs");
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        aws.stop();
    }

    EmrRun run() {
        aws.start();
        URI endpoint = URI.create(aws.baseUrl());
        clients = TestAws.clients(s3.settings().withEmrServerlessEndpoint(endpoint).withLogsEndpoint(endpoint));
        aws.stubFor(get(urlPathEqualTo(RUN + "/dashboard"))
                .willReturn(json("{\"url\":\"https://p-00run.emrappui-prod.us-east-1.amazonaws.com/shs/\"}")));
        return new EmrRun(clients, log::add, Clock.systemUTC());
    }

    static EmrSettings settings(Optional<String> logsUri, Optional<String> logGroup) {
        return new EmrSettings(Optional.of("00app"), Optional.empty(), "arn:aws:iam::123456789012:role/trading-job",
                "s3://artifacts/jobs", logsUri, logGroup, "s3://lake/landing", "s3://lake/warehouse", POLL, 60, 1, 0,
                "/usr/share/aws/iceberg/lib/iceberg-spark3-runtime.jar", Map.of(), EmrPrices.LIST, true);
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    static ResponseDefinitionBuilder jobRun(String state) {
        return json("{\"jobRun\":{\"applicationId\":\"00app\",\"jobRunId\":\"00run\",\"name\":\"options-lake-daily\","
                + "\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app/jobruns/00run\","
                + "\"createdBy\":\"arn:aws:iam::123456789012:user/dev\",\"createdAt\":1709649000,"
                + "\"updatedAt\":1709649000,\"executionRole\":\"arn:aws:iam::123456789012:role/trading-job\","
                + "\"state\":\"" + state + "\",\"stateDetails\":\"\",\"releaseLabel\":\"emr-7.11.0\","
                + "\"jobDriver\":{\"sparkSubmit\":{\"entryPoint\":\"s3://artifacts/jobs/trading-jobs.jar\"}},"
                + "\"attempt\":1}}");
    }

    /** GetJobRun answers these states in turn, the last one for ever. */
    void states(String... states) {
        for (int i = 0; i < states.length; i++) {
            var m = get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs(i == 0 ? STARTED : "poll-" + i)
                    .willReturn(jobRun(states[i]));
            if (i + 1 < states.length) {
                m = m.willSetStateTo("poll-" + (i + 1));
            }
            aws.stubFor(m);
        }
    }

    /** GetLogEvents with this token (null: none) answers this page. */
    void logPage(String token, String forwardToken, String... messages) {
        StringBuilder events = new StringBuilder();
        for (String m : messages) {
            events.append(events.length() == 0 ? "" : ",").append("{\"timestamp\":1709649100000,\"message\":\"")
                    .append(m).append("\",\"ingestionTime\":1709649101000}");
        }
        aws.stubFor(post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo(GET_LOG_EVENTS))
                .withRequestBody(token == null ? notContaining("nextToken") : matchingJsonPath("$.nextToken", equalTo(token)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"events\":[" + events + "],\"nextForwardToken\":\"" + forwardToken
                                + "\",\"nextBackwardToken\":\"b/0\"}")));
    }

    @Test
    void cloudWatchLinesArePrintedWhileRunningAndTheSummaryOnlyOnce() throws IOException {
        EmrRun run = run();
        states("PENDING", "RUNNING", "RUNNING", "SUCCESS");
        logPage(null, "f/1", "[ingest] batch 1/3: 4000 rows", "[ingest] batch 2/3: 4100 rows");
        logPage("f/1", "f/2", "[ingest] batch 3/3: 1900 rows", DAILY_OK);
        logPage("f/2", "f/2");
        // the S3 copy of stdout, uploaded after the last read of the stream: one summary line more
        put(DriverLogs.location(logs, "00app", "00run", 1, "stdout"),
                "[ingest] batch 1/3: 4000 rows\n[ingest] batch 2/3: 4100 rows\n[ingest] batch 3/3: 1900 rows\n"
                        + DAILY_OK + "\n" + REPORT + "\n");

        EmrRun.Outcome outcome = run.follow(settings(Optional.of(logs.toString()), Optional.of("/trading/runs")),
                "00app", "00run", Optional.of(Duration.ofMinutes(1)), false, stateDir);

        assertThat(outcome.succeeded()).isTrue();
        List<String> shown = new ArrayList<>(withoutTimes(log));
        shown.addAll(List.of(outcome.message().split("\n")));
        assertThat(shown).containsSubsequence("Job run 00run: RUNNING",
                "Driver output from CloudWatch Logs group /trading/runs, stream "
                        + DriverLogTail.streamName("00app", "00run", 1) + ":",
                "[ingest] batch 1/3: 4000 rows", "[ingest] batch 2/3: 4100 rows", "[ingest] batch 3/3: 1900 rows",
                DAILY_OK, REPORT);
        assertThat(shown).filteredOn(l -> l.startsWith("[ingest] batch") || l.startsWith("[trading-summary]"))
                .as("each line once").doesNotHaveDuplicates().hasSize(5);
        assertThat(outcome.message()).doesNotContain(DAILY_OK).endsWith(REPORT);
        assertThat(aws.findAll(postRequestedFor(urlPathEqualTo("/")))).isNotEmpty();
    }

    @Test
    void s3LinesArePrintedWhileRunningAndTheSummaryOnlyOnce() throws IOException {
        EmrRun run = run();
        S3Location stdout = DriverLogs.location(logs, "00app", "00run", 1, "stdout");
        s3.client().deleteObject(r -> r.bucket(stdout.bucket()).key(stdout.key()));
        states("RUNNING", "SUCCESS");
        put(stdout, "[ingest] batch 1/1: 900 rows\n" + DAILY_OK + "\n" + REPORT + "\n");

        EmrRun.Outcome outcome = run.follow(settings(Optional.of(logs.toString()), Optional.empty()), "00app", "00run",
                Optional.of(Duration.ofMinutes(1)), false, stateDir);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(log).containsSubsequence("Driver output from " + stdout + ":", "[ingest] batch 1/1: 900 rows",
                DAILY_OK, REPORT);
        assertThat(outcome.message()).as("the summary was printed live").doesNotContain("[trading-summary]");
        assertThat(log).noneMatch(l -> l.contains("No live output"));
    }

    @Test
    void aRunWithNoLogsConfiguredSaysSoOnce() {
        EmrRun run = run();
        states("SCHEDULED", "RUNNING", "RUNNING", "RUNNING", "SUCCESS");

        EmrRun.Outcome outcome = run.follow(settings(Optional.empty(), Optional.empty()), "00app", "00run",
                Optional.of(Duration.ofMinutes(1)), false, stateDir);

        assertThat(outcome.succeeded()).isTrue();
        assertThat(log).filteredOn(l -> l.equals(DriverLogTail.NO_SOURCE)).hasSize(1);
        assertThat(withoutTimes(log)).containsSubsequence("Job run 00run: RUNNING", DriverLogTail.NO_SOURCE);
        assertThat(aws.findAll(postRequestedFor(urlPathEqualTo("/")))).as("no CloudWatch call").isEmpty();
    }

    /** The watch's state lines without their elapsed times (the run was created long before the test). */
    private static List<String> withoutTimes(List<String> lines) {
        return lines.stream().map(l -> l.startsWith("Job run 00run: ") ? l.replaceFirst(" after .*", "") : l).toList();
    }

    private static void put(S3Location location, String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        s3.client().putObject(r -> r.bucket(location.bucket()).key(location.key()),
                RequestBody.fromBytes(out.toByteArray()));
    }
}
