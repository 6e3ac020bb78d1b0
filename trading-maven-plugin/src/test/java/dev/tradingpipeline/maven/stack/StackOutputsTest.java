package dev.tradingpipeline.maven.stack;

import static dev.tradingpipeline.maven.stack.StackSettingsTest.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.config.ConfigOverrides;
import dev.tradingpipeline.maven.config.OverrideSource;
import dev.tradingpipeline.maven.config.ProjectConfig;
import dev.tradingpipeline.maven.emr.EmrSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the stack's outputs reach the other goals: only where the configuration says nothing. */
class StackOutputsTest {

    static final StackOutputs OUTPUTS = new StackOutputs("quant", CloudFormationStub.STACK_ID, "us-east-1", Map.of(
            "ApplicationId", "00fstack",
            "JobRoleArn", "arn:aws:iam::123456789012:role/quant-JobRole-1A2B",
            "BucketName", "quant-123456789012-us-east-1",
            "ArtifactsUri", "s3://quant-123456789012-us-east-1/artifacts",
            "LogsUri", "s3://quant-123456789012-us-east-1/logs",
            "RepositoryUri", "123456789012.dkr.ecr.us-east-1.amazonaws.com/quant"));

    @TempDir
    Path dir;

    @Test
    void theStackFillsEveryKeyTheConfigurationLeavesBlank() {
        assertThat(OUTPUTS.configDefaults(config("", Map.of()))).containsExactly(
                Map.entry("emr.application-id", "00fstack"),
                Map.entry("emr.execution-role-arn", "arn:aws:iam::123456789012:role/quant-JobRole-1A2B"),
                Map.entry("emr.artifacts-uri", "s3://quant-123456789012-us-east-1/artifacts"),
                Map.entry("emr.logs-uri", "s3://quant-123456789012-us-east-1/logs"),
                Map.entry("image.repository", "123456789012.dkr.ecr.us-east-1.amazonaws.com/quant"));
    }

    @Test
    void configuredKeysWinAndAConfiguredApplicationNameKeepsTheStacksId() {
        TradingConfig config = config("""
                emr:
                  application-name: quant-nightly
                  artifacts-uri: s3://team-artifacts/quant
                  logs-uri: ""
                """, Map.of("image.repository", "registry.example.test/quant"));

        assertThat(OUTPUTS.configDefaults(config)).containsOnlyKeys("emr.execution-role-arn", "emr.logs-uri");
    }

    @Test
    void aRecordOfAnotherStackOrRegionIsNotUsed() {
        assertThat(OUTPUTS.mismatch("quant", config("", Map.of()))).isEmpty();
        assertThat(OUTPUTS.mismatch("quant", config("", Map.of("aws.region", "us-east-1")))).isEmpty();
        assertThat(OUTPUTS.mismatch("quant-prod", config("", Map.of()))).contains(
                "it is of stack quant, not of the configured stack quant-prod (setup.stack-name)");
        assertThat(OUTPUTS.mismatch("quant", config("", Map.of("aws.region", "eu-west-1")))).contains(
                "stack quant is in us-east-1, not in the configured aws.region eu-west-1");
    }

    @Test
    void theRecordIsReadAsWritten() throws Exception {
        Path json = dir.resolve("target/trading/" + StackOutputs.FILE);
        OUTPUTS.write(json);

        assertThat(StackOutputs.read(json)).isEqualTo(OUTPUTS);
        assertThat(Files.readString(json)).contains("\"ApplicationId\" : \"00fstack\"").doesNotContain("Secret");
    }

    /** What every goal but setup and teardown does: the stack's values as a last, lowest source. */
    @Test
    void submitOnTheStackNeedsNoIdCopiedByHand() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), """
                target: emr
                paths:
                  landing: s3://quant-landing/cboe
                  warehouse: s3://quant-lake/warehouse
                emr:
                  logs-uri: s3://quant-lake/own-logs
                """);
        Properties user = new Properties();
        user.setProperty("trading.emr.execution-role-arn", "arn:aws:iam::123456789012:role/override");
        List<OverrideSource> sources = new ArrayList<>(ConfigOverrides.sources(new Properties(), user));
        ProjectConfig first = ProjectConfig.load(dir, null, sources);
        sources.add(new OverrideSource("stack outputs ", OUTPUTS.configDefaults(first.config())));

        TradingConfig config = ProjectConfig.load(dir, null, sources).config();
        EmrSettings emr = EmrSettings.from(config);

        assertThat(emr.applicationId()).contains("00fstack");
        assertThat(emr.artifactsUri()).isEqualTo("s3://quant-123456789012-us-east-1/artifacts");
        // config.yaml and -D win over the stack
        assertThat(emr.logsUri()).contains("s3://quant-lake/own-logs");
        assertThat(emr.executionRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/override");
        assertThat(config.get(ConfigKeys.IMAGE_REPOSITORY)).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/quant");
    }

    /** A build without the record (a CI runner, after mvn clean) reads the outputs from CloudFormation. */
    @Test
    void withoutARecordTheOutputsComeFromDescribeStacks() {
        try (CloudFormationStub cfn = new CloudFormationStub()) {
            cfn.server.stubFor(CloudFormationStub.action("DescribeStacks")
                    .willReturn(CloudFormationStub.stacks("UPDATE_COMPLETE", OUTPUTS.outputs())));
            StackOutputs live = StackOutputs.describe(cfn.clients.cloudFormation(), "quant").orElseThrow();
            assertThat(live.stackId()).isEqualTo(CloudFormationStub.STACK_ID);
            assertThat(live.outputs()).isEqualTo(OUTPUTS.outputs());
            assertThat(live.configDefaults(config("", Map.of()))).containsEntry("emr.application-id", "00fstack");
            assertThat(cfn.server.getAllServeEvents()).singleElement().satisfies(e -> assertThat(
                    e.getRequest().getBodyAsString()).contains("Action=DescribeStacks&").contains("StackName=quant"));
        }
    }

    @Test
    void aStackThatIsMissingOrUnfinishedGivesNothing() {
        try (CloudFormationStub cfn = new CloudFormationStub()) {
            cfn.server.stubFor(CloudFormationStub.action("DescribeStacks")
                    .willReturn(CloudFormationStub.noSuchStack("quant")));
            assertThat(StackOutputs.describe(cfn.clients.cloudFormation(), "quant")).isEmpty();
            for (String status : List.of("CREATE_IN_PROGRESS", "ROLLBACK_COMPLETE", "DELETE_COMPLETE")) {
                cfn.server.resetAll();
                cfn.server.stubFor(CloudFormationStub.action("DescribeStacks")
                        .willReturn(CloudFormationStub.stacks(status, OUTPUTS.outputs())));
                assertThat(StackOutputs.describe(cfn.clients.cloudFormation(), "quant")).as(status).isEmpty();
            }
        }
    }

    @Test
    void blankKeysAreThoseTheStackWouldFill() {
        assertThat(StackOutputs.blankKeys(config("", Map.of()))).containsExactly("emr.application-id",
                "emr.execution-role-arn", "emr.artifacts-uri", "emr.logs-uri", "image.repository");
        assertThat(StackOutputs.blankKeys(config("", Map.of("emr.application-name", "quant-app",
                "image.repository", "123456789012.dkr.ecr.us-east-1.amazonaws.com/own")))).containsExactly(
                "emr.execution-role-arn", "emr.artifacts-uri", "emr.logs-uri");
    }
}
