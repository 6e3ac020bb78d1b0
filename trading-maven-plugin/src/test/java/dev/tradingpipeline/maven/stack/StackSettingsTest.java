package dev.tradingpipeline.maven.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.TradingConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackSettingsTest {

    static TradingConfig config(String yaml, Map<String, String> overrides) {
        return TradingConfig.parse(yaml, "config.yaml", "/project", overrides, "-Dtrading.");
    }

    @Test
    void defaultsComeFromTheProject() {
        StackSettings s = StackSettings.from(config("", Map.of()), "Options_Pipeline.2024");

        assertThat(s).isEqualTo(new StackSettings("options-pipeline-2024", Optional.empty(), "options-pipeline-2024",
                "options-pipeline-2024", 16, 128, 15, 30, true));
        assertThat(s.bucketExpression()).isEqualTo("options-pipeline-2024-${AWS::AccountId}-${AWS::Region}");
    }

    @Test
    void aStackNameIsMadeFromAnyArtifactId() {
        assertThat(StackSettings.stackName(config("", Map.of()), "42-trading--jobs-")).isEqualTo("trading-jobs");
        assertThat(StackSettings.stackName(config("", Map.of()), "123")).isEqualTo("trading");
        assertThat(StackSettings.stackName(config("", Map.of("setup.stack-name", "Quant-Prod")), "ignored"))
                .isEqualTo("Quant-Prod");
    }

    @Test
    void configuredValuesAreTaken() {
        StackSettings s = StackSettings.from(config("""
                emr:
                  application-name: quant-nightly
                setup:
                  stack-name: Quant-Prod
                  bucket: quant-prod-lake
                  repository-name: quant/jobs
                  max-vcpu: 16
                  max-memory: 64g
                  idle-timeout: 1h
                  logs-expire-after: 7d
                  glue-databases: false
                """, Map.of()), "ignored");

        assertThat(s).isEqualTo(new StackSettings("Quant-Prod", Optional.of("quant-prod-lake"), "quant/jobs",
                "quant-nightly", 16, 64, 60, 7, false));
        assertThat(s.bucketExpression()).isEqualTo("quant-prod-lake");
    }

    @Test
    void everyUnusableKeyIsNamedAtOnce() {
        TradingConfig bad = config("""
                setup:
                  stack-name: 9lives
                  bucket: Not_A_Bucket
                  repository-name: Jobs
                  max-vcpu: 32
                  max-memory: 1536m
                  idle-timeout: 90s
                  logs-expire-after: 36h
                """, Map.of());

        assertThatThrownBy(() -> StackSettings.from(bad, "p"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration:")
                .hasMessageContaining("config.yaml: key 'setup.stack-name': '9lives' is not a CloudFormation stack name")
                .hasMessageContaining("key 'setup.bucket': 'Not_A_Bucket' is not a valid S3 bucket name")
                .hasMessageContaining("key 'setup.repository-name': 'Jobs' is not an ECR repository name")
                .hasMessageContaining("key 'setup.max-vcpu': 32 vCPU is more than emr.max-vcpu (16, the account's EMR"
                        + " Serverless quota)")
                .hasMessageContaining("key 'setup.max-memory': expected whole gigabytes such as 128g, got '1536m'")
                .hasMessageContaining("key 'setup.idle-timeout': expected whole minutes from 1m to 7d, got '90s'")
                .hasMessageContaining("key 'setup.logs-expire-after': expected whole days such as 30d, got '36h'");
    }

    @Test
    void aStackNameTooLongForTheDerivedBucketAsksForABucketName() {
        String longName = "a".repeat(36);
        assertThatThrownBy(() -> StackSettings.from(config("", Map.of("setup.stack-name", longName)), "p"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'setup.bucket': the bucket name derived from the stack name")
                .hasMessageContaining("at most 35 characters in setup.stack-name");
        assertThat(StackSettings.from(config("", Map.of("setup.stack-name", longName, "setup.bucket", "lake-1")), "p")
                .bucketName()).contains("lake-1");
        assertThat(StackSettings.from(config("", Map.of("setup.stack-name", "a".repeat(35))), "p").stackName())
                .hasSize(35);
    }

    @Test
    void theApplicationsVcpuFollowsTheAccountsQuotaUnlessSetLower() {
        // auto: emr.max-vcpu, 16 by default, 64 once the account's quota is raised and said so
        assertThat(StackSettings.from(config("", Map.of()), "pipeline").maxVcpu()).isEqualTo(16);
        assertThat(StackSettings.from(config("", Map.of("emr.max-vcpu", "64")), "pipeline").maxVcpu()).isEqualTo(64);
        // an application smaller than the quota is fine: each run is checked against the smaller
        assertThat(StackSettings.from(config("", Map.of("setup.max-vcpu", "8")), "pipeline").maxVcpu()).isEqualTo(8);
        assertThat(StackSettings.from(config("", Map.of("setup.max-vcpu", "64", "emr.max-vcpu", "64")), "pipeline").maxVcpu())
                .isEqualTo(64);
        // larger than the quota: the runs it seems to allow would be refused or never start
        assertThatThrownBy(() -> StackSettings.from(config("", Map.of("setup.max-vcpu", "17")), "pipeline"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'setup.max-vcpu': 17 vCPU is more than emr.max-vcpu (16, the account's EMR Serverless quota)")
                .hasMessageContaining("or leave setup.max-vcpu at auto");
    }
}
