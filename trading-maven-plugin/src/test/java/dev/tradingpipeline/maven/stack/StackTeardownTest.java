package dev.tradingpipeline.maven.stack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.STACK;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.STACK_ID;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.action;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.event;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.events;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.noSuchStack;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.stacks;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.emr.FakeTime;
import dev.tradingpipeline.maven.testing.TestAws;
import java.net.URI;
import dev.tradingpipeline.maven.testing.S3ProxyServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * trading:teardown's work: CloudFormation, EMR Serverless and ECR calls by the real SDK against
 * WireMock, the bucket emptied in S3Proxy.
 */
class StackTeardownTest {

    static final String APP = "/applications/00app";
    static final String JOBRUNS = APP + "/jobruns";
    static final String ECR_TARGET = "AmazonEC2ContainerRegistry_V20150921.";
    static final String STACK_TYPE = "AWS::CloudFormation::Stack";
    static final Duration TIMEOUT = Duration.ofMinutes(30);

    private static S3ProxyServer s3proxy;

    final CloudFormationStub stub = new CloudFormationStub();
    final WireMockServer s = stub.server;
    final FakeTime time = new FakeTime(Instant.parse("2024-03-05T15:00:00Z"));
    final List<String> log = new ArrayList<>();
    String bucket;

    @BeforeAll
    static void startS3() {
        s3proxy = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() {
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    StackTeardown teardown() {
        return new StackTeardown(stub.clients.cloudFormation(), stub.clients.emrServerless(), s3proxy.client(),
                stub.clients.ecr(), log::add, time, time);
    }

    /**
     * A bucket of its own per test, holding three objects (keys without slashes: S3Proxy's
     * filesystem store lists each folder of a key as an object of its own).
     */
    void bucketWithObjects(String name) {
        bucket = name;
        s3proxy.createBucket(name);
        S3Client s3 = s3proxy.client();
        for (String key : List.of("trading-jobs-0.1.0-ab12.jar", "config-cd34.yaml", "stdout.gz")) {
            s3.putObject(r -> r.bucket(name).key(key), RequestBody.fromString("content of " + key));
        }
    }

    int objectsLeft() {
        return s3proxy.client().listObjectsV2(r -> r.bucket(bucket)).keyCount();
    }

    static String resource(String logicalId, String physicalId, String type) {
        return "<member><LogicalResourceId>" + logicalId + "</LogicalResourceId><PhysicalResourceId>" + physicalId
                + "</PhysicalResourceId><ResourceType>" + type + "</ResourceType><LastUpdatedTimestamp>"
                + "2024-03-05T14:00:00Z</LastUpdatedTimestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>";
    }

    void stubStackResources() {
        s.stubFor(action("ListStackResources").willReturn(xml("ListStackResources", "<StackResourceSummaries>"
                + resource("Bucket", bucket, "AWS::S3::Bucket")
                + resource("Repository", "quant", "AWS::ECR::Repository")
                + resource("JobRole", "quant-JobRole-1A2B", "AWS::IAM::Role")
                + resource("GlueDatabaseBronze", "bronze", "AWS::Glue::Database")
                + resource("Application", "00app", "AWS::EMRServerless::Application")
                + "</StackResourceSummaries>")));
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    static MappingBuilder ecr(String operation) {
        return post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo(ECR_TARGET + operation));
    }

    static RequestPatternBuilder ecrRequested(String operation) {
        return postRequestedFor(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo(ECR_TARGET + operation));
    }

    static String jobRun(String id, String name, String state) {
        return "{\"applicationId\":\"00app\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"arn\":"
                + "\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app/jobruns/" + id + "\","
                + "\"createdBy\":\"arn:aws:iam::123456789012:user/ci\",\"createdAt\":1709640000,"
                + "\"updatedAt\":1709640000,\"executionRole\":\"arn:aws:iam::123456789012:role/job\","
                + "\"state\":\"" + state + "\",\"stateDetails\":\"\",\"releaseLabel\":\"emr-7.11.0\",\"type\":\"Spark\"}";
    }

    static ResponseDefinitionBuilder application(String state) {
        return json("{\"application\":{\"applicationId\":\"00app\",\"name\":\"quant\",\"arn\":"
                + "\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app\",\"releaseLabel\":"
                + "\"emr-7.11.0\",\"type\":\"Spark\",\"state\":\"" + state + "\",\"createdAt\":1709640000,"
                + "\"updatedAt\":1709640000,\"architecture\":\"ARM64\"}}");
    }

    static final String IMAGES = "{\"imageIds\":[{\"imageDigest\":\"sha256:" + "11".repeat(32) + "\",\"imageTag\":"
            + "\"0.1.0-aa\"},{\"imageDigest\":\"sha256:" + "22".repeat(32) + "\"}]}";

    /** A stack with one running job run, two images and a bucket of three objects. */
    void stubStackInUse() {
        s.stubFor(action("DescribeStacks").inScenario("cfn").whenScenarioStateIs(STARTED)
                .willReturn(stacks("UPDATE_COMPLETE", Map.of())));
        stubStackResources();
        s.stubFor(get(urlPathEqualTo(JOBRUNS)).inScenario("emr").whenScenarioStateIs(STARTED)
                .willReturn(json("{\"jobRuns\":[" + jobRun("00run1", "quant-daily", "RUNNING") + "]}")));
        s.stubFor(ecr("ListImages").willReturn(json(IMAGES)));
    }

    @Test
    void withoutConfirmationThePlanListsEverythingAndNothingIsDeleted() throws Exception {
        bucketWithObjects("teardown-plan");
        stubStackInUse();

        StackTeardown.Plan plan = teardown().plan(STACK).orElseThrow();
        List<String> lines = plan.describe();

        assertThat(plan.stackId()).isEqualTo(STACK_ID);
        assertThat(plan.bucket()).contains("teardown-plan");
        assertThat(plan.repository()).contains("quant");
        assertThat(plan.applicationId()).contains("00app");
        assertThat(lines).containsExactly(
                "Stack quant (UPDATE_COMPLETE) holds 5 resources; trading:teardown deletes them all:",
                String.format("  %-24s %-34s %s", "Bucket", "AWS::S3::Bucket", "teardown-plan")
                        + "  emptied first: 3 object versions",
                String.format("  %-24s %-34s %s", "Repository", "AWS::ECR::Repository", "quant")
                        + "  emptied first: 2 images",
                String.format("  %-24s %-34s %s", "JobRole", "AWS::IAM::Role", "quant-JobRole-1A2B"),
                String.format("  %-24s %-34s %s", "GlueDatabaseBronze", "AWS::Glue::Database", "bronze")
                        + "  with the catalog entries of its tables",
                String.format("  %-24s %-34s %s", "Application", "AWS::EMRServerless::Application", "00app")
                        + "  stopped first, after cancelling 1 active job run: 00run1 quant-daily (RUNNING)");

        assertThatThrownBy(() -> StackTeardown.checkConfirmed(plan, null))
                .isInstanceOf(StackException.class)
                .hasMessage("Nothing was deleted. To delete stack quant and everything listed above (cancelling the"
                        + " job runs, emptying the bucket and the repository), run again with -Dtrading.teardown.confirm=quant");
        assertThatThrownBy(() -> StackTeardown.checkConfirmed(plan, "prod"))
                .isInstanceOf(StackException.class)
                .hasMessageEndingWith("-Dtrading.teardown.confirm=quant (trading.teardown.confirm was 'prod')");
        // only reads were sent, and the bucket is as it was
        s.verify(0, deleteRequestedFor(anyUrl()));
        s.verify(0, postRequestedFor(urlPathEqualTo(APP + "/stop")));
        s.verify(0, ecrRequested("BatchDeleteImage"));
        assertThat(stub.actions()).containsOnly("DescribeStacks", "ListStackResources");
        assertThat(objectsLeft()).isEqualTo(3);
    }

    @Test
    void confirmedTheJobsAreCancelledTheApplicationStoppedTheStoresEmptiedAndTheStackDeleted() throws Exception {
        bucketWithObjects("teardown-confirmed");
        stubStackInUse();
        s.stubFor(delete(urlPathEqualTo(JOBRUNS + "/00run1")).inScenario("emr")
                .willReturn(json("{\"applicationId\":\"00app\",\"jobRunId\":\"00run1\"}")).willSetStateTo("cancelled"));
        s.stubFor(get(urlPathEqualTo(JOBRUNS)).inScenario("emr").whenScenarioStateIs("cancelled")
                .willReturn(json("{\"jobRuns\":[]}")));
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("emr").whenScenarioStateIs("cancelled")
                .willReturn(application("STARTED")));
        s.stubFor(post(urlPathEqualTo(APP + "/stop")).inScenario("emr").willReturn(json("{}"))
                .willSetStateTo("stopping"));
        s.stubFor(get(urlPathEqualTo(APP)).inScenario("emr").whenScenarioStateIs("stopping")
                .willReturn(application("STOPPED")));
        s.stubFor(ecr("BatchDeleteImage").willReturn(json(IMAGES.replace("]}", "],\"failures\":[]}"))));
        String e0 = event("e0", "14:00:00", STACK, STACK_TYPE, "UPDATE_COMPLETE", null);
        String e1 = event("e1", "15:01:00", STACK, STACK_TYPE, "DELETE_IN_PROGRESS", "User Initiated");
        String e2 = event("e2", "15:01:30", "Bucket", "AWS::S3::Bucket", "DELETE_COMPLETE", null);
        String e3 = event("e3", "15:02:10", STACK, STACK_TYPE, "DELETE_COMPLETE", null);
        s.stubFor(action("DescribeStackEvents").inScenario("cfn").whenScenarioStateIs(STARTED).willReturn(events(e0)));
        s.stubFor(action("DeleteStack").inScenario("cfn").willReturn(xml("DeleteStack", null))
                .willSetStateTo("deleting"));
        s.stubFor(action("DescribeStackEvents").inScenario("cfn").whenScenarioStateIs("deleting")
                .willReturn(events(e0, e1, e2, e3)));
        s.stubFor(action("DescribeStacks").inScenario("cfn").whenScenarioStateIs("deleting")
                .willReturn(stacks("DELETE_COMPLETE", Map.of())));

        StackTeardown teardown = teardown();
        StackTeardown.Plan plan = teardown.plan(STACK).orElseThrow();
        StackTeardown.checkConfirmed(plan, "quant");
        teardown.execute(plan, TIMEOUT);

        s.verify(1, deleteRequestedFor(urlPathEqualTo(JOBRUNS + "/00run1")));
        s.verify(1, postRequestedFor(urlPathEqualTo(APP + "/stop")));
        assertThat(objectsLeft()).isZero();
        JsonNode deleted = new ObjectMapper().readTree(
                s.findAll(ecrRequested("BatchDeleteImage")).get(0).getBodyAsString());
        assertThat(deleted.get("repositoryName").asText()).isEqualTo("quant");
        assertThat(deleted.get("imageIds")).hasSize(2);
        assertThat(stub.requests("DeleteStack")).extracting(r -> r.get("StackName")).containsExactly(STACK_ID);
        assertThat(log).containsSubsequence(
                "Cancelling job run 00run1 quant-daily (RUNNING)",
                "Cancellation of job run 00run1 requested",
                "No active job runs on application 00app after 5s",
                "Application 00app is STARTED",
                "Stopping application 00app",
                "Application 00app is STOPPED",
                "Emptied repository quant: 2 images deleted",
                "Deleting stack quant",
                StackDeployerTest.line("15:01:00", STACK, STACK_TYPE, "DELETE_IN_PROGRESS  User Initiated"),
                StackDeployerTest.line("15:02:10", STACK, STACK_TYPE, "DELETE_COMPLETE"),
                "Stack quant is deleted");
        // the application is at rest before the bucket is emptied, the stores are empty before the stack goes
        assertThat(log.indexOf("Application 00app is STOPPED")).isLessThan(indexStartingWith("Emptied bucket"));
        assertThat(indexStartingWith("Emptied bucket teardown-confirmed: 3 object versions deleted"))
                .isLessThan(log.indexOf("Deleting stack quant"));
    }

    int indexStartingWith(String prefix) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no log line starts with '" + prefix + "': " + log);
    }

    @Test
    void aDeletionThatFailsNamesWhatIsLeft() throws Exception {
        bucketWithObjects("teardown-failed");
        s.stubFor(action("DescribeStacks").inScenario("cfn").whenScenarioStateIs(STARTED)
                .willReturn(stacks("CREATE_COMPLETE", Map.of())));
        s.stubFor(action("ListStackResources").willReturn(xml("ListStackResources", "<StackResourceSummaries>"
                + resource("JobRole", "quant-JobRole-1A2B", "AWS::IAM::Role") + "</StackResourceSummaries>")));
        String reason = "Cannot delete entity, must detach all policies first.";
        s.stubFor(action("DescribeStackEvents").inScenario("cfn").whenScenarioStateIs(STARTED).willReturn(events()));
        s.stubFor(action("DeleteStack").inScenario("cfn").willReturn(xml("DeleteStack", null))
                .willSetStateTo("deleting"));
        s.stubFor(action("DescribeStackEvents").inScenario("cfn").whenScenarioStateIs("deleting").willReturn(events(
                event("e1", "15:01:00", STACK, STACK_TYPE, "DELETE_IN_PROGRESS", "User Initiated"),
                event("e2", "15:01:20", "JobRole", "AWS::IAM::Role", "DELETE_FAILED", reason),
                event("e3", "15:01:21", STACK, STACK_TYPE, "DELETE_FAILED", "The following resource(s) failed to"
                        + " delete: [JobRole]."))));
        s.stubFor(action("DescribeStacks").inScenario("cfn").whenScenarioStateIs("deleting")
                .willReturn(stacks("DELETE_FAILED", Map.of())));

        StackTeardown teardown = teardown();
        StackTeardown.Plan plan = teardown.plan(STACK).orElseThrow();

        assertThatThrownBy(() -> teardown.execute(plan, TIMEOUT))
                .isInstanceOf(StackException.class)
                .hasMessage("The deletion of stack quant failed (DELETE_FAILED): JobRole (AWS::IAM::Role) DELETE_FAILED: "
                        + reason + ". The resources named are still there; deal with them and run trading:teardown"
                        + " again.");
        // nothing of the stack's stores was touched: the plan had no bucket, repository or application
        assertThat(objectsLeft()).isEqualTo(3);
        s.verify(0, getRequestedFor(urlPathEqualTo(JOBRUNS)));
    }

    /** A store that takes the DeleteObjects and never answers: the teardown stops within aws.call-timeout. */
    @Test
    void aDeleteTheStoreDoesNotAnswerStopsWithinTheCallTimeoutNamingTheBucket() {
        String s3ns = "http://s3.amazonaws.com/doc/2006-03-01/";
        s.stubFor(get(urlPathEqualTo("/quant-lake")).withQueryParam("versions", equalTo(""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/xml")
                        .withBody("<ListVersionsResult xmlns=\"" + s3ns + "\"><Name>quant-lake</Name>"
                                + "<IsTruncated>false</IsTruncated>"
                                + "<Version><Key>jars/a.jar</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest>"
                                + "</Version></ListVersionsResult>")));
        s.stubFor(post(urlPathEqualTo("/quant-lake")).withQueryParam("delete", equalTo(""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/xml")
                        .withBody("<DeleteResult xmlns=\"" + s3ns + "\"></DeleteResult>").withFixedDelay(4_000)));
        AwsClients s3OnWireMock = TestAws.clients(AwsSettings.defaults()
                .withS3Endpoint(URI.create(s.baseUrl())).withCallTimeout(Duration.ofMillis(800)));
        long start = System.nanoTime();
        try {
            StackTeardown teardown = new StackTeardown(stub.clients.cloudFormation(), stub.clients.emrServerless(),
                    s3OnWireMock.s3(), stub.clients.ecr(), log::add, time, time);
            assertThatThrownBy(() -> teardown.emptyBucket("quant-lake"))
                    .isInstanceOf(StackException.class)
                    .hasMessageStartingWith("Cannot empty bucket quant-lake: DeleteObjects of 1 objects (the first"
                            + " s3://quant-lake/jars/a.jar) not done within aws.call-timeout, retries included")
                    .hasMessageContaining("the stack was not deleted");
        } finally {
            s3OnWireMock.close();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    /** Real S3 lists versions: every version and delete marker goes, page by page. */
    @Test
    void aVersionedBucketLosesEveryVersionAndDeleteMarker() {
        String s3ns = "http://s3.amazonaws.com/doc/2006-03-01/";
        s.stubFor(get(urlPathEqualTo("/quant-lake")).withQueryParam("versions", equalTo(""))
                .withQueryParam("key-marker", absent()).willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/xml")
                        .withBody("<ListVersionsResult xmlns=\"" + s3ns + "\"><Name>quant-lake</Name>"
                                + "<IsTruncated>true</IsTruncated><NextKeyMarker>b.jar</NextKeyMarker>"
                                + "<NextVersionIdMarker>v2</NextVersionIdMarker>"
                                + "<Version><Key>a.jar</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest></Version>"
                                + "<DeleteMarker><Key>b.jar</Key><VersionId>v2</VersionId><IsLatest>true</IsLatest>"
                                + "</DeleteMarker></ListVersionsResult>")));
        s.stubFor(get(urlPathEqualTo("/quant-lake")).withQueryParam("versions", equalTo(""))
                .withQueryParam("key-marker", equalTo("b.jar")).withQueryParam("version-id-marker", equalTo("v2"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/xml")
                        .withBody("<ListVersionsResult xmlns=\"" + s3ns + "\"><Name>quant-lake</Name>"
                                + "<IsTruncated>false</IsTruncated>"
                                + "<Version><Key>b.jar</Key><VersionId>v0</VersionId><IsLatest>false</IsLatest>"
                                + "</Version></ListVersionsResult>")));
        s.stubFor(post(urlPathEqualTo("/quant-lake")).withQueryParam("delete", equalTo(""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/xml")
                        .withBody("<DeleteResult xmlns=\"" + s3ns + "\"></DeleteResult>")));
        AwsClients s3OnWireMock = TestAws.clients(AwsSettings.defaults()
                .withS3Endpoint(URI.create(s.baseUrl())));
        try {
            new StackTeardown(stub.clients.cloudFormation(), stub.clients.emrServerless(), s3OnWireMock.s3(),
                    stub.clients.ecr(), log::add, time, time).emptyBucket("quant-lake");
        } finally {
            s3OnWireMock.close();
        }

        List<String> deletes = s.findAll(postRequestedFor(urlPathEqualTo("/quant-lake"))).stream()
                .map(r -> r.getBodyAsString().replaceAll("\\s+", "")).toList();
        assertThat(deletes).hasSize(2);
        assertThat(deletes.get(0)).contains("<Object><Key>a.jar</Key><VersionId>v1</VersionId></Object>")
                .contains("<Object><Key>b.jar</Key><VersionId>v2</VersionId></Object>").contains("<Quiet>true</Quiet>");
        assertThat(deletes.get(1)).contains("<Object><Key>b.jar</Key><VersionId>v0</VersionId></Object>");
        assertThat(log).containsExactly("Emptied bucket quant-lake: 3 object versions deleted");
    }

    @Test
    void aStackThatDoesNotExistHasNoPlan() throws Exception {
        s.stubFor(action("DescribeStacks").willReturn(noSuchStack(STACK)));

        Optional<StackTeardown.Plan> plan = teardown().plan(STACK);

        assertThat(plan).isEmpty();
        s.verify(1, anyRequestedFor(anyUrl()));
    }
}
