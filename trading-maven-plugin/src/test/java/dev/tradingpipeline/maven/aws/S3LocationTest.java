package dev.tradingpipeline.maven.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTest {

    @Test
    void parsesBucketAndPrefix() {
        assertThat(S3Location.parse("s3://my-bucket/trading/artifacts"))
                .isEqualTo(new S3Location("my-bucket", "trading/artifacts"));
        assertThat(S3Location.parse(" s3://my-bucket/trading/ ")).isEqualTo(new S3Location("my-bucket", "trading"));
        assertThat(S3Location.parse("s3://my.bucket")).isEqualTo(new S3Location("my.bucket", ""));
        assertThat(S3Location.parse("s3://my-bucket/")).isEqualTo(new S3Location("my-bucket", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "my-bucket/x", "s3a://my-bucket/x", "https://my-bucket.s3.amazonaws.com/x",
            "s3://", "s3:///key", "s3://My_Bucket/x", "s3://ab"})
    void rejectsAnythingButS3BucketAndPrefix(String uri) {
        assertThatThrownBy(() -> S3Location.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(uri.isEmpty() ? "empty" : uri);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> S3Location.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void childJoinsWithSingleSlashes() {
        S3Location root = S3Location.parse("s3://b-1/logs/");
        assertThat(root.child("applications", "/app-1/", "jobs/", "run")).hasToString("s3://b-1/logs/applications/app-1/jobs/run");
        assertThat(root.child("a/b", "", "c")).hasToString("s3://b-1/logs/a/b/c");
        assertThat(S3Location.parse("s3://b-1").child("x.jar")).isEqualTo(new S3Location("b-1", "x.jar"));
        assertThat(root.child()).isEqualTo(root);
    }

    @Test
    void printsAsAnS3Uri() {
        assertThat(new S3Location("b-1", "k/x.jar")).hasToString("s3://b-1/k/x.jar");
        assertThat(new S3Location("b-1", "")).hasToString("s3://b-1");
        assertThat(S3Location.parse(new S3Location("b-1", "k").toString())).isEqualTo(new S3Location("b-1", "k"));
    }
}
