package dev.tradingpipeline.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.ClientConfiguration;
import dev.tradingpipeline.core.config.TradingConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3A's time bounds off EMR: applied where Hadoop's defaults would hold, never over a value the
 * user gave, and read by S3A as meant (the names and forms of Hadoop 3.3.4).
 */
class S3AccessBoundsTest {

    @TempDir
    Path dir;

    private TradingConfig config(Map<String, String> keys) {
        return TradingConfig.parse("", "config.yaml", dir.toString(), keys, "--set ");
    }

    @Test
    void offEmrS3aGetsBoundedRetriesAndTimeouts() {
        Map<String, String> s = S3Access.settings(new Configuration(), config(Map.of()));

        assertThat(s).containsEntry("fs.s3a.attempts.maximum", "1")
                .containsEntry("fs.s3a.retry.limit", "3")
                .containsEntry("fs.s3a.connection.establish.timeout", "5000")
                .containsEntry("fs.s3a.connection.timeout", "60000")
                .containsEntry("fs.s3a.connection.request.timeout", "120s");
        // before the configuration is read too (the job's --config)
        assertThat(S3Access.settings(new Configuration(), null)).containsAllEntriesOf(S3Access.BOUNDS);
    }

    @Test
    void aValueTheUserGaveWins() {
        Configuration hadoop = new Configuration();
        hadoop.set("fs.s3a.connection.request.timeout", "10m", "spark.hadoop setting");
        hadoop.set("fs.s3a.retry.limit", "7", "spark.hadoop setting"); // Hadoop's default, set on purpose

        Map<String, String> s = S3Access.settings(hadoop, config(Map.of()));

        assertThat(s).doesNotContainKeys("fs.s3a.connection.request.timeout", "fs.s3a.retry.limit")
                .containsEntry("fs.s3a.connection.timeout", "60000");
        Configuration applied = S3Access.apply(hadoop, config(Map.of()));
        assertThat(applied.get("fs.s3a.connection.request.timeout")).isEqualTo("10m");
        assertThat(applied.get("fs.s3a.retry.limit")).isEqualTo("7");
        assertThat(applied.get("fs.s3a.attempts.maximum")).isEqualTo("1");
    }

    @Test
    void onEmrNothingIsBounded() {
        // s3:// is EMRFS there, with EMR's own retries
        assertThat(S3Access.settings(new Configuration(), config(Map.of("target", "emr")))).isEmpty();
    }

    @Test
    void s3aReadsTheBoundsAsMeant() throws Exception {
        Configuration hadoop = S3Access.apply(new Configuration(), config(Map.of()));
        ClientConfiguration aws = new ClientConfiguration();

        S3AUtils.initConnectionSettings(hadoop, aws);

        assertThat(aws.getMaxErrorRetry()).isEqualTo(1);
        assertThat(aws.getConnectionTimeout()).isEqualTo(5_000);
        assertThat(aws.getSocketTimeout()).isEqualTo(60_000);
        assertThat(aws.getRequestTimeout()).isEqualTo(120_000);
        // without them, Hadoop's defaults: 20 SDK retries, 200 s reads, no request bound
        ClientConfiguration defaults = new ClientConfiguration();
        S3AUtils.initConnectionSettings(new Configuration(), defaults);
        assertThat(defaults.getMaxErrorRetry()).isEqualTo(20);
        assertThat(defaults.getRequestTimeout()).isZero();
    }

    @Test
    void aFileSystemNamedForS3ThatCannotBeLoadedServesNothing() {
        // as when an earlier session of the same JVM set fs.s3.impl to S3A and S3A is not on the
        // class path (the local runner): reading the settings again must not fail
        Configuration hadoop = new Configuration(false);
        hadoop.set("fs.s3.impl", "org.example.NotOnTheClassPath", "an earlier session");

        assertThat(S3Access.servesS3(hadoop)).isFalse();
        assertThat(S3Access.settings(hadoop, config(Map.of()))).doesNotContainKey("fs.s3.impl")
                .containsKey("fs.s3a.connection.timeout");
    }
}
