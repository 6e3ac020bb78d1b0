package dev.tradingpipeline.maven.emr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.TradingConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmrSettingsTest {

    static final String VALID = String.join("\n",
            "target: emr",
            "paths:",
            "  landing: s3://bucket/landing",
            "  warehouse: s3://bucket/warehouse",
            "emr:",
            "  application-id: 00app",
            "  execution-role-arn: arn:aws:iam::123456789012:role/trading-job",
            "  artifacts-uri: s3://bucket/artifacts",
            "  logs-uri: s3://bucket/logs",
            "  poll-interval: 15s",
            "  execution-timeout-minutes: 90",
            "  max-attempts: 3",
            "  cancel-grace-period-seconds: 60",
            "  tags:",
            "    team: quant",
            "    cost-center: '42'",
            "");

    static TradingConfig config(String yaml) {
        return TradingConfig.parse(yaml, "config.yaml", "/srv/trading-project", Map.of(), "-Dtrading.");
    }

    static TradingConfig config(String yaml, Map<String, String> overrides) {
        return TradingConfig.parse(yaml, "config.yaml", "/srv/trading-project", overrides, "-Dtrading.");
    }

    @Test
    void readsEverySetting() {
        EmrSettings s = EmrSettings.from(config(VALID));

        assertThat(s.applicationId()).contains("00app");
        assertThat(s.applicationName()).isEmpty();
        assertThat(s.executionRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/trading-job");
        assertThat(s.artifactsUri()).isEqualTo("s3://bucket/artifacts");
        assertThat(s.logsUri()).contains("s3://bucket/logs");
        assertThat(s.landing()).isEqualTo("s3://bucket/landing");
        assertThat(s.warehouse()).isEqualTo("s3://bucket/warehouse");
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.executionTimeoutMinutes()).isEqualTo(90);
        assertThat(s.maxAttempts()).isEqualTo(3);
        assertThat(s.cancelGracePeriodSeconds()).isEqualTo(60);
        assertThat(s.icebergJar()).isEqualTo("/usr/share/aws/iceberg/lib/iceberg-spark3-runtime.jar");
        assertThat(s.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "quant", "cost-center", "42"));
    }

    @Test
    void aCloudWatchLogGroupIsANameCloudWatchTakes() {
        assertThat(EmrSettings.from(config(VALID, Map.of("emr.cloudwatch-log-group", "/aws/emr-serverless/trading_1")))
                .cloudWatchLogGroup()).contains("/aws/emr-serverless/trading_1");
        assertThatThrownBy(() -> EmrSettings.from(config(VALID, Map.of("emr.cloudwatch-log-group", "trading runs:1",
                "emr.max-attempts", "11"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("emr.cloudwatch-log-group must be a CloudWatch Logs group name")
                .hasMessageContaining("'trading runs:1'")
                // every problem at once
                .hasMessageContaining("emr.max-attempts must be 1-10");
    }

    @Test
    void defaultsAndApplicationName() {
        EmrSettings s = EmrSettings.from(config(String.join("\n",
                "paths: {landing: 's3://b/l', warehouse: 's3://b/w'}",
                "emr:",
                "  application-name: trading",
                "  execution-role-arn: arn:aws:iam::123456789012:role/r",
                "  artifacts-uri: s3://b/a",
                "")));

        assertThat(s.applicationId()).isEmpty();
        assertThat(s.applicationName()).contains("trading");
        assertThat(s.logsUri()).isEmpty();
        assertThat(s.cloudWatchLogGroup()).isEmpty();
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.executionTimeoutMinutes()).isEqualTo(720);
        assertThat(s.maxAttempts()).isEqualTo(1);
        assertThat(s.cancelGracePeriodSeconds()).isZero();
        assertThat(s.tags()).isEmpty();
    }

    @Test
    void anIdWinsOverAName() {
        EmrSettings s = EmrSettings.from(config(VALID, Map.of("emr.application-name", "trading")));

        assertThat(s.applicationId()).contains("00app");
        assertThat(s.applicationName()).isEmpty();
    }

    @Test
    void reportsEveryMissingKeyAtOnce() {
        assertThatThrownBy(() -> EmrSettings.from(config("target: emr\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration for target emr:\n  - config.yaml: ")
                .hasMessageContaining("config.yaml: emr.application-id or emr.application-name is required")
                .hasMessageContaining("config.yaml: emr.execution-role-arn is required")
                .hasMessageContaining("config.yaml: emr.artifacts-uri is required")
                .hasMessageContaining("config.yaml: paths.landing must be an s3:// URI on the emr target, got '/srv/trading-project/target/trading/landing'")
                .hasMessageContaining("config.yaml: paths.warehouse must be an s3:// URI on the emr target");
    }

    @Test
    void reportsValuesOutOfRange() {
        Map<String, String> bad = Map.of(
                "emr.max-attempts", "11",
                "emr.cancel-grace-period-seconds", "5",
                "emr.poll-interval", "0s",
                "emr.execution-role-arn", "trading-job",
                "emr.tags.aws:owner", "me");

        assertThatThrownBy(() -> EmrSettings.from(config(VALID, bad)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("emr.max-attempts must be 1-10, got 11")
                .hasMessageContaining("emr.cancel-grace-period-seconds must be 0 (the service default) or 15-1800, got 5")
                .hasMessageContaining("emr.poll-interval must be more than 0, got '0s'")
                .hasMessageContaining("emr.execution-role-arn must be an IAM role ARN")
                .hasMessageContaining("emr.tags.aws:owner: a tag key");
    }

    @Test
    void gracePeriodAboveTheServiceLimitIsRefused() {
        assertThatThrownBy(() -> EmrSettings.from(config(VALID, Map.of("emr.cancel-grace-period-seconds", "1801"))))
                .hasMessageContaining("emr.cancel-grace-period-seconds must be 0 (the service default) or 15-1800, got 1801");
        assertThat(EmrSettings.from(config(VALID, Map.of("emr.cancel-grace-period-seconds", "15")))
                .cancelGracePeriodSeconds()).isEqualTo(15);
        assertThat(EmrSettings.from(config(VALID, Map.of("emr.logs-uri", ""))).logsUri()).isEqualTo(Optional.empty());
        assertThat(EmrSettings.from(config(VALID, Map.of("emr.poll-interval", "200ms"))).pollInterval())
                .isEqualTo(Duration.ofMillis(200));
    }
}
