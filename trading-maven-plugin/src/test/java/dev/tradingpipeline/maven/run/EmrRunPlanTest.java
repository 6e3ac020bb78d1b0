package dev.tradingpipeline.maven.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.artifacts.JobArtifacts;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.maven.emr.EmrException;
import dev.tradingpipeline.maven.emr.EmrSettings;
import dev.tradingpipeline.maven.testing.S3ProxyServer;
import dev.tradingpipeline.maven.testing.TestAws;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A dry run of submit against S3Proxy (S3) and WireMock (EMR Serverless and STS): it says what
 * would upload and what StartJobRun would send, and leaves the bucket and the application as
 * they were.
 */
class EmrRunPlanTest {

    static final String SECRET = "planTestSecretValue42";
    static final Instant NOW = Instant.parse("2024-01-05T09:30:00Z");

    private static S3ProxyServer s3;
    private static S3Location bucket;

    private final WireMockServer emr = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final List<String> log = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
        bucket = s3.createBucket("plan-bucket");
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @BeforeEach
    void startEmr() {
        emr.start();
        TestAws.stubCallerIdentity(emr, "plan");
        emr.stubFor(get(urlPathEqualTo("/applications")).willReturn(json("{\"applications\":[{\"id\":\"00app\","
                + "\"name\":\"trading-plan\",\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app\","
                + "\"releaseLabel\":\"emr-7.11.0\",\"type\":\"SPARK\",\"state\":\"STOPPED\",\"createdAt\":1764115200,"
                + "\"updatedAt\":1764115200}]}")));
        // any StartJobRun or StartApplication would be answered: the test checks none is sent
        emr.stubFor(post(urlPathMatching("/applications/.*")).willReturn(json("{\"applicationId\":\"00app\","
                + "\"jobRunId\":\"00run\",\"arn\":\"arn\"}")));
    }

    @AfterEach
    void stopEmr() {
        emr.stop();
    }

    private void application(String state, boolean autoStart) {
        emr.stubFor(get(urlPathEqualTo("/applications/00app")).willReturn(json("{\"application\":{"
                + "\"applicationId\":\"00app\",\"name\":\"trading-plan\","
                + "\"arn\":\"arn:aws:emr-serverless:us-east-1:123456789012:/applications/00app\","
                + "\"releaseLabel\":\"emr-7.11.0\",\"type\":\"SPARK\",\"state\":\"" + state + "\","
                + "\"createdAt\":1764115200,\"updatedAt\":1764115200,"
                + "\"autoStartConfiguration\":{\"enabled\":" + autoStart + "}}}")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private AwsClients clients() {
        URI endpoint = URI.create(emr.baseUrl());
        return TestAws.clients(s3.settings().withEmrServerlessEndpoint(endpoint).withStsEndpoint(endpoint));
    }

    private TradingConfig config(String prefix) {
        String yaml = String.join("\n",
                "target: emr",
                "paths:",
                "  landing: s3://plan-bucket/landing",
                "  warehouse: s3://plan-bucket/warehouse",
                "emr:",
                "  application-name: trading-plan",
                "  execution-role-arn: arn:aws:iam::123456789012:role/trading-job",
                "  artifacts-uri: s3://plan-bucket/" + prefix,
                "  logs-uri: s3://plan-bucket/logs",
                "  execution-timeout-minutes: 90",
                "  max-attempts: 2",
                "  tags:",
                "    team: quant",
                "");
        return TradingConfig.parse(yaml, "config.yaml", "/srv/trading-project", overrides(), "-Dtrading.");
    }

    /** A Spark setting with a secret in it, given on the command line: the plan must not show it. */
    private static Map<String, String> overrides() {
        return Map.of("spark-conf.spark.hadoop.fs.s3a.secret.key", SECRET);
    }

    private List<String> keys() {
        return s3.client().listObjectsV2(r -> r.bucket(bucket.bucket())).contents().stream().map(S3Object::key)
                .toList();
    }

    private void plan(TradingConfig config, Path configFile) throws Exception {
        Path jar = Files.writeString(dir.resolve("trading-jobs-0.1.0.jar"), "job classes");
        Path lib = Files.writeString(dir.resolve("commons-math3-3.6.1.jar"), "library classes");
        JobArtifacts artifacts = new JobArtifacts(jar, List.of(), List.of(lib), Optional.empty());
        ImageDecision noImage = new ImageDecision("false", Optional.empty(), "emr.use-image=false", "/usr/lib/trading");
        Submission submission = new Submission("strategy", Optional.empty(), Optional.empty(), overrides(),
                "options-lab", "1.0", Optional.of("abc1234"));
        try (AwsClients aws = clients()) {
            new EmrRun(aws, log::add, Clock.fixed(NOW, ZoneOffset.UTC)).plan(config, EmrSettings.from(config),
                    submission, artifacts, noImage, configFile);
        }
    }

    @Test
    void aDryRunSaysWhatWouldUploadAndWhatStartJobRunWouldSendAndChangesNothing() throws Exception {
        Path configFile = Files.writeString(dir.resolve("config.yaml"), "target: emr\n");
        // the library is in S3 already, from an earlier deploy; the job jar and the config are not
        Path earlier = Files.writeString(dir.resolve("commons-math3-3.6.1.jar"), "library classes");
        String libKey = "planned/jars/commons-math3-3.6.1-" + sha12(Files.readAllBytes(earlier)) + ".jar";
        s3.client().putObject(r -> r.bucket(bucket.bucket()).key(libKey).serverSideEncryption("AES256"),
                software.amazon.awssdk.core.sync.RequestBody.fromFile(earlier));
        List<String> before = keys();
        application("STOPPED", false);

        plan(config("planned"), configFile);

        String jar = "s3://plan-bucket/planned/jars/trading-jobs-0.1.0-" + sha12("job classes".getBytes()) + ".jar";
        String config = "s3://plan-bucket/planned/config/config-" + sha12("target: emr\n".getBytes()) + ".yaml";
        assertThat(log).contains(
                "AWS account 123456789012 as arn:aws:iam::123456789012:user/plan",
                "would upload trading-jobs-0.1.0.jar (11 B) to " + jar,
                "commons-math3-3.6.1.jar unchanged (s3://plan-bucket/" + libKey + "), not uploaded",
                "would upload config.yaml (12 B) to " + config,
                "Dry run: 2 artifacts to upload (23 B), 1 unchanged; nothing was uploaded and deployment.json was"
                        + " not written",
                "EMR Serverless application 00app (trading-plan) is STOPPED without auto-start: submit would start it"
                        + " (StartApplication) and wait for STARTED",
                "StartJobRun that submit would send (dry run: not sent):",
                "  applicationId            00app",
                "  name                     options-lab-strategy-20240105-093000 (the time in it is the submission's)",
                "  executionRoleArn         arn:aws:iam::123456789012:role/trading-job",
                "  entryPoint               " + jar,
                "  executionTimeoutMinutes  90",
                "  retryPolicy              maxAttempts 2",
                "  monitoringConfiguration  S3 logs under s3://plan-bucket/logs",
                "After the run succeeds: a record-cost job run (a 1-vCPU driver and one 1-vCPU executor) would write"
                        + " its cost on its rows of gold.strategy_runs (emr.record-cost)",
                "Dry run: nothing uploaded, no application started, no job run started, deployment.json and"
                        + " last-job-run.json not written");
        // a strategy run gets its id in gold from the plugin (the submission's time and 8 random hex
        // digits), on its command line and in its tags, so that its cost can be written there later
        String args = log.stream().filter(l -> l.startsWith("  entryPointArguments")).findFirst().orElseThrow();
        assertThat(args).matches(java.util.regex.Pattern.quote("  entryPointArguments      --mode strategy --config "
                + config + " --run-id 20240105T093000Z-") + "[0-9a-f]{8}"
                + java.util.regex.Pattern.quote(" --set spark-conf.spark.hadoop.fs.s3a.secret.key=****"));
        String runId = args.replaceAll(".* --run-id (\\S+) .*", "$1");
        assertThat(log).contains("  tags                     mode=strategy, project=options-lab, version=1.0,"
                + " git-commit=abc1234, team=quant, run-id=" + runId);
        String parameters = log.stream().filter(l -> l.startsWith("  sparkSubmitParameters")).findFirst().orElseThrow();
        assertThat(parameters).contains("--class dev.tradingpipeline.jobs.TradingJob")
                .contains("--conf spark.hadoop.fs.s3a.secret.key=****")
                .contains("s3://plan-bucket/planned/jars/commons-math3-3.6.1-");
        assertThat(String.join("\n", log)).doesNotContain(SECRET);

        // nothing changed: the bucket as it was, no StartApplication, no StartJobRun
        assertThat(keys()).containsExactlyElementsOf(before);
        emr.verify(0, postRequestedFor(urlPathMatching("/applications/.*")));
        // what it asked EMR Serverless: the application, by name, then by id
        assertThat(emr.findAll(anyRequestedFor(urlPathMatching("/applications.*")))).extracting(LoggedRequest::getUrl)
                .containsExactly("/applications", "/applications/00app");
    }

    @Test
    void aTerminatedApplicationFailsThePlanAsItWouldFailTheSubmit() throws Exception {
        Path configFile = Files.writeString(dir.resolve("config.yaml"), "target: emr\n");
        application("TERMINATED", true);

        assertThatThrownBy(() -> plan(config("terminated"), configFile))
                .isInstanceOf(EmrException.class)
                .hasMessageContaining("EMR Serverless application 00app (trading-plan) is TERMINATED and cannot run jobs:"
                        + " submit would fail");
        assertThat(keys()).noneMatch(k -> k.startsWith("terminated/"));
        emr.verify(0, postRequestedFor(urlPathMatching("/applications/.*")));
    }

    private static String sha12(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes))
                .substring(0, 12);
    }
}
