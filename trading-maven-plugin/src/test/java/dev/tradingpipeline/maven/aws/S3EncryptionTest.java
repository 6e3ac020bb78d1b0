package dev.tradingpipeline.maven.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.TradingConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

class S3EncryptionTest {

    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/" + KEY_ID;

    private static TradingConfig config(String yaml) {
        return TradingConfig.parse(yaml, "config.yaml", "/project", Map.of(), "--set ");
    }

    @Test
    void withoutAKeyItIsSseS3() {
        S3Encryption e = S3Encryption.from(config("target: emr\n"));
        assertThat(e.algorithm()).isEqualTo(ServerSideEncryption.AES256);
        PutObjectRequest put = e.applyTo(PutObjectRequest.builder().bucket("b").key("k")).build();
        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(put.ssekmsKeyId()).isNull();
        assertThat(e).hasToString("SSE-S3 (AES256)");
    }

    @Test
    void aKeySwitchesToSseKmsWithThatKey() {
        S3Encryption e = S3Encryption.from(config("aws:\n  s3:\n    kms-key-id: alias/trading\n"));
        assertThat(e.algorithm()).isEqualTo(ServerSideEncryption.AWS_KMS);
        CreateMultipartUploadRequest start = e.applyTo(CreateMultipartUploadRequest.builder().bucket("b").key("k"))
                .build();
        assertThat(start.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(start.ssekmsKeyId()).isEqualTo("alias/trading");
        assertThat(e).hasToString("SSE-KMS (key alias/trading)");
    }

    @Test
    void aMalformedKeyFailsNamingTheConfigKey() {
        // the configuration rejects it when loaded; a config built without that check is caught here
        assertThatThrownBy(() -> config("aws:\n  s3:\n    kms-key-id: my-key\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'aws.s3.kms-key-id'");
        assertThatThrownBy(() -> S3Encryption.kms("my-key")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'my-key'");
    }

    @Test
    void anObjectMatchesWhenS3ReportsTheSameEncryptionOrNothing() {
        S3Encryption sseS3 = S3Encryption.sseS3();
        S3Encryption byArn = S3Encryption.kms(KEY_ARN);
        S3Encryption byId = S3Encryption.kms(KEY_ID);
        S3Encryption byAlias = S3Encryption.kms("alias/trading");
        HeadObjectResponse silent = HeadObjectResponse.builder().build();
        HeadObjectResponse aes = HeadObjectResponse.builder().serverSideEncryption(ServerSideEncryption.AES256).build();
        HeadObjectResponse kms = HeadObjectResponse.builder().serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId(KEY_ARN).build();
        HeadObjectResponse otherKms = HeadObjectResponse.builder().serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId("arn:aws:kms:eu-west-1:123456789012:key/ffffffff-12ab-34cd-56ef-1234567890ab").build();

        assertThat(sseS3.matches(silent)).isTrue();
        assertThat(sseS3.matches(aes)).isTrue();
        assertThat(sseS3.matches(kms)).isFalse();
        assertThat(byArn.matches(silent)).isTrue();
        assertThat(byArn.matches(aes)).isFalse();
        assertThat(byArn.matches(kms)).isTrue();
        assertThat(byArn.matches(otherKms)).isFalse();
        assertThat(byId.matches(kms)).isTrue();
        assertThat(byId.matches(otherKms)).isFalse();
        // an alias cannot be compared with the key ARN S3 reports
        assertThat(byAlias.matches(otherKms)).isTrue();
        assertThat(byAlias.matches(aes)).isFalse();
    }
}
