package dev.tradingpipeline.maven.emr;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.tradingpipeline.maven.emr.EmrStub.error;
import static dev.tradingpipeline.maven.emr.EmrStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.tradingpipeline.maven.emr.WatchResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobRunWatcherTest {

    static final String RUN = "/applications/00app/jobruns/00run";
    static final String DASHBOARD = RUN + "/dashboard";
    static final String UI = "https://p-00run-00app.emrappui-prod.us-east-1.amazonaws.com/shs/";
    static final Instant CREATED = Instant.parse("2024-03-05T14:30:00Z");
    static final Duration POLL = Duration.ofSeconds(10);

    final EmrStub stub = new EmrStub();
    // the watch starts 5 s after the run was created
    final FakeTime time = new FakeTime(CREATED.plusSeconds(5));
    final List<String> log = new ArrayList<>();

    @AfterEach
    void stop() {
        stub.close();
    }

    JobRunWatcher watcher() {
        return new JobRunWatcher(stub.client(), log::add, time, time);
    }

    static ResponseDefinitionBuilder jobRun(String state, String details, int attempt) {
        return json("{\"jobRun\":{\"applicationId\":\"00app\",\"jobRunId\":\"00run\",\"name\":\"options-lake-daily\","
                + "\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app/jobruns/00run\","
                + "\"createdBy\":\"arn:aws:iam::123456789012:user/dev\",\"createdAt\":" + CREATED.getEpochSecond() + ","
                + "\"updatedAt\":" + CREATED.getEpochSecond() + ","
                + "\"executionRole\":\"arn:aws:iam::123456789012:role/trading-job\",\"state\":\"" + state + "\","
                + "\"stateDetails\":\"" + details + "\",\"releaseLabel\":\"emr-7.11.0\","
                + "\"jobDriver\":{\"sparkSubmit\":{\"entryPoint\":\"s3://bucket/artifacts/trading-jobs.jar\"}},"
                + "\"attempt\":" + attempt + "}}");
    }

    static ResponseDefinitionBuilder jobRun(String state) {
        return jobRun(state, "", 1);
    }

    /**
     * An ended run as GetJobRun returns it since EMR Serverless reports resources: the billed
     * figures (one-minute minimum per worker, storage beyond 20 GB per worker) and the used ones.
     */
    static ResponseDefinitionBuilder endedRun(String state, String billed, String total) {
        return json("{\"jobRun\":{\"applicationId\":\"00app\",\"jobRunId\":\"00run\",\"name\":\"options-lake-daily\","
                + "\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app/jobruns/00run\","
                + "\"createdBy\":\"arn:aws:iam::123456789012:user/dev\",\"createdAt\":" + CREATED.getEpochSecond() + ","
                + "\"updatedAt\":" + CREATED.plusSeconds(400).getEpochSecond() + ","
                + "\"startedAt\":" + CREATED.plusSeconds(60).getEpochSecond() + ","
                + "\"endedAt\":" + CREATED.plusSeconds(360).getEpochSecond() + ","
                + "\"executionRole\":\"arn:aws:iam::123456789012:role/trading-job\",\"state\":\"" + state + "\","
                + "\"stateDetails\":\"\",\"releaseLabel\":\"emr-7.11.0\","
                + "\"jobDriver\":{\"sparkSubmit\":{\"entryPoint\":\"s3://bucket/artifacts/trading-jobs.jar\"}},"
                + "\"totalExecutionDurationSeconds\":300,"
                + (billed == null ? "" : "\"billedResourceUtilization\":" + billed + ",")
                + (total == null ? "" : "\"totalResourceUtilization\":" + total + ",")
                + "\"attempt\":1}}");
    }

    /** GetJobRun answers these responses in turn, the last one for ever. */
    void stubSequence(ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            var stubbing = get(urlPathEqualTo(RUN)).inScenario("run")
                    .whenScenarioStateIs(i == 0 ? STARTED : "poll-" + i).willReturn(responses[i]);
            if (i + 1 < responses.length) {
                stubbing = stubbing.willSetStateTo("poll-" + (i + 1));
            }
            stub.server.stubFor(stubbing);
        }
    }

    void stubDashboard() {
        stub.server.stubFor(get(urlPathEqualTo(DASHBOARD)).willReturn(json("{\"url\":\"" + UI + "\"}")));
    }

    @Test
    void followsTheRunThroughEveryStateToSuccess() {
        stubSequence(jobRun("SUBMITTED"), jobRun("QUEUED"), jobRun("QUEUED"), jobRun("PENDING"), jobRun("SCHEDULED"),
                jobRun("RUNNING"), jobRun("RUNNING"), jobRun("RUNNING"), jobRun("SUCCESS"));
        stubDashboard();

        WatchResult r = watcher().watch("00app", "00run", POLL, Optional.empty(), false);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.succeeded()).isTrue();
        assertThat(r.state()).isEqualTo("SUCCESS");
        assertThat(r.attempt()).isEqualTo(1);
        assertThat(r.elapsed()).isEqualTo(Duration.ofSeconds(85));
        assertThat(r.dashboardUrl()).contains(UI);
        assertThat(log).containsExactly(
                "Watching job run 00run of application 00app every 10s",
                "Job run 00run: SUBMITTED after 5s",
                "Job run 00run: QUEUED after 15s",
                "Job run 00run: PENDING after 35s",
                "Job run 00run: SCHEDULED after 45s",
                "Job run 00run: RUNNING after 55s",
                "Spark UI: " + UI + " (single-use, valid for an hour; for a new one: mvn trading:watch"
                        + " -Dtrading.watch.job-run-id=00run)",
                "Job run 00run: SUCCESS after 1m25s");
        stub.server.verify(1, getRequestedFor(urlPathEqualTo(DASHBOARD)).withQueryParam("attempt", absent()));
        assertThat(time.sleeps).hasSize(8).containsOnly(POLL);
    }

    @Test
    void anEndedRunCarriesItsBilledAndUsedResources() {
        stubSequence(jobRun("RUNNING"), endedRun("SUCCESS",
                "{\"vCPUHour\":1.0,\"memoryGBHour\":4.0,\"storageGBHour\":20.0}",
                "{\"vCPUHour\":0.933,\"memoryGBHour\":3.733,\"storageGBHour\":23.333}"));
        stubDashboard();

        WatchResult r = watcher().watch("00app", "00run", POLL, Optional.empty(), false);

        assertThat(r.runEnded()).isTrue();
        assertThat(r.billed()).contains(new ResourceUsage(1.0, 4.0, 20.0));
        assertThat(r.total()).contains(new ResourceUsage(0.933, 3.733, 23.333));
    }

    @Test
    void aRunWithoutUtilizationInGetJobRunHasNone() {
        stubSequence(jobRun("PENDING"), endedRun("CANCELLED", null, null));

        WatchResult r = watcher().watch("00app", "00run", POLL, Optional.empty(), false);

        assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(r.runEnded()).isTrue();
        assertThat(r.billed()).isEmpty();
        assertThat(r.total()).isEmpty();
    }

    @Test
    void aRunningRunHasNoResourceFiguresYet() {
        stub.server.stubFor(get(urlPathEqualTo(RUN)).willReturn(jobRun("RUNNING")));
        stubDashboard();

        WatchResult r = watcher().watch("00app", "00run", POLL, Optional.of(Duration.ofSeconds(10)), false);

        assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT_LEFT_RUNNING);
        assertThat(r.runEnded()).isFalse();
        assertThat(r.billed()).isEmpty();
    }

    @Test
    void everyWatchOfARunningRunFetchesAFreshSparkUiLinkOnItsFirstPoll() {
        stub.server.stubFor(get(urlPathEqualTo(RUN)).willReturn(jobRun("RUNNING")));
        // single-use links: each GetDashboardForJobRun answers a new one
        stub.server.stubFor(get(urlPathEqualTo(DASHBOARD)).inScenario("ui").whenScenarioStateIs(STARTED)
                .willReturn(json("{\"url\":\"" + UI + "?token=first\"}")).willSetStateTo("second"));
        stub.server.stubFor(get(urlPathEqualTo(DASHBOARD)).inScenario("ui").whenScenarioStateIs("second")
                .willReturn(json("{\"url\":\"" + UI + "?token=second\"}")));

        // submit's watch gives up after 30 s and leaves the run running ...
        WatchResult first = watcher().watch("00app", "00run", POLL, Optional.of(Duration.ofSeconds(30)), false);
        // ... and trading:watch re-attaches to it
        WatchResult second = watcher().watch("00app", "00run", POLL, Optional.of(Duration.ofSeconds(10)), false);

        assertThat(first.dashboardUrl()).contains(UI + "?token=first");
        assertThat(second.dashboardUrl()).contains(UI + "?token=second");
        // once per watch, not once per poll: the first watch polled 4 times, the second twice
        stub.server.verify(6, getRequestedFor(urlPathEqualTo(RUN)));
        stub.server.verify(2, getRequestedFor(urlPathEqualTo(DASHBOARD)).withQueryParam("attempt", absent()));
        assertThat(log).filteredOn(l -> l.startsWith("Spark UI: ")).containsExactly(
                "Spark UI: " + UI + "?token=first (single-use, valid for an hour; for a new one: mvn trading:watch"
                        + " -Dtrading.watch.job-run-id=00run)",
                "Spark UI: " + UI + "?token=second (single-use, valid for an hour; for a new one: mvn trading:watch"
                        + " -Dtrading.watch.job-run-id=00run)");
        // the re-attaching watch fetched it right after its first GetJobRun, before any wait
        int reattach = log.indexOf("Watching job run 00run of application 00app every 10s for up to 10s");
        assertThat(log.get(reattach + 1)).isEqualTo("Job run 00run: RUNNING after 35s");
        assertThat(log.get(reattach + 2)).startsWith("Spark UI: " + UI + "?token=second");
    }

    @Test
    void aFailedRunEndsTheWatchWithItsReason() {
        stubSequence(jobRun("PENDING"), jobRun("RUNNING"),
                jobRun("FAILED", "Job failed, please check complete logs in configured logging destination. ExitCode: 1", 1));
        stubDashboard();

        WatchResult r = watcher().watch("00app", "00run", POLL, Optional.of(Duration.ofHours(1)), true);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.state()).isEqualTo("FAILED");
        assertThat(r.stateDetails()).startsWith("Job failed, please check complete logs").endsWith("ExitCode: 1");
        assertThat(log).contains("Job run 00run: FAILED after 25s: Job failed, please check complete logs in configured"
                + " logging destination. ExitCode: 1");
        stub.server.verify(1, getRequestedFor(urlPathEqualTo(DASHBOARD)));
        stub.server.verify(0, deleteRequestedFor(urlPathEqualTo(RUN)));
    }

    @Test
    void aRunThatFailsBeforeRunningHasNoSparkUi() {
        stubSequence(jobRun("PENDING"), jobRun("FAILED", "Invalid execution role", 1));

        WatchResult r = watcher().watch("00app", "00run", POLL, Optional.empty(), false);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.dashboardUrl()).isEmpty();
        stub.server.verify(0, getRequestedFor(urlPathEqualTo(DASHBOARD)));
    }

    @Test
    void throttlingAndServerErrorsInTheMiddleDoNotEndTheWatch() {
        stubSequence(jobRun("RUNNING"), error(429, "ThrottlingException", "Rate exceeded"),
                error(503, "ServiceUnavailable", "Service unavailable"), jobRun("RUNNING"), jobRun("SUCCESS"));
        stubDashboard();

        WatchResult r = watcher().watch("00app", "00run", POLL, Optional.empty(), false);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(log).contains(
                "[warning] GetJobRun failed (ThrottlingException, HTTP 429: Rate exceeded); still watching, next try in 10s",
                "[warning] GetJobRun failed (ServiceUnavailable, HTTP 503: Service unavailable); still watching,"
                        + " next try in 20s");
        assertThat(time.sleeps).containsExactly(POLL, POLL, Duration.ofSeconds(20), POLL);
        assertThat(log.stream().filter(l -> l.contains("RUNNING"))).hasSize(1);
    }

    @Test
    void pollingRidesOutThrottlingServerErrorsAndResetsWithBackoffToTheFinalState() {
        stubSequence(jobRun("RUNNING"), error(429, "ThrottlingException", "Rate exceeded"),
                error(500, "InternalServerException", "Internal error"),
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                error(503, "ServiceUnavailableException", "Service unavailable"), jobRun("RUNNING"), jobRun("SUCCESS"));
        stubDashboard();

        WatchResult r = watcher().watch("00app", "00run", POLL, Optional.empty(), false);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.state()).isEqualTo("SUCCESS");
        stub.server.verify(7, getRequestedFor(urlPathEqualTo(RUN)));
        // the wait doubles with each failed poll and is back to the interval after a success
        assertThat(time.sleeps).containsExactly(POLL, Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(40), Duration.ofSeconds(80), POLL);
        assertThat(log).filteredOn(l -> l.startsWith("[warning] GetJobRun failed (")).hasSize(4)
                .anySatisfy(l -> assertThat(l).startsWith("[warning] GetJobRun failed (SdkClientException: ")
                        .endsWith("still watching, next try in 40s"));
        assertThat(log).last().isEqualTo("Job run 00run: SUCCESS after 2m55s");
    }

    @Test
    void aWatchGivesUpAfterItsBudgetOfFailedPollsInARowAndSaysHowToWatchAgain() {
        stubSequence(jobRun("RUNNING"), error(503, "ServiceUnavailableException", "Service unavailable"));
        stubDashboard();

        assertThatThrownBy(() -> watcher().watch("00app", "00run", POLL, Optional.empty(), true))
                .isInstanceOf(EmrException.class)
                .hasMessage("Stopped watching job run 00run of application 00app: GetJobRun failed 10 times in a row"
                        + " over 12m30s (last: ServiceUnavailableException, HTTP 503: Service unavailable). The run"
                        + " itself may still be going (last seen RUNNING): watch it again once EMR Serverless answers,"
                        + " with mvn trading:watch -Dtrading.watch.job-run-id=00run");
        stub.server.verify(1 + JobRunWatcher.MAX_FAILED_POLLS, getRequestedFor(urlPathEqualTo(RUN)));
        assertThat(time.sleeps).containsExactly(POLL, Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(40), Duration.ofSeconds(80), Duration.ofMinutes(2), Duration.ofMinutes(2),
                Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofMinutes(2));
        // giving up on the API is not a reason to cancel the run
        stub.server.verify(0, deleteRequestedFor(urlPathEqualTo(RUN)));
    }

    @Test
    void onlyFailedPollsInARowCountAgainstTheBudget() {
        List<ResponseDefinitionBuilder> answers = new ArrayList<>();
        answers.add(jobRun("RUNNING"));
        for (int round = 0; round < 2; round++) {
            for (int i = 1; i < JobRunWatcher.MAX_FAILED_POLLS; i++) {
                answers.add(error(429, "ThrottlingException", "Rate exceeded"));
            }
            answers.add(jobRun("RUNNING"));
        }
        answers.add(jobRun("SUCCESS"));
        stubSequence(answers.toArray(ResponseDefinitionBuilder[]::new));
        stubDashboard();

        WatchResult r = watcher().watch("00app", "00run", POLL, Optional.empty(), false);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        stub.server.verify(answers.size(), getRequestedFor(urlPathEqualTo(RUN)));
    }

    @Test
    void aTimeoutCancelsTheRunAndWaitsForCancelled() {
        stub.server.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs(STARTED)
                .willReturn(jobRun("RUNNING")));
        stub.server.stubFor(delete(urlPathEqualTo(RUN)).inScenario("run")
                .willReturn(json("{\"applicationId\":\"00app\",\"jobRunId\":\"00run\"}")).willSetStateTo("cancelling"));
        stub.server.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs("cancelling")
                .willReturn(jobRun("CANCELLING")).willSetStateTo("cancelled"));
        stub.server.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs("cancelled")
                .willReturn(jobRun("CANCELLED", "Job run was cancelled by the user", 1)));
        stubDashboard();

        WatchResult r = watcher().watch("00app", "00run", POLL, Optional.of(Duration.ofSeconds(25)), true, 60);

        assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT_CANCELLED);
        assertThat(r.state()).isEqualTo("CANCELLED");
        stub.server.verify(1, deleteRequestedFor(urlPathEqualTo(RUN))
                .withQueryParam("shutdownGracePeriodInSeconds", equalTo("60")));
        assertThat(log).contains("Timeout of 25s reached: cancelling job run 00run",
                "Cancellation of job run 00run requested (shutdown grace period 60s)",
                "Job run 00run: CANCELLING after 40s",
                "Job run 00run: CANCELLED after 50s: Job run was cancelled by the user");
        // polls at 0, 10, 20 s; a short sleep to the deadline at 25 s; then the cancellation
        assertThat(time.sleeps).containsExactly(POLL, POLL, Duration.ofSeconds(5), POLL, POLL);
    }

    @Test
    void aRunThatIgnoresTheCancellationIsGivenUpOnAfterABoundedWait() {
        stub.server.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs(STARTED)
                .willReturn(jobRun("RUNNING")));
        stub.server.stubFor(delete(urlPathEqualTo(RUN)).inScenario("run")
                .willReturn(json("{\"applicationId\":\"00app\",\"jobRunId\":\"00run\"}")).willSetStateTo("cancelling"));
        stub.server.stubFor(get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs("cancelling")
                .willReturn(jobRun("CANCELLING")));
        stubDashboard();

        WatchResult r = watcher().watch("00app", "00run", POLL, Optional.of(Duration.ofSeconds(10)), true);

        assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT_CANCEL_REQUESTED);
        stub.server.verify(1, deleteRequestedFor(urlPathEqualTo(RUN)).withQueryParam("shutdownGracePeriodInSeconds", absent()));
        Duration slept = time.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(slept).isEqualTo(Duration.ofSeconds(10).plus(JobRunWatcher.CANCEL_WAIT));
    }

    @Test
    void aTimeoutWithoutCancellationLeavesTheRunAndSaysHowToWatchIt() {
        stub.server.stubFor(get(urlPathEqualTo(RUN)).willReturn(jobRun("RUNNING")));
        stubDashboard();

        WatchResult r = watcher().watch("00app", "00run", POLL, Optional.of(Duration.ofSeconds(30)), false);

        assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT_LEFT_RUNNING);
        assertThat(r.state()).isEqualTo("RUNNING");
        assertThat(log).last().isEqualTo("Stopped watching after 30s: job run 00run still runs (RUNNING)."
                + " Watch it with: mvn trading:watch -Dtrading.watch.job-run-id=00run");
        stub.server.verify(0, deleteRequestedFor(urlPathEqualTo(RUN)));
    }

    @Test
    void aRetriedRunReportsItsAttemptAndTheAttemptsSparkUi() {
        stubSequence(jobRun("RUNNING", "", 1), jobRun("PENDING", "", 2), jobRun("RUNNING", "", 2),
                jobRun("SUCCESS", "", 2));
        stubDashboard();

        WatchResult r = watcher().watch("00app", "00run", POLL, Optional.empty(), false);

        assertThat(r.attempt()).isEqualTo(2);
        assertThat(log).contains("Job run 00run: PENDING after 15s (attempt 2)", "Job run 00run: RUNNING after 25s (attempt 2)");
        stub.server.verify(1, getRequestedFor(urlPathEqualTo(DASHBOARD)).withQueryParam("attempt", absent()));
        stub.server.verify(1, getRequestedFor(urlPathEqualTo(DASHBOARD)).withQueryParam("attempt", equalTo("2")));
    }

    @Test
    void anInterruptedWatchKeepsTheInterruptFlagAndSaysSo() {
        stub.server.stubFor(get(urlPathEqualTo(RUN)).willReturn(jobRun("RUNNING")));
        stubDashboard();
        JobRunWatcher watcher = new JobRunWatcher(stub.client(), log::add, time, d -> {
            throw new InterruptedException();
        });

        try {
            WatchResult r = watcher.watch("00app", "00run", POLL, Optional.empty(), true);

            assertThat(r.outcome()).isEqualTo(Outcome.INTERRUPTED);
            assertThat(r.state()).isEqualTo("RUNNING");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(log).last().isEqualTo("Interrupted: stopped watching job run 00run (last seen RUNNING)");
            stub.server.verify(0, deleteRequestedFor(urlPathEqualTo(RUN)));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anUnknownRunIsAnError() {
        stub.server.stubFor(get(urlPathEqualTo(RUN))
                .willReturn(error(404, "ResourceNotFoundException", "Job run 00run does not exist")));

        assertThatThrownBy(() -> watcher().watch("00app", "00run", POLL, Optional.empty(), false))
                .isInstanceOf(EmrException.class)
                .hasMessageContaining("Job run 00run of application 00app does not exist");
    }

    @Test
    void cancelRetriesTransientErrorsAndSendsTheGracePeriodOnlyWhenSet() {
        stub.server.stubFor(delete(urlPathEqualTo(RUN)).inScenario("cancel").whenScenarioStateIs(STARTED)
                .willReturn(error(500, "InternalServerException", "oops")).willSetStateTo("ok"));
        stub.server.stubFor(delete(urlPathEqualTo(RUN)).inScenario("cancel").whenScenarioStateIs("ok")
                .willReturn(json("{\"applicationId\":\"00app\",\"jobRunId\":\"00run\"}")));

        watcher().cancel("00app", "00run", 0);

        stub.server.verify(2, deleteRequestedFor(urlPathEqualTo(RUN)).withQueryParam("shutdownGracePeriodInSeconds", absent()));
        assertThat(log).last().isEqualTo("Cancellation of job run 00run requested");
    }

    @Test
    void aRefusedCancellationIsAnError() {
        stub.server.stubFor(delete(urlPathEqualTo(RUN))
                .willReturn(error(400, "ValidationException", "Job run 00run is in a terminal state")));

        assertThatThrownBy(() -> watcher().cancel("00app", "00run", 30))
                .isInstanceOf(EmrException.class)
                .hasMessage("Cannot cancel job run 00run of application 00app: ValidationException, HTTP 400:"
                        + " Job run 00run is in a terminal state");
    }
}
