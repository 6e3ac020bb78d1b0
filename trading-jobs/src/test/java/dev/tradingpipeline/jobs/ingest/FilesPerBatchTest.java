package dev.tradingpipeline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** {@code ingest.files-per-batch: auto}: batches sized to the job's cores. */
class FilesPerBatchTest {

    @Test
    void autoIsTwiceTheCoresAndAtLeastTen() {
        assertThat(BatchSizing.autoFilesPerBatch(2)).isEqualTo(10);
        assertThat(BatchSizing.autoFilesPerBatch(5)).isEqualTo(10);
        assertThat(BatchSizing.autoFilesPerBatch(16)).isEqualTo(32);
        assertThat(BatchSizing.autoFilesPerBatch(64)).isEqualTo(128);
    }

    @Test
    void theCoresAreTheExecutorsSizedWhenSetElseSparksParallelism() {
        SparkConf emr = new SparkConf(false).set("spark.executor.instances", "4").set("spark.executor.cores", "4");
        // on EMR the executors may not have registered yet: Spark's parallelism says 2
        assertThat(BatchSizing.jobCores(emr, 2)).isEqualTo(16);
        assertThat(BatchSizing.jobCores(new SparkConf(false), 8)).as("local[8]").isEqualTo(8);
        assertThat(BatchSizing.jobCores(new SparkConf(false).set("spark.executor.instances", "4"), 2))
                .as("cores per executor not set").isEqualTo(2);
        assertThat(BatchSizing.jobCores(new SparkConf(false).set("spark.executor.instances", "x")
                .set("spark.executor.cores", "4"), 3)).isEqualTo(3);
    }

    @Test
    void theKeyTakesAutoOrAPositiveNumber() {
        assertThat(config(Map.of()).get(ConfigKeys.INGEST_FILES_PER_BATCH)).isEqualTo("auto");
        assertThat(config(Map.of(ConfigKeys.INGEST_FILES_PER_BATCH, "25")).get(ConfigKeys.INGEST_FILES_PER_BATCH))
                .isEqualTo("25");
        for (String bad : new String[] {"0", "-3", "many", "AUTO "}) {
            assertThatThrownBy(() -> config(Map.of(ConfigKeys.INGEST_FILES_PER_BATCH, bad)))
                    .as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("ingest.files-per-batch").hasMessageContaining("auto or a positive integer");
        }
    }

    private static TradingConfig config(Map<String, String> overrides) {
        return TradingConfig.parse("", "config.yaml", "/project", overrides, "-Dtrading.");
    }
}
