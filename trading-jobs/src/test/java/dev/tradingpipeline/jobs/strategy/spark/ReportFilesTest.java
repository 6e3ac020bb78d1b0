package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.report.HtmlReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's write is bounded in time: a store that does not answer fails the write, naming the object and the key. */
class ReportFilesTest {

    @TempDir
    Path dir;

    /** A store that never answers a create. */
    public static final class SilentFs extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("silentfs:///");
        }

        @Override
        public String getScheme() {
            return "silentfs";
        }

        @Override
        public FSDataOutputStream create(org.apache.hadoop.fs.Path f, FsPermission permission, boolean overwrite,
                int bufferSize, short replication, long blockSize, Progressable progress) throws IOException {
            return silence();
        }

        @Override
        public FSDataOutputStream create(org.apache.hadoop.fs.Path f, boolean overwrite, int bufferSize,
                short replication, long blockSize, Progressable progress) throws IOException {
            return silence();
        }

        private static FSDataOutputStream silence() throws IOException {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("interrupted");
        }
    }

    private static Configuration hadoop() {
        Configuration conf = new Configuration();
        conf.set("fs.silentfs.impl", SilentFs.class.getName());
        conf.setBoolean("fs.silentfs.impl.disable.cache", true);
        return conf;
    }

    @Test
    void aStoreThatDoesNotAnswerFailsTheWriteInTimeNamingTheObjectAndTheKey() {
        TradingConfig config = TradingConfig.parse("", "config.yaml", dir.toString(),
                // under the test's folder: were the store to answer after all, nothing lands elsewhere
                Map.of("paths.reports", "silentfs://" + dir.toUri().getPath() + "reports", "reports.write-timeout", "1s"),
                "--set ");
        HtmlReport report = new HtmlReport("20240603T140501Z-1a2b3c4d", Instant.EPOCH, List.of());

        long started = System.nanoTime();
        assertThatThrownBy(() -> ReportFiles.write(report, config, hadoop()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("silentfs:" + dir.toUri().getPath() + "reports/strategy-report-20240603T140501Z-1a2b3c4d.html")
                .hasMessageContaining("reports.write-timeout (1 s)")
                .hasMessageContaining("mvn trading:report");
        assertThat((System.nanoTime() - started) / 1e9).isLessThan(10);
    }

    @Test
    void aReachableFolderGetsTheReport() throws Exception {
        TradingConfig config = TradingConfig.parse("", "config.yaml", dir.toString(),
                Map.of("paths.reports", "reports"), "--set ");
        HtmlReport report = new HtmlReport("20240603T140501Z-1a2b3c4d", Instant.EPOCH, List.of());

        String written = ReportFiles.write(report, config, hadoop());

        Path file = dir.resolve("reports/strategy-report-20240603T140501Z-1a2b3c4d.html");
        assertThat(written).endsWith("reports/strategy-report-20240603T140501Z-1a2b3c4d.html");
        assertThat(Files.readString(file)).isEqualTo(report.render());
    }
}
