package dev.tradingpipeline.maven.emr;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.tradingpipeline.maven.emr.EmrStub.error;
import static dev.tradingpipeline.maven.emr.EmrStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tradingpipeline.maven.emr.ApplicationImageUpdater.Result;
import dev.tradingpipeline.maven.emr.ApplicationImageUpdater.StopPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApplicationImageUpdaterTest {

    static final String APP = "/applications/00app";
    static final String JOBRUNS = APP + "/jobruns";
    static final String REPO = "123456789012.dkr.ecr.us-east-1.amazonaws.com/trading/jobs";
    static final String OLD_DIGEST = "sha256:" + "11".repeat(32);
    static final String NEW_DIGEST = "sha256:" + "22".repeat(32);
    static final String OLD = REPO + "@" + OLD_DIGEST;
    static final String NEW = REPO + "@" + NEW_DIGEST;
    static final String LABEL = "EMR Serverless application 00app (trading)";
    static final Duration TIMEOUT = Duration.ofMinutes(30);
    static final long CREATED_AT = 1709640000L;

    final EmrStub stub = new EmrStub();
    final FakeTime time = new FakeTime(Instant.parse("2024-03-05T14:30:07Z"));
    final List<String> log = new ArrayList<>();
    final ObjectMapper mapper = new ObjectMapper();

    @AfterEach
    void stop() {
        stub.close();
    }

    ApplicationImageUpdater updater() {
        return new ApplicationImageUpdater(stub.client(), log::add, time, time);
    }

    static String application(String state, String imageUri, String digest, long updatedAt, String details) {
        return "{\"application\":{\"applicationId\":\"00app\",\"name\":\"trading\","
                + "\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app\","
                + "\"releaseLabel\":\"emr-7.11.0\",\"type\":\"Spark\",\"state\":\"" + state + "\","
                + (details == null ? "" : "\"stateDetails\":\"" + details + "\",")
                + "\"createdAt\":" + CREATED_AT + ",\"updatedAt\":" + updatedAt + ",\"architecture\":\"ARM64\","
                + "\"autoStopConfiguration\":{\"enabled\":true,\"idleTimeoutMinutes\":15}"
                + (imageUri == null ? "" : ",\"imageConfiguration\":{\"imageUri\":\"" + imageUri + "\""
                        + (digest == null ? "" : ",\"resolvedImageDigest\":\"" + digest + "\"") + "}")
                + "}}";
    }

    static ResponseDefinitionBuilder app(String state, String imageUri, String digest) {
        return json(application(state, imageUri, digest, CREATED_AT, null));
    }

    static String jobRun(String id, String name, String state) {
        return "{\"applicationId\":\"00app\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"arn\":"
                + "\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app/jobruns/" + id + "\","
                + "\"createdBy\":\"arn:aws:iam::123456789012:user/ci\",\"createdAt\":" + CREATED_AT + ","
                + "\"updatedAt\":" + CREATED_AT + ",\"executionRole\":\"arn:aws:iam::123456789012:role/job\","
                + "\"state\":\"" + state + "\",\"stateDetails\":\"\",\"releaseLabel\":\"emr-7.11.0\",\"type\":\"Spark\"}";
    }

    static ResponseDefinitionBuilder jobRuns(String... runs) {
        return json("{\"jobRuns\":[" + String.join(",", runs) + "]}");
    }

    /**
     * STARTED with the old image -> (stop) STOPPING -> STOPPED -> (PATCH) -> (start) STARTING ->
     * STARTED with the new image. With {@code throttleUpdate} the first PATCH is throttled.
     */
    void stubStopUpdateStart(boolean throttleUpdate) {
        var s = stub.server;
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs(STARTED)
                .willReturn(app("STARTED", OLD, OLD_DIGEST)));
        s.stubFor(post(urlPathEqualTo(APP + "/stop")).inScenario("app").willReturn(json("{}"))
                .willSetStateTo("stopping"));
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs("stopping")
                .willReturn(app("STOPPING", OLD, OLD_DIGEST)).willSetStateTo("stopped"));
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs("stopped")
                .willReturn(app("STOPPED", OLD, OLD_DIGEST)));
        ResponseDefinitionBuilder updated = json(application("STOPPED", NEW, null, CREATED_AT + 60, null));
        if (throttleUpdate) {
            s.stubFor(patch(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs("stopped")
                    .willReturn(error(429, "ThrottlingException", "Rate exceeded")).willSetStateTo("throttled"));
            s.stubFor(patch(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs("throttled")
                    .willReturn(updated).willSetStateTo("updated"));
        } else {
            s.stubFor(patch(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs("stopped")
                    .willReturn(updated).willSetStateTo("updated"));
        }
        s.stubFor(post(urlPathEqualTo(APP + "/start")).inScenario("app").willReturn(json("{}"))
                .willSetStateTo("starting"));
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs("starting")
                .willReturn(app("STARTING", NEW, null)).willSetStateTo("running"));
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs("running")
                .willReturn(app("STARTED", NEW, NEW_DIGEST)));
    }

    /** Method and path of every request, in the order sent. */
    List<String> calls() {
        List<ServeEvent> events = new ArrayList<>(stub.server.getAllServeEvents());
        Collections.reverse(events);
        return events.stream().map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl().replaceAll("\\?.*", ""))
                .toList();
    }

    JsonNode body(LoggedRequest r) throws Exception {
        return mapper.readTree(r.getBodyAsString());
    }

    @Test
    void aStartedApplicationWithoutJobsIsStoppedUpdatedAndStarted() throws Exception {
        stubStopUpdateStart(false);
        stub.server.stubFor(get(urlPathEqualTo(JOBRUNS)).willReturn(jobRuns()));

        Result result = updater().update("00app", NEW, StopPolicy.WAIT, TIMEOUT);

        assertThat(result).isEqualTo(new Result("00app", NEW, true, "STARTED"));
        assertThat(calls()).containsExactly(
                "GET " + APP, "GET " + JOBRUNS,
                "GET " + APP, "POST " + APP + "/stop", "GET " + APP, "GET " + APP,
                "PATCH " + APP,
                "POST " + APP + "/start", "GET " + APP, "GET " + APP);

        List<LoggedRequest> patches = stub.server.findAll(patchRequestedFor(urlPathEqualTo(APP)));
        assertThat(patches).hasSize(1);
        assertThat(patches.get(0).getMethod()).isEqualTo(RequestMethod.PATCH);
        JsonNode sent = body(patches.get(0));
        assertThat(sent.at("/imageConfiguration/imageUri").asText()).isEqualTo(NEW);
        assertThat(sent.get("architecture").asText()).isEqualTo("ARM64");
        assertThat(sent.get("clientToken").asText()).isNotBlank();
        // nothing else: capacity, network, auto-stop and the rest stay as they are
        List<String> fields = new ArrayList<>();
        sent.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("clientToken", "imageConfiguration", "architecture");
        assertThat(sent.get("imageConfiguration").size()).isEqualTo(1);

        LoggedRequest list = stub.server.findAll(getRequestedFor(urlPathEqualTo(JOBRUNS))).get(0);
        assertThat(list.queryParameter("states").values()).containsExactlyInAnyOrder("SUBMITTED", "PENDING",
                "SCHEDULED", "RUNNING", "QUEUED", "CANCELLING");

        assertThat(log).containsExactly(
                "Updating the image of " + LABEL + " from " + OLD + " to " + NEW + "; it is STARTED",
                "No active job runs on " + LABEL,
                "Stopping " + LABEL,
                LABEL + ": STOPPING after 5s",
                LABEL + ": STOPPED after 10s",
                "UpdateApplication 00app: image " + NEW + ", architecture ARM64",
                "Starting " + LABEL,
                LABEL + ": STARTED after 5s",
                LABEL + " is STARTED with image " + NEW);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void anApplicationOnTheImageAlreadyIsOnlyRead() throws Exception {
        stub.server.stubFor(get(urlPathEqualTo(APP)).willReturn(app("STARTED", NEW, NEW_DIGEST)));

        Result result = updater().update("00app", NEW, StopPolicy.CANCEL, TIMEOUT);

        assertThat(result).isEqualTo(new Result("00app", NEW, false, "STARTED"));
        assertThat(calls()).containsExactly("GET " + APP);
        assertThat(log).containsExactly(LABEL + " already uses " + NEW);
    }

    @Test
    void aTagThatResolvedToTheDigestCountsAsTheImage() throws Exception {
        stub.server.stubFor(get(urlPathEqualTo(APP)).willReturn(app("STOPPED", REPO + ":latest", NEW_DIGEST)));

        Result result = updater().update("00app", NEW, StopPolicy.WAIT, TIMEOUT);

        assertThat(result.updated()).isFalse();
        assertThat(calls()).containsExactly("GET " + APP);
    }

    @Test
    void withWaitTheUpdateWaitsForRunningJobsToEnd() throws Exception {
        stubStopUpdateStart(false);
        var s = stub.server;
        s.stubFor(get(urlPathEqualTo(JOBRUNS)).inScenario("jobs").whenScenarioStateIs(STARTED)
                .willReturn(jobRuns(jobRun("00run1", "nightly", "RUNNING"))).willSetStateTo("poll-1"));
        s.stubFor(get(urlPathEqualTo(JOBRUNS)).inScenario("jobs").whenScenarioStateIs("poll-1")
                .willReturn(jobRuns(jobRun("00run1", "nightly", "RUNNING"))).willSetStateTo("poll-2"));
        s.stubFor(get(urlPathEqualTo(JOBRUNS)).inScenario("jobs").whenScenarioStateIs("poll-2")
                .willReturn(jobRuns()));

        updater().update("00app", NEW, StopPolicy.WAIT, TIMEOUT);

        assertThat(calls()).startsWith("GET " + APP, "GET " + JOBRUNS, "GET " + JOBRUNS, "GET " + JOBRUNS,
                "GET " + APP, "POST " + APP + "/stop");
        stub.server.verify(0, deleteRequestedFor(urlPathMatching(JOBRUNS + "/.*")));
        assertThat(time.sleeps).startsWith(Duration.ofSeconds(15), Duration.ofSeconds(15));
        assertThat(log).containsSubsequence(
                "Waiting up to 30m00s for 1 job run of " + LABEL + " to end before stopping it: 00run1 nightly (RUNNING)",
                "No active job runs on " + LABEL + " after 30s",
                "Stopping " + LABEL);
    }

    @Test
    void withWaitJobsThatOutlastTheTimeoutLeaveTheApplicationAlone() {
        stub.server.stubFor(get(urlPathEqualTo(APP)).willReturn(app("STARTED", OLD, OLD_DIGEST)));
        stub.server.stubFor(get(urlPathEqualTo(JOBRUNS)).willReturn(jobRuns(jobRun("00run1", "nightly", "RUNNING"),
                jobRun("00run2", "backfill", "QUEUED"))));

        assertThatThrownBy(() -> updater().update("00app", NEW, StopPolicy.WAIT, Duration.ofMinutes(1)))
                .isInstanceOf(EmrException.class)
                .hasMessage("2 job runs of " + LABEL + " still active after 1m00s: 00run1 nightly (RUNNING),"
                        + " 00run2 backfill (QUEUED); the image was not changed (the CANCEL stop policy cancels them)");
        stub.server.verify(0, postRequestedFor(urlPathEqualTo(APP + "/stop")));
        stub.server.verify(0, patchRequestedFor(urlPathEqualTo(APP)));
    }

    @Test
    void withCancelEveryActiveJobRunOnEveryPageIsCancelled() throws Exception {
        stubStopUpdateStart(false);
        var s = stub.server;
        s.stubFor(get(urlPathEqualTo(JOBRUNS)).inScenario("jobs").whenScenarioStateIs(STARTED)
                .withQueryParam("nextToken", absent())
                .willReturn(json("{\"jobRuns\":[" + jobRun("00run1", "nightly", "RUNNING") + "],\"nextToken\":\"p2\"}")));
        s.stubFor(get(urlPathEqualTo(JOBRUNS)).inScenario("jobs").whenScenarioStateIs(STARTED)
                .withQueryParam("nextToken", equalTo("p2"))
                .willReturn(jobRuns(jobRun("00run2", "backfill", "PENDING"), jobRun("00run3", "old", "CANCELLING")))
                .willSetStateTo("listed"));
        s.stubFor(get(urlPathEqualTo(JOBRUNS)).inScenario("jobs").whenScenarioStateIs("listed")
                .willReturn(jobRuns()));
        s.stubFor(delete(urlPathMatching(JOBRUNS + "/00run[12]")).willReturn(json(
                "{\"applicationId\":\"00app\",\"jobRunId\":\"00run1\"}")));

        Result result = updater().update("00app", NEW, StopPolicy.CANCEL, TIMEOUT);

        assertThat(result.updated()).isTrue();
        s.verify(1, deleteRequestedFor(urlPathEqualTo(JOBRUNS + "/00run1")));
        s.verify(1, deleteRequestedFor(urlPathEqualTo(JOBRUNS + "/00run2")));
        s.verify(0, deleteRequestedFor(urlPathEqualTo(JOBRUNS + "/00run3")));
        assertThat(calls()).startsWith("GET " + APP, "GET " + JOBRUNS, "GET " + JOBRUNS,
                "DELETE " + JOBRUNS + "/00run1", "DELETE " + JOBRUNS + "/00run2", "GET " + JOBRUNS,
                "GET " + APP, "POST " + APP + "/stop");
        assertThat(log).containsSubsequence(
                "Cancelling 3 job runs of " + LABEL + " before stopping it: 00run1 nightly (RUNNING),"
                        + " 00run2 backfill (PENDING), 00run3 old (CANCELLING)",
                "Cancellation of job run 00run1 requested",
                "Cancellation of job run 00run2 requested",
                "No active job runs on " + LABEL + " after 15s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERMINATED", "CREATING"})
    void anApplicationThatCannotBeUpdatedSaysWhy(String state) {
        stub.server.stubFor(get(urlPathEqualTo(APP)).willReturn(app(state, OLD, OLD_DIGEST)));

        assertThatThrownBy(() -> updater().update("00app", NEW, StopPolicy.WAIT, TIMEOUT))
                .isInstanceOf(EmrException.class)
                .hasMessageStartingWith(LABEL + " is " + state + "; its image cannot be updated");
        assertThat(calls()).containsExactly("GET " + APP);
    }

    @Test
    void aThrottledUpdateIsRetriedWithTheSameClientToken() throws Exception {
        stubStopUpdateStart(true);
        stub.server.stubFor(get(urlPathEqualTo(JOBRUNS)).willReturn(jobRuns()));

        Result result = updater().update("00app", NEW, StopPolicy.WAIT, TIMEOUT);

        assertThat(result.state()).isEqualTo("STARTED");
        List<LoggedRequest> patches = stub.server.findAll(patchRequestedFor(urlPathEqualTo(APP)));
        assertThat(patches).hasSize(2);
        assertThat(body(patches.get(1))).isEqualTo(body(patches.get(0)));
        assertThat(log).contains("UpdateApplication failed (ThrottlingException, HTTP 429: Rate exceeded); retrying in 2s");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }

    @Test
    void aStartThatFallsBackToStoppedBlamesTheImage() {
        var s = stub.server;
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs(STARTED)
                .willReturn(app("STOPPED", OLD, OLD_DIGEST)));
        s.stubFor(get(urlPathEqualTo(JOBRUNS)).willReturn(jobRuns()));
        s.stubFor(patch(urlPathEqualTo(APP)).inScenario("app")
                .willReturn(json(application("STOPPED", NEW, null, CREATED_AT + 60, null))));
        s.stubFor(post(urlPathEqualTo(APP + "/start")).inScenario("app").willReturn(json("{}"))
                .willSetStateTo("starting"));
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs("starting")
                .willReturn(app("STARTING", NEW, null)).willSetStateTo("failed"));
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs("failed")
                .willReturn(json(application("STOPPED", NEW, null, CREATED_AT + 120,
                        "Image could not be pulled: access denied"))));

        assertThatThrownBy(() -> updater().update("00app", NEW, StopPolicy.WAIT, TIMEOUT))
                .isInstanceOf(EmrException.class)
                .hasMessageStartingWith(LABEL + " did not start with image " + NEW + " (it is STOPPED again:"
                        + " Image could not be pulled: access denied)")
                .hasMessageContaining("emr-serverless.amazonaws.com");
        assertThat(log).contains(LABEL + " is STOPPED; no need to stop it");
        s.verify(0, postRequestedFor(urlPathEqualTo(APP + "/stop")));
    }

    @Test
    void aRefusedUpdateStartsTheApplicationAgainWithItsPreviousImage() {
        var s = stub.server;
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs(STARTED)
                .willReturn(app("STARTED", OLD, OLD_DIGEST)));
        s.stubFor(get(urlPathEqualTo(JOBRUNS)).willReturn(jobRuns()));
        s.stubFor(post(urlPathEqualTo(APP + "/stop")).inScenario("app").willReturn(json("{}"))
                .willSetStateTo("stopped"));
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs("stopped")
                .willReturn(app("STOPPED", OLD, OLD_DIGEST)));
        s.stubFor(patch(urlPathEqualTo(APP)).willReturn(error(400, "ValidationException",
                "Image architecture does not match the application")));
        s.stubFor(post(urlPathEqualTo(APP + "/start")).willReturn(json("{}")));

        assertThatThrownBy(() -> updater().update("00app", NEW, StopPolicy.WAIT, TIMEOUT))
                .isInstanceOf(EmrException.class)
                .hasMessage("UpdateApplication failed: ValidationException, HTTP 400: Image architecture does not"
                        + " match the application");
        s.verify(1, patchRequestedFor(urlPathEqualTo(APP)));
        s.verify(1, postRequestedFor(urlPathEqualTo(APP + "/start")));
        assertThat(log).contains("[warning] The image was not changed; starting " + LABEL + " again with " + OLD);
    }

    @Test
    void aStopConflictIsToleratedAndTheStateDecides() throws Exception {
        var s = stub.server;
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs(STARTED)
                .willReturn(app("STARTED", OLD, OLD_DIGEST)));
        s.stubFor(get(urlPathEqualTo(JOBRUNS)).willReturn(jobRuns()));
        // someone else stopped it a moment before us
        s.stubFor(post(urlPathEqualTo(APP + "/stop")).inScenario("app")
                .willReturn(error(409, "ConflictException", "Application is already stopping"))
                .willSetStateTo("stopped"));
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs("stopped")
                .willReturn(app("STOPPED", OLD, OLD_DIGEST)));
        s.stubFor(patch(urlPathEqualTo(APP)).inScenario("app")
                .willReturn(json(application("STOPPED", NEW, null, CREATED_AT + 60, null))));
        s.stubFor(post(urlPathEqualTo(APP + "/start")).inScenario("app").willReturn(json("{}"))
                .willSetStateTo("running"));
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("app").whenScenarioStateIs("running")
                .willReturn(app("STARTED", NEW, NEW_DIGEST)));

        Result result = updater().update("00app", NEW, StopPolicy.WAIT, TIMEOUT);

        assertThat(result.state()).isEqualTo("STARTED");
        assertThat(log).contains("StopApplication: ConflictException, HTTP 409: Application is already stopping");
    }

    @Test
    void anApplicationThatDoesNotStopInTimeIsNotUpdated() {
        stub.server.stubFor(get(urlPathEqualTo(APP)).willReturn(app("STARTED", OLD, OLD_DIGEST)));
        stub.server.stubFor(get(urlPathEqualTo(JOBRUNS)).willReturn(jobRuns()));
        stub.server.stubFor(post(urlPathEqualTo(APP + "/stop")).willReturn(json("{}")));

        assertThatThrownBy(() -> updater().update("00app", NEW, StopPolicy.WAIT, Duration.ofSeconds(12)))
                .isInstanceOf(EmrException.class)
                .hasMessage(LABEL + " is still STARTED after 12s of waiting for it to stop; the image was not changed");
        stub.server.verify(1, postRequestedFor(urlPathEqualTo(APP + "/stop")));
        stub.server.verify(0, patchRequestedFor(urlPathEqualTo(APP)));
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    @Test
    void anInterruptedWaitStopsNothingAndKeepsTheInterruptFlag() {
        stub.server.stubFor(get(urlPathEqualTo(APP)).willReturn(app("STARTED", OLD, OLD_DIGEST)));
        stub.server.stubFor(get(urlPathEqualTo(JOBRUNS)).willReturn(jobRuns(jobRun("00run1", "nightly", "RUNNING"))));
        Sleeper interrupted = d -> {
            throw new InterruptedException("sleep interrupted");
        };
        ApplicationImageUpdater updater = new ApplicationImageUpdater(stub.client(), log::add, time, interrupted);
        try {
            assertThatThrownBy(() -> updater.update("00app", NEW, StopPolicy.WAIT, TIMEOUT))
                    .isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        stub.server.verify(0, postRequestedFor(urlPathEqualTo(APP + "/stop")));
    }
}
