package dev.tradingpipeline.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code aws.s3.kms-key-id} takes what S3 takes for SSE-KMS, and a bad value fails at load, naming the key. */
class KmsKeyConfigTest {

    private static TradingConfig parse(String yaml, Map<String, String> overrides) {
        return TradingConfig.parse(yaml, "config.yaml", "/project", overrides, "--set ");
    }

    @Test
    void emptyByDefault() {
        assertThat(parse("", Map.of()).get(ConfigKeys.AWS_S3_KMS_KEY_ID)).isEmpty();
    }

    @Test
    void everyFormS3AcceptsIsAccepted() {
        for (String key : new String[] {
                "1234abcd-12ab-34cd-56ef-1234567890ab",
                "mrk-1234abcd12ab34cd56ef1234567890ab",
                "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
                "alias/trading-artifacts",
                "alias/aws/s3",
                "arn:aws:kms:us-east-1:123456789012:alias/trading/artifacts"}) {
            TradingConfig c = parse("aws:\n  s3:\n    kms-key-id: " + key + "\n", Map.of());
            assertThat(c.get(ConfigKeys.AWS_S3_KMS_KEY_ID)).isEqualTo(key);
            assertThat(ConfigKey.isKmsKey(key)).as(key).isTrue();
        }
    }

    @Test
    void malformedKeysFailNamingTheKeyAndTheForms() {
        for (String bad : new String[] {
                "my-key",
                "1234abcd-12ab-34cd-56ef-1234567890a",        // one digit short
                "alias/",
                "alias/has space",
                "arn:aws:kms:eu-west-1:12345:key/1234abcd-12ab-34cd-56ef-1234567890ab",  // account
                "arn:aws:kms:eu-west-1:123456789012:key/alias-name",
                "arn:aws:s3:::bucket"}) {
            assertThatThrownBy(() -> parse("aws:\n  s3:\n    kms-key-id: \"" + bad + "\"\n", Map.of()))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("config.yaml: key 'aws.s3.kms-key-id'")
                    .hasMessageContaining("expected a KMS key id")
                    .hasMessageContaining("got '" + bad + "'");
        }
        assertThatThrownBy(() -> parse("", Map.of(ConfigKeys.AWS_S3_KMS_KEY_ID, "nope")))
                .hasMessageContaining("--set aws.s3.kms-key-id (override of config.yaml)")
                .hasMessageContaining("got 'nope'");
    }
}
