package dev.tradingpipeline.maven.emr;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.tradingpipeline.maven.emr.EmrStub.error;
import static dev.tradingpipeline.maven.emr.EmrStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.ResourceUtilization;

class JobRunHistoryTest {

    static final String LIST = "/applications/00app/jobruns";
    static final Instant NOW = Instant.parse("2024-03-05T15:00:00Z");

    final EmrStub stub = new EmrStub();
    final FakeTime time = new FakeTime(NOW);
    final List<String> log = new ArrayList<>();

    @AfterEach
    void stop() {
        stub.close();
    }

    JobRunHistory history() {
        return new JobRunHistory(stub.client(), log::add, time, time);
    }

    static String summary(String id, String state, Instant created) {
        return "{\"applicationId\":\"00app\",\"id\":\"" + id + "\",\"name\":\"n-" + id + "\","
                + "\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app/jobruns/" + id + "\","
                + "\"createdBy\":\"arn:aws:iam::123456789012:user/dev\",\"createdAt\":" + created.getEpochSecond() + ","
                + "\"updatedAt\":" + created.getEpochSecond() + ",\"executionRole\":\"arn:aws:iam::123456789012:role/job\","
                + "\"state\":\"" + state + "\",\"stateDetails\":\"\",\"releaseLabel\":\"emr-7.11.0\"}";
    }

    /** GetJobRun's answer: {@code extra} is more JSON fields (tags, duration, billed usage). */
    void stubRun(String id, String name, String state, Instant created, String extra) {
        stub.server.stubFor(get(urlPathEqualTo(LIST + "/" + id)).willReturn(json("{\"jobRun\":{\"applicationId\":\"00app\","
                + "\"jobRunId\":\"" + id + "\",\"name\":\"" + name + "\","
                + "\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app/jobruns/" + id + "\","
                + "\"createdBy\":\"arn:aws:iam::123456789012:user/dev\",\"createdAt\":" + created.getEpochSecond() + ","
                + "\"updatedAt\":" + created.getEpochSecond() + ",\"executionRole\":\"arn:aws:iam::123456789012:role/job\","
                + "\"state\":\"" + state + "\",\"releaseLabel\":\"emr-7.11.0\","
                + "\"jobDriver\":{\"sparkSubmit\":{\"entryPoint\":\"s3://bucket/job.jar\"}}" + extra + "}}")));
    }

    @Test
    void pagesThroughListJobRunsUntilTheLimitAndAsksGetJobRunForTheShownOnesOnly() throws Exception {
        Instant t1 = Instant.parse("2024-03-05T14:50:00Z");
        Instant t2 = Instant.parse("2024-03-05T12:00:00Z");
        Instant t3 = Instant.parse("2024-03-04T09:15:30Z");
        // page 1: two runs and a token; page 2 (asked with that token, for the one run still wanted): two runs
        stub.server.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("nextToken", absent())
                .willReturn(json("{\"jobRuns\":[" + summary("r1", "RUNNING", t1) + "," + summary("r2", "SUCCESS", t2)
                        + "],\"nextToken\":\"page-2\"}")));
        stub.server.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("nextToken", equalTo("page-2"))
                .willReturn(json("{\"jobRuns\":[" + summary("r3", "FAILED", t3) + "," + summary("r4", "SUCCESS", t3)
                        + "],\"nextToken\":\"page-3\"}")));
        stubRun("r1", "proj-daily-20240305-145000", "RUNNING", t1, ",\"tags\":{\"mode\":\"daily\",\"project\":\"proj\"}");
        stubRun("r2", "proj-strategy-20240305-120000", "SUCCESS", t2,
                ",\"tags\":{\"mode\":\"strategy\"},\"totalExecutionDurationSeconds\":754,"
                        + "\"billedResourceUtilization\":{\"vCPUHour\":1.25,\"memoryGBHour\":5.5,\"storageGBHour\":20.0}");
        stubRun("r3", "someone-elses", "FAILED", t3, ",\"totalExecutionDurationSeconds\":65");

        List<JobRunHistory.Entry> runs = history().recent("00app", 3, Set.of());

        assertThat(runs).extracting(JobRunHistory.Entry::id).containsExactly("r1", "r2", "r3");
        assertThat(runs).extracting(JobRunHistory.Entry::mode).containsExactly("daily", "strategy", "");
        // r1 has not ended: 10 minutes since it was submitted (14:50 to 15:00)
        assertThat(runs.get(0).duration()).contains(Duration.ofMinutes(10));
        assertThat(runs.get(1).duration()).contains(Duration.ofSeconds(754));
        assertThat(runs.get(1).billed().map(ResourceUtilization::vcpuHour)).contains(1.25);
        assertThat(runs.get(2).billed()).isEmpty();

        List<LoggedRequest> lists = stub.server.findAll(getRequestedFor(urlPathEqualTo(LIST)));
        assertThat(lists).hasSize(2);
        assertThat(lists.get(0).queryParameter("maxResults").firstValue()).isEqualTo("3");
        assertThat(lists.get(0).queryParameter("states").isPresent()).isFalse();
        // the second page asks only for what is still wanted
        assertThat(lists.get(1).queryParameter("maxResults").firstValue()).isEqualTo("1");
        assertThat(lists.get(1).queryParameter("nextToken").firstValue()).isEqualTo("page-2");
        // r4 was listed but is past the limit: no GetJobRun for it
        assertThat(stub.server.findAll(getRequestedFor(urlPathMatching(LIST + "/.+"))))
                .extracting(LoggedRequest::getUrl)
                .containsExactly(LIST + "/r1", LIST + "/r2", LIST + "/r3");

        List<String> table = JobRunHistory.table(runs, Optional.empty());
        assertThat(table).containsExactly(
                "id  name                           mode      state    submitted (UTC)      duration       vCPU-hours",
                "r1  proj-daily-20240305-145000     daily     RUNNING  2024-03-05 14:50:00  10m00s so far",
                "r2  proj-strategy-20240305-120000  strategy  SUCCESS  2024-03-05 12:00:00  12m34s              1.250",
                "r3  someone-elses                            FAILED   2024-03-04 09:15:30  1m05s");
    }

    @Test
    void asksForEachStateOnItsOwnAtMostFiftyAPageAndMergesNewestFirst() throws Exception {
        // ListJobRuns groups its answer by state when given several: each state is asked for alone
        Instant older = Instant.parse("2024-03-01T10:00:00Z");
        Instant newer = Instant.parse("2024-03-02T10:00:00Z");
        stub.server.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("states", havingExactly("FAILED"))
                .willReturn(json("{\"jobRuns\":[" + summary("f1", "FAILED", older) + "]}")));
        stub.server.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("states", havingExactly("CANCELLED"))
                .willReturn(json("{\"jobRuns\":[" + summary("c1", "CANCELLED", newer) + "]}")));
        stubRun("f1", "f", "FAILED", older, "");
        stubRun("c1", "c", "CANCELLED", newer, "");

        List<JobRunHistory.Entry> runs = history().recent("00app", 120,
                JobRunHistory.parseStates("failed, CANCELLED", "-Dtrading.runs.states"));

        assertThat(runs).extracting(JobRunHistory.Entry::id).containsExactly("c1", "f1");
        stub.server.verify(2, getRequestedFor(urlPathEqualTo(LIST)).withQueryParam("maxResults", equalTo("50")));
        stub.server.verify(1, getRequestedFor(urlPathEqualTo(LIST)).withQueryParam("states", havingExactly("FAILED")));
        stub.server.verify(1, getRequestedFor(urlPathEqualTo(LIST)).withQueryParam("states", havingExactly("CANCELLED")));
    }

    @Test
    void everyStateNamedIsNoFilterAtAll() throws Exception {
        stub.server.stubFor(get(urlPathEqualTo(LIST)).willReturn(json("{\"jobRuns\":[]}")));

        List<JobRunHistory.Entry> runs = history().recent("00app", 7, JobRunHistory.parseStates(
                "SUBMITTED,PENDING,SCHEDULED,RUNNING,SUCCESS,FAILED,CANCELLING,CANCELLED,QUEUED", "-Dtrading.runs.states"));

        assertThat(runs).isEmpty();
        // ListJobRuns takes at most 8 states: all 9 are asked for as none
        stub.server.verify(1, getRequestedFor(urlPathEqualTo(LIST)).withQueryParam("maxResults", equalTo("7"))
                .withQueryParam("states", absent()));
        stub.server.verify(0, getRequestedFor(urlPathMatching(LIST + "/.+")));
    }

    @Test
    void anUnknownStateIsNamedWithTheValidOnes() {
        assertThatThrownBy(() -> JobRunHistory.parseStates("FAILED,done,Runing", "-Dtrading.runs.states"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dtrading.runs.states=FAILED,done,Runing: unknown job run states done, Runing; valid:"
                        + " SUBMITTED, PENDING, SCHEDULED, RUNNING, SUCCESS, FAILED, CANCELLING, CANCELLED, QUEUED");
        assertThat(JobRunHistory.parseStates(" ", "-Dtrading.runs.states")).isEmpty();
        assertThat(JobRunHistory.parseStates("success,", "-Dtrading.runs.states"))
                .isEqualTo(EnumSet.of(JobRunState.SUCCESS));
    }

    @Test
    void anApplicationThatIsGoneIsReportedByTheCall() {
        stub.server.stubFor(get(urlPathEqualTo(LIST)).willReturn(
                error(404, "ResourceNotFoundException", "Application 00app does not exist")));

        assertThatThrownBy(() -> history().recent("00app", 5, Set.of()))
                .isInstanceOf(EmrException.class)
                .hasMessageContaining("ListJobRuns")
                .hasMessageContaining("Application 00app does not exist");
    }

    @Test
    void costIsVcpuHoursAndMemoryGbHoursTimesTheirPrices() {
        // storage priced at 0 here: the cost is the vCPU and memory parts alone
        EmrPrices.PriceTable prices = new EmrPrices.PriceTable(EmrPrices.ARM64, new EmrPrices.Rates(
                new BigDecimal("0.04201"), new BigDecimal("0.00460"), BigDecimal.ZERO), "test prices");
        ResourceUtilization billed = ResourceUtilization.builder().vcpuHour(10.0).memoryGBHour(40.0)
                .storageGBHour(100.0).build();

        // 10 vCPU-h x 0.04201 = 0.4201; 40 GB-h x 0.00460 = 0.1840; sum 0.6041 -> $0.60
        assertThat(JobRunHistory.cost(Optional.of(billed), prices)).contains(new BigDecimal("0.60"));
        assertThat(JobRunHistory.cost(Optional.empty(), prices)).isEmpty();

        JobRunHistory.Entry ended = new JobRunHistory.Entry("r9", "n", "daily", "SUCCESS", NOW,
                Optional.of(Duration.ofSeconds(30)), true, Optional.of(billed));
        assertThat(JobRunHistory.table(List.of(ended), Optional.of(prices))).containsExactly(
                "id  name  mode   state    submitted (UTC)      duration  vCPU-hours   cost",
                "r9  n     daily  SUCCESS  2024-03-05 15:00:00  30s           10.000  $0.60");
    }
}
