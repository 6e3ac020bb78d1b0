package dev.tradingpipeline.maven.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.TradingConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {

    private static TradingConfig config(String yaml, Map<String, String> overrides) {
        return TradingConfig.parse(yaml, "config.yaml", "/project", overrides, "-Dtrading.");
    }

    @Test
    void nothingSetLeavesEverythingToTheSdk() {
        assertThat(AwsSettings.from(config("", Map.of()))).isEqualTo(AwsSettings.defaults());
    }

    @Test
    void readsRegionProfileAndEndpoints() {
        AwsSettings s = AwsSettings.from(config("""
                aws:
                  region: eu-west-1
                  profile: quant
                  endpoints:
                    s3: http://127.0.0.1:9000
                    emr-serverless: https://emr.example.test/
                    sts: http://localhost:8080
                    cloudformation: http://127.0.0.1:8081
                    logs: http://127.0.0.1:8082
                """, Map.of()));

        assertThat(s.region()).contains("eu-west-1");
        assertThat(s.profile()).contains("quant");
        assertThat(s.s3Endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(s.emrServerlessEndpoint()).contains(URI.create("https://emr.example.test/"));
        assertThat(s.stsEndpoint()).contains(URI.create("http://localhost:8080"));
        assertThat(s.cloudFormationEndpoint()).contains(URI.create("http://127.0.0.1:8081"));
        assertThat(s.logsEndpoint()).contains(URI.create("http://127.0.0.1:8082"));
        assertThat(s.ecrEndpoint()).isEmpty();
    }

    @Test
    void anEmptyValueIsNotSet() {
        AwsSettings s = AwsSettings.from(config("""
                aws:
                  region: eu-west-1
                  endpoints:
                    s3: http://127.0.0.1:9000
                """, Map.of("aws.region", "", "aws.endpoints.s3", " ")));

        assertThat(s.region()).isEmpty();
        assertThat(s.s3Endpoint()).isEmpty();
    }

    @Test
    void aBadEndpointNamesTheKeyAndTheFile() {
        assertThatThrownBy(() -> AwsSettings.from(config("aws:\n  endpoints:\n    s3: not a url\n", Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml")
                .hasMessageContaining("aws.endpoints.s3")
                .hasMessageContaining("not a url");
        assertThatThrownBy(() -> AwsSettings.from(config("", Map.of("aws.endpoints.emr-serverless", "localhost:8080"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("aws.endpoints.emr-serverless")
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> AwsSettings.from(config("", Map.of("aws.endpoints.sts", "http:///path"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("aws.endpoints.sts");
    }

    @Test
    void withersReplaceOneValue() {
        AwsSettings s = AwsSettings.defaults().withRegion("us-west-2").withS3Endpoint(URI.create("http://a:1"))
                .withLogsEndpoint(URI.create("http://b:2"));
        assertThat(s).isEqualTo(new AwsSettings(Optional.of("us-west-2"), Optional.empty(),
                Optional.of(URI.create("http://a:1")), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(URI.create("http://b:2")), AwsSettings.DEFAULT_CALL_TIMEOUT));
    }

    @Test
    void theCallTimeoutIsFiveMinutesUnlessSet() {
        assertThat(AwsSettings.from(config("", Map.of())).callTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(AwsSettings.from(config("aws:\n  call-timeout: 90s\n", Map.of())).callTimeout())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(AwsSettings.from(config("", Map.of("aws.call-timeout", "2m"))).callTimeout())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aZeroCallTimeoutNamesTheKeyAndTheFile() {
        assertThatThrownBy(() -> AwsSettings.from(config("aws:\n  call-timeout: 0s\n", Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml")
                .hasMessageContaining("aws.call-timeout")
                .hasMessageContaining("'0s'");
    }
}
