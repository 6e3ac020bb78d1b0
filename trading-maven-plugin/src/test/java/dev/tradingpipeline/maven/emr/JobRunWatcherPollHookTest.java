package dev.tradingpipeline.maven.emr;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.tradingpipeline.maven.emr.EmrStub.error;
import static dev.tradingpipeline.maven.emr.EmrStub.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watch's per-poll hook (the live driver output hangs on it). */
class JobRunWatcherPollHookTest {

    static final String RUN = "/applications/00app/jobruns/00run";

    final EmrStub stub = new EmrStub();
    final FakeTime time = new FakeTime(Instant.parse("2024-03-05T14:30:05Z"));
    final List<String> log = new ArrayList<>();

    @AfterEach
    void stop() {
        stub.close();
    }

    static ResponseDefinitionBuilder jobRun(String state, int attempt) {
        return json("{\"jobRun\":{\"applicationId\":\"00app\",\"jobRunId\":\"00run\",\"state\":\"" + state + "\","
                + "\"createdAt\":1709649000,\"attempt\":" + attempt + "}}");
    }

    @Test
    void theHookSeesEachAnsweredPollAfterItsStateLineAndNotTheFailedOnes() {
        ResponseDefinitionBuilder[] answers = {jobRun("PENDING", 1), error(503, "InternalServerException", "busy"),
            jobRun("RUNNING", 1), jobRun("RUNNING", 2), jobRun("SUCCESS", 2)};
        for (int i = 0; i < answers.length; i++) {
            var m = get(urlPathEqualTo(RUN)).inScenario("run").whenScenarioStateIs(i == 0 ? STARTED : "poll-" + i)
                    .willReturn(answers[i]);
            if (i + 1 < answers.length) {
                m = m.willSetStateTo("poll-" + (i + 1));
            }
            stub.server.stubFor(m);
        }
        stub.server.stubFor(get(urlPathEqualTo(RUN + "/dashboard")).willReturn(json("{\"url\":\"https://ui\"}")));
        List<String> seen = new ArrayList<>();

        WatchResult r = new JobRunWatcher(stub.client(), log::add, time, time)
                .afterEachPoll(run -> {
                    seen.add(run.stateAsString() + "/" + run.attempt());
                    log.add("hook " + run.stateAsString());
                })
                .watch("00app", "00run", Duration.ofSeconds(10), Optional.empty(), false);

        assertThat(r.succeeded()).isTrue();
        assertThat(seen).containsExactly("PENDING/1", "RUNNING/1", "RUNNING/2", "SUCCESS/2");
        // after the state line of the same poll (and the Spark UI link), before the next
        assertThat(log).containsSubsequence("Job run 00run: PENDING after 5s", "hook PENDING",
                "Job run 00run: RUNNING after 25s", "Spark UI: https://ui (single-use, valid for an hour; for a new one: mvn trading:watch -Dtrading.watch.job-run-id=00run)", "hook RUNNING",
                "Job run 00run: SUCCESS after 45s (attempt 2)", "hook SUCCESS");
    }
}
