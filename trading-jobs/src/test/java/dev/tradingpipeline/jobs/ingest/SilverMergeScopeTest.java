package dev.tradingpipeline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.testing.RecordingMetricsReporter;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.metrics.ScanReport;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch's cost depends on the batch: a correction merges into its own day, not all of silver. */
class SilverMergeScopeTest {

    @TempDir
    Path root;

    private static int files(Table t, String day) throws Exception {
        int n = 0;
        try (CloseableIterable<FileScanTask> tasks = t.newScan()
                .filter(day == null ? Expressions.alwaysTrue() : Expressions.equal("quote_date", day)).planFiles()) {
            for (FileScanTask ignored : tasks) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aCorrectionMergesReadingOnlyItsQuoteDatePartitions() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path landing = root.resolve("landing");
        List<Path> days = SparkTestSession.sample(landing, LocalDate.of(2024, 4, 1), 5, 400, Compression.CSV);
        TradingConfig c = SparkTestSession.newConfig(root, Map.of());
        String cat = c.get("catalog.name");
        spark.conf().set("spark.sql.catalog." + cat + ".metrics-reporter-impl", RecordingMetricsReporter.class.getName());
        IngestJob job = new IngestJob(spark, c);
        job.run(IngestJob.Mode.BOOTSTRAP, Optional.empty());

        Table silver = job.tables().load(IcebergTables.SILVER);
        int allFiles = files(silver, null);
        int dayFiles = files(silver, "2024-04-03");
        // one of five day partitions
        assertThat(dayFiles).isPositive();
        assertThat(dayFiles * 5).isLessThanOrEqualTo(allFiles);

        // a one-line correction of 2024-04-03, landed later
        List<String> lines = Files.readAllLines(days.get(2));
        Path correction = landing.resolve("UnderlyingOptionsEODCalcs_2024-04-03-fix.csv");
        Files.write(correction, List.of(lines.get(0), lines.get(1).replaceFirst(",[0-9]+,$", ",424242,")));
        Files.setLastModifiedTime(correction, FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        RecordingMetricsReporter.clear();
        IngestJob.Result r = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());
        assertThat(r.rowsAccepted()).isEqualTo(1);

        List<ScanReport> silverScans = RecordingMetricsReporter.scansOf("silver.option_eod");
        assertThat(silverScans).isNotEmpty();
        for (ScanReport scan : silverScans) {
            assertThat(scan.scanMetrics().resultDataFiles().value()).as(scan.toString()).isLessThanOrEqualTo(dayFiles);
        }
        assertThat(spark.sql("SELECT open_interest FROM " + cat + ".silver.option_eod WHERE open_interest = 424242")
                .count()).isEqualTo(1);
        assertThat(spark.table(cat + ".silver.option_eod").count()).isEqualTo(2000);
    }
}
