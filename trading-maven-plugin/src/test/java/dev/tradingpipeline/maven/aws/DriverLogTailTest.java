package dev.tradingpipeline.maven.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tradingpipeline.maven.testing.RequestCounter;
import dev.tradingpipeline.maven.testing.S3ProxyServer;
import dev.tradingpipeline.maven.testing.TestAws;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.s3.S3Client;

class DriverLogTailTest {

    static final String TARGET = "Logs_20140328.GetLogEvents";
    static final String STREAM = "/applications/00app/jobs/00run/SPARK_DRIVER/stdout";
    static final ObjectMapper JSON = new ObjectMapper();

    private static S3ProxyServer s3;
    private static S3Location logs;

    final WireMockServer cloudWatch = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    final List<String> lines = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    AwsClients aws;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
        logs = s3.createBucket("tail-logs").child("emr", "logs");
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
        cloudWatch.stop();
    }

    DriverLogTail cloudWatchTail() {
        cloudWatch.start();
        aws = TestAws.clients(AwsSettings.defaults().withLogsEndpoint(URI.create(cloudWatch.baseUrl())));
        return DriverLogTail.cloudWatch(aws.cloudWatchLogs(), "/trading/runs", "00app", "00run", lines::add,
                notes::add);
    }

    /** GetLogEvents sent with this token (null: none) answers these pages in turn, the last one for ever. */
    void pages(String token, ResponseDefinitionBuilder... responses) {
        String scenario = "token " + token;
        for (int i = 0; i < responses.length; i++) {
            var m = post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET))
                    .withRequestBody(token == null ? notContaining("nextToken")
                            : matchingJsonPath("$.nextToken", equalTo(token)))
                    .inScenario(scenario).whenScenarioStateIs(i == 0 ? STARTED : "read-" + i)
                    .willReturn(responses[i]);
            if (i + 1 < responses.length) {
                m = m.willSetStateTo("read-" + (i + 1));
            }
            cloudWatch.stubFor(m);
        }
    }

    /** A page of GetLogEvents: these messages (one event each) and the forward token. */
    static ResponseDefinitionBuilder page(String forwardToken, String... messages) {
        StringBuilder events = new StringBuilder();
        long t = 1_709_649_000_000L;
        for (String m : messages) {
            events.append(events.length() == 0 ? "" : ",").append("{\"timestamp\":").append(t++)
                    .append(",\"message\":").append(quote(m)).append(",\"ingestionTime\":").append(t).append('}');
        }
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"events\":[" + events + "],\"nextForwardToken\":\"" + forwardToken
                        + "\",\"nextBackwardToken\":\"b/0\"}");
    }

    static ResponseDefinitionBuilder error(int status, String type) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-ErrorType", type)
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + type + " for the test\"}");
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<JsonNode> sent() throws IOException {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : cloudWatch.findAll(postRequestedFor(urlPathEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET)))) {
            bodies.add(JSON.readTree(r.getBodyAsString()));
        }
        return bodies;
    }

    @Test
    void cloudWatchLinesArePrintedOnceInOrderAcrossPolls() throws IOException {
        DriverLogTail tail = cloudWatchTail();
        pages(null, page("f/1", "[ingest] batch 1/3: 2 files, 4000 rows", "[ingest] batch 2/3: 2 files, 4100 rows"));
        // the same token back means nothing more yet; the next poll asks with it again and gets more
        pages("f/1", page("f/2", "[ingest] batch 3/3: 1 file, 1900 rows\n"), page("f/2"));
        pages("f/2", page("f/2"), page("f/3", "[maintenance] compacted 2 tables", "[trading-summary] daily OK"));
        pages("f/3", page("f/3"));

        tail.polled(JobRunState.PENDING, 1);
        tail.polled(JobRunState.SCHEDULED, 1);
        assertThat(sent()).as("nothing is read before the run runs").isEmpty();

        tail.polled(JobRunState.RUNNING, 1);
        assertThat(lines).containsExactly("[ingest] batch 1/3: 2 files, 4000 rows",
                "[ingest] batch 2/3: 2 files, 4100 rows", "[ingest] batch 3/3: 1 file, 1900 rows");

        tail.polled(JobRunState.RUNNING, 1);
        tail.polled(JobRunState.SUCCESS, 1);
        tail.polled(JobRunState.SUCCESS, 1);

        assertThat(lines).containsExactly("[ingest] batch 1/3: 2 files, 4000 rows",
                "[ingest] batch 2/3: 2 files, 4100 rows", "[ingest] batch 3/3: 1 file, 1900 rows",
                "[maintenance] compacted 2 tables", "[trading-summary] daily OK");
        assertThat(notes).containsExactly(
                "Driver output from CloudWatch Logs group /trading/runs, stream " + STREAM + ":");
        List<JsonNode> sent = sent();
        // poll 1: no token, f/1, f/2 (f/2 back: stop); poll 2: f/2 (more), f/3 (f/3 back); the end: f/3
        assertThat(sent.stream().map(b -> b.path("nextToken").asText("-")).toList())
                .containsExactly("-", "f/1", "f/2", "f/2", "f/3", "f/3");
        assertThat(sent).allSatisfy(b -> {
            assertThat(b.get("logGroupName").asText()).isEqualTo("/trading/runs");
            assertThat(b.get("logStreamName").asText()).isEqualTo(STREAM);
            assertThat(b.get("startFromHead").asBoolean()).isTrue();
        });
    }

    @Test
    void aStreamNotThereYetIsWaitedForQuietly() throws IOException {
        DriverLogTail tail = cloudWatchTail();
        pages(null, error(400, "ResourceNotFoundException"), page("f/1", "[ingest] started"));
        pages("f/1", page("f/1"));

        tail.polled(JobRunState.RUNNING, 1);
        assertThat(lines).isEmpty();
        tail.polled(JobRunState.RUNNING, 1);

        assertThat(lines).containsExactly("[ingest] started");
        // the error() stub's message names no group: a stream not made yet
        assertThat(notes).noneMatch(n -> n.contains("warning"));
    }

    @Test
    void aMissingLogGroupIsSaidOnce() throws IOException {
        DriverLogTail tail = cloudWatchTail();
        pages(null, aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                .withBody("{\"__type\":\"ResourceNotFoundException\",\"message\":\"The specified log group does not exist.\"}"));

        tail.polled(JobRunState.RUNNING, 1);
        tail.polled(JobRunState.RUNNING, 1);
        tail.polled(JobRunState.SUCCESS, 1);

        assertThat(sent()).hasSize(3);
        assertThat(notes).filteredOn(n -> n.startsWith("[warning]")).singleElement().asString()
                .contains("CloudWatch Logs group /trading/runs does not exist").contains("emr.cloudwatch-log-group");
        assertThat(notes).last().asString().startsWith("(no driver output in CloudWatch Logs group /trading/runs");
    }

    @Test
    void aRetriedRunIsReadFromItsNewAttemptsStream() throws IOException {
        DriverLogTail tail = cloudWatchTail();
        pages(null, page("f/1", "attempt one"), page("g/1", "attempt two"));
        pages("f/1", page("f/1"));
        pages("g/1", page("g/1"));

        tail.polled(JobRunState.RUNNING, 1);
        tail.polled(JobRunState.PENDING, 2);
        tail.polled(JobRunState.RUNNING, 2);

        assertThat(lines).containsExactly("attempt one", "attempt two");
        assertThat(sent().get(2).get("logStreamName").asText())
                .isEqualTo("/applications/00app/jobs/00run/attempts/2/SPARK_DRIVER/stdout");
        assertThat(notes).last().asString().contains("/attempts/2/SPARK_DRIVER/stdout");
    }

    @Test
    void aRefusedReadWarnsOnceAndStopsTailing() throws IOException {
        DriverLogTail tail = cloudWatchTail();
        pages(null, error(400, "AccessDeniedException"));

        tail.polled(JobRunState.RUNNING, 1);
        tail.polled(JobRunState.RUNNING, 1);
        tail.polled(JobRunState.SUCCESS, 1);

        assertThat(sent()).hasSize(1);
        assertThat(notes).filteredOn(n -> n.startsWith("[warning]")).singleElement().asString()
                .contains("No live output").contains("refused").contains("AccessDeniedException");
    }

    @Test
    void aFailingReadWarnsOnceAndTriesAgainAtTheNextPoll() throws IOException {
        DriverLogTail tail = cloudWatchTail();
        pages(null, error(400, "InvalidParameterException"), error(400, "InvalidParameterException"),
                page("f/1", "late but there"));
        pages("f/1", page("f/1"));

        tail.polled(JobRunState.RUNNING, 1);
        tail.polled(JobRunState.RUNNING, 1);
        tail.polled(JobRunState.RUNNING, 1);

        assertThat(lines).containsExactly("late but there");
        assertThat(notes).filteredOn(n -> n.startsWith("[warning]")).singleElement().asString()
                .contains("trying again at the next poll");
    }

    @Test
    void s3LinesAreReadAgainOnlyWhenTheObjectChangesAndPrintedOnce() throws IOException {
        RequestCounter counter = new RequestCounter();
        try (S3Client client = s3.clientWith(counter)) {
            DriverLogTail tail = DriverLogTail.s3(client, logs, "00app", "00run", lines::add, notes::add);
            S3Location stdout = DriverLogs.location(logs, "00app", "00run", 1, "stdout");

            tail.polled(JobRunState.RUNNING, 1);
            assertThat(lines).as("no object yet").isEmpty();

            put(stdout, gzip("[ingest] batch 1/3\n[ingest] batch 2/3\n[ingest] bat"));
            tail.polled(JobRunState.RUNNING, 1);
            assertThat(lines).as("the line being written waits").containsExactly("[ingest] batch 1/3",
                    "[ingest] batch 2/3");

            counter.reset();
            tail.polled(JobRunState.RUNNING, 1);
            assertThat(counter.count("GetObject")).as("unchanged: not read again").isZero();
            assertThat(counter.count("HeadObject")).isEqualTo(1);

            // rewritten: the whole log so far, as two gzip members as the service may upload it
            put(stdout, concat(gzip("[ingest] batch 1/3\n[ingest] batch 2/3\n"),
                    gzip("[ingest] batch 3/3\n[maintenance] done\n")));
            tail.polled(JobRunState.RUNNING, 1);
            // rewritten again, with the summary; the last line has no newline when the run ends
            put(stdout, gzip("[ingest] batch 1/3\n[ingest] batch 2/3\n[ingest] batch 3/3\n[maintenance] done\n"
                    + "[trading-summary] daily OK\n[trading-summary] report s3://r/daily.html"));
            tail.polled(JobRunState.SUCCESS, 1);
            tail.polled(JobRunState.SUCCESS, 1);
        }

        assertThat(lines).containsExactly("[ingest] batch 1/3", "[ingest] batch 2/3", "[ingest] batch 3/3",
                "[maintenance] done", "[trading-summary] daily OK", "[trading-summary] report s3://r/daily.html");
        assertThat(notes).containsExactly("Driver output from s3://tail-logs/emr/logs/applications/00app/jobs/00run"
                + "/SPARK_DRIVER/stdout.gz:");
    }

    @Test
    void s3ReadsTheObjectOfEachAttempt() throws IOException {
        DriverLogTail tail = DriverLogTail.s3(s3.client(), logs, "00app", "01run", lines::add, notes::add);
        put(DriverLogs.location(logs, "00app", "01run", 1, "stdout"), gzip("first 1\nfirst 2\n"));
        tail.polled(JobRunState.RUNNING, 1);
        put(DriverLogs.location(logs, "00app", "01run", 2, "stdout"), gzip("second 1\n"));
        tail.polled(JobRunState.RUNNING, 2);
        put(DriverLogs.location(logs, "00app", "01run", 2, "stdout"), gzip("second 1\nsecond 2\n"));
        tail.polled(JobRunState.FAILED, 2);

        assertThat(lines).containsExactly("first 1", "first 2", "second 1", "second 2");
        assertThat(notes).last().asString().endsWith("/jobs/01run/attempts/2/SPARK_DRIVER/stdout.gz:");
    }

    @Test
    void aRunThatEndsWithoutOutputSaysSo() {
        DriverLogTail tail = DriverLogTail.s3(s3.client(), logs, "00app", "02run", lines::add, notes::add);

        tail.polled(JobRunState.RUNNING, 1);
        tail.polled(JobRunState.FAILED, 1);

        assertThat(lines).isEmpty();
        assertThat(notes).last().asString().startsWith("(no driver output in s3://tail-logs/");
    }

    @Test
    void withNoSourceOneClearLineWhenTheRunRuns() {
        DriverLogTail tail = DriverLogTail.none(notes::add);

        tail.polled(JobRunState.SUBMITTED, 1);
        assertThat(notes).isEmpty();
        tail.polled(JobRunState.RUNNING, 1);
        tail.polled(JobRunState.RUNNING, 1);
        tail.polled(JobRunState.SUCCESS, 1);

        assertThat(notes).containsExactly("No live output: set emr.cloudwatch-log-group or emr.logs-uri");
    }

    @Test
    void aRunSeenOnlyAfterItEndedIsNotRead() throws IOException {
        DriverLogTail tail = cloudWatchTail();

        tail.polled(JobRunState.SUCCESS, 1);

        assertThat(sent()).isEmpty();
        assertThat(notes).isEmpty();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static void put(S3Location location, byte[] content) {
        s3.client().putObject(r -> r.bucket(location.bucket()).key(location.key()), RequestBody.fromBytes(content));
    }
}
