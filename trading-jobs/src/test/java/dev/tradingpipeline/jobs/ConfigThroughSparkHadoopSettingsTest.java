package dev.tradingpipeline.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job reads {@code --config} through the Hadoop configuration Spark will use, so that the
 * {@code spark.hadoop.*} settings given to spark-submit (here as system properties, as
 * spark-submit passes {@code --conf} to the driver) serve that read: a file system known only
 * through them (here a local file system under the scheme {@code testfs}) can hold the config.
 */
class ConfigThroughSparkHadoopSettingsTest {

    private static final String IMPL = "spark.hadoop.fs.testfs.impl";
    private static final String NO_CACHE = "spark.hadoop.fs.testfs.impl.disable.cache";

    @TempDir
    Path dir;

    /** The local file system under another scheme, as a store only configuration can name. */
    public static final class TestFs extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("testfs:///");
        }

        @Override
        public String getScheme() {
            return "testfs";
        }
    }

    @AfterEach
    void clear() {
        System.clearProperty(IMPL);
        System.clearProperty(NO_CACHE);
    }

    @Test
    void aConfigOnAFileSystemGivenBySparkHadoopSettingsIsRead() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "ingest:\n  files-per-batch: 7\n");
        String location = "testfs://" + file.toAbsolutePath();

        assertThatThrownBy(() -> TradingJob.loadConfig(JobArguments.parse("--mode", "daily", "--config", location)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot read configuration " + location)
                .hasMessageContaining("testfs");

        System.setProperty(IMPL, TestFs.class.getName());
        System.setProperty(NO_CACHE, "true");
        TradingConfig config = TradingJob.loadConfig(JobArguments.parse("--mode", "daily", "--config", location));

        assertThat(config.get(ConfigKeys.INGEST_FILES_PER_BATCH)).isEqualTo("7");
        assertThat(config.source()).isEqualTo(location);
    }
}
