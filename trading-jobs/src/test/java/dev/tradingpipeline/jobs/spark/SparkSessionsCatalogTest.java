package dev.tradingpipeline.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.catalog.CatalogSettings;
import dev.tradingpipeline.core.config.TradingConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session keeps a time bound and a name the user gave to spark-submit (no Spark started). */
class SparkSessionsCatalogTest {

    private static final String P = "spark.sql.catalog.trading";

    @TempDir
    Path dir;

    @Test
    void aBoundGivenToSparkSubmitStaysAndTheOthersApply() {
        TradingConfig config = TradingConfig.parse("", "config.yaml", dir.toString(),
                Map.of("catalog.type", "rest", "paths.warehouse", "s3://bucket/wh"), "--set ");
        String given = P + ".rest.client.socket-timeout-ms";

        Map<String, String> s = SparkSessions.catalogSettings(config, given::equals);

        assertThat(s).doesNotContainKey(given)
                .containsEntry(P + ".rest.client.connection-timeout-ms", "10000")
                .containsEntry(P + ".s3.retry.num-retries", "3")
                .containsEntry(P + ".type", "rest");
        // nothing given: every bound applies
        assertThat(SparkSessions.catalogSettings(config, k -> false))
                .containsAllEntriesOf(CatalogSettings.callBounds(config));
        // a non-bound setting is the config's whatever spark-submit had (spark-conf overrides it later)
        assertThat(SparkSessions.catalogSettings(config, k -> true)).containsEntry(P + ".type", "rest")
                .doesNotContainKeys(CatalogSettings.callBounds(config).keySet().toArray(String[]::new));
    }

    @Test
    void aNameGivenToSparkSubmitStaysAndItsDefaultIsReplaced() {
        SparkConf named = new SparkConf(false).set("spark.app.name", "options-lake-daily-20240105-093000");
        assertThat(SparkSessions.applicationName("trading-daily", named)).isEqualTo("options-lake-daily-20240105-093000");
        // spark-submit without --name names the application after its main class
        SparkConf unnamed = new SparkConf(false).set("spark.app.name", "dev.tradingpipeline.jobs.TradingJob");
        assertThat(SparkSessions.applicationName("trading-daily", unnamed)).isEqualTo("trading-daily");
        assertThat(SparkSessions.applicationName("trading-daily", new SparkConf(false))).isEqualTo("trading-daily");
    }
}
