package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.ingest.IngestJob;
import dev.tradingpipeline.jobs.strategy.spec.Families;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.testing.RecordingMetricsReporter;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.metrics.ScanReport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strategy job reads only the silver its tasks can touch, with the bounds pushed into the Iceberg scan. */
class SilverChainScanTest {

    private static final LocalDate START = LocalDate.of(2024, 3, 4);

    @TempDir
    static Path root;

    private static SparkSession spark;
    private static TradingConfig config;
    private static Table silver;

    @BeforeAll
    static void ingest() throws Exception {
        spark = SparkTestSession.get();
        SparkTestSession.sample(root.resolve("landing"), START, 6, 1000, Compression.CSV);
        config = SparkTestSession.newConfig(root, Map.of());
        spark.conf().set("spark.sql.catalog." + config.get("catalog.name") + ".metrics-reporter-impl",
                RecordingMetricsReporter.class.getName());
        IngestJob job = new IngestJob(spark, config);
        job.run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        silver = job.tables().load(IcebergTables.SILVER);
    }

    private static StrategyTask putWrite(String underlying, LocalDate from, LocalDate to, double dteMax) {
        return StrategyTask.of(StrategySpec.builder("put_write_" + underlying).underlyings(underlying).dates(from, to)
                .legs(Families.of("put_write", Map.of("dte_min", 1.0, "dte_target", 5.0, "dte_max", dteMax)))
                .build());
    }

    private static int files(Expression filter) throws Exception {
        int n = 0;
        try (CloseableIterable<FileScanTask> tasks = silver.newScan().filter(filter).planFiles()) {
            for (FileScanTask ignored : tasks) {
                n++;
            }
        }
        return n;
    }

    @Test
    void readsOnlyTheRequestedUnderlyingDatesAndDtesAndPushesTheBoundsIntoTheScan() throws Exception {
        LocalDate from = START.plusDays(1);
        LocalDate to = START.plusDays(3);
        int all = files(Expressions.alwaysTrue());
        int wanted = files(Expressions.and(Expressions.equal("underlying_symbol", "AAPL"),
                Expressions.greaterThanOrEqual("quote_date", from.toString()),
                Expressions.lessThanOrEqual("quote_date", to.toString())));
        RecordingMetricsReporter.clear(); // (planning above reports scans too)
        Dataset<Row> scan = new StrategyJob(spark, config).silverScan(List.of(putWrite("AAPL", from, to, 12)));

        String plan = scan.queryExecution().executedPlan().toString();
        String pushed = plan.substring(plan.indexOf("[filters="));
        assertThat(pushed).contains("underlying_symbol = 'AAPL'", "quote_date >= ", "quote_date <= ", "dte >= 0",
                "dte <= 12");
        assertThat(scan.columns()).containsExactlyElementsOf(ChainRows.COLUMNS);

        List<Row> rows = scan.collectAsList();
        assertThat(rows).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getString(0)).isEqualTo("AAPL");
            assertThat(ChainRows.toDate(r.get(1))).isBetween(from, to);
            assertThat(r.getInt(17)).isBetween(0, 12);
        });

        List<ScanReport> scans = RecordingMetricsReporter.scansOf("silver.option_eod");
        assertThat(scans).isNotEmpty();
        assertThat(wanted).isPositive().isLessThan(all); // three of the days' partitions
        for (ScanReport s : scans) {
            assertThat(s.scanMetrics().resultDataFiles().value()).as(s.toString())
                    .isLessThanOrEqualTo(wanted);
            assertThat(s.projectedFieldNames()).hasSize(ChainRows.COLUMNS.size());
        }
    }

    @Test
    void theCalendarComesFromSilversMetadataWithinTheDatesAtEveryDte() {
        LocalDate from = START.plusDays(1);
        LocalDate to = START.plusDays(3);
        StrategyJob job = new StrategyJob(spark, config);
        List<StrategyTask> tasks = List.of(putWrite("AAPL", from, to, 12));
        Dataset<Row> calendar = job.silverDays(tasks);

        // no data file is opened: the rows are made on the driver from the manifests
        assertThat(calendar.queryExecution().executedPlan().toString()).contains("LocalTableScan")
                .doesNotContain("BatchScan");
        // one row per day AAPL has in silver within the dates, at every DTE (the chain keeps 0-12 only)
        String silverName = config.get("catalog.name") + "." + IcebergTables.SILVER;
        List<LocalDate> expected = spark.table(silverName)
                .where("underlying_symbol = 'AAPL' AND quote_date BETWEEN DATE '" + from + "' AND DATE '" + to + "'")
                .select("quote_date").distinct().orderBy("quote_date").collectAsList().stream()
                .map(r -> ChainRows.toDate(r.get(0))).toList();
        assertThat(expected).hasSize(3);
        List<Row> rows = calendar.collectAsList();
        assertThat(rows.stream().map(r -> r.getString(0))).containsOnly("AAPL");
        assertThat(rows.stream().map(r -> ChainRows.toDate(r.get(1))).toList()).isEqualTo(expected);

        // a user class has no DTE bound: its chain has every day, no calendar is read
        StrategyTask user = new StrategyTask(tasks.get(0).spec(),
                Optional.of("dev.tradingpipeline.jobs.strategy.engine.RuleBasedStrategy"));
        assertThat(job.silverDays(List.of(user))).isNull();
    }

    @Test
    void theCalendarsDaysAreTheDaysWhoseFilesMayHoldTheUnderlyingByTheirBounds() {
        // the sample's day files hold AAPL and ^SPX, sorted: "AAPL" < "^NDX" < "^SPX" < "^VIX"
        // ('A' is 65, '^' is 94; then 'N' 78 < 'S' 83 < 'V' 86). ^NDX has no row, but lies within
        // every file's bounds: each day counts (a day the vendor left it out). ^VIX lies beyond
        // every file's upper bound: no day.
        LocalDate from = START;
        LocalDate to = START.plusDays(30); // past the sample's six trading days
        StrategyJob job = new StrategyJob(spark, config);
        List<Row> ndx = job.silverDays(List.of(putWrite("^NDX", from, to, 12))).collectAsList();
        long days = spark.table(config.get("catalog.name") + "." + IcebergTables.SILVER)
                .select("quote_date").distinct().count();
        assertThat(ndx).hasSize((int) days);
        assertThat(job.silverDays(List.of(putWrite("^VIX", from, to, 12))).collectAsList()).isEmpty();
    }

    @Test
    void whereTheMetadataCannotTellTheTwoKeyColumnsAreRead() {
        LocalDate from = START.plusDays(1);
        LocalDate to = START.plusDays(3);
        Dataset<Row> calendar = SilverChainScan.scannedDays(spark, config.get("catalog.name") + "."
                + IcebergTables.SILVER, Map.of("AAPL", new SilverChainScan.Scope("AAPL", from, to, null)));
        RecordingMetricsReporter.clear();

        String plan = calendar.queryExecution().executedPlan().toString();
        String pushed = plan.substring(plan.indexOf("[filters="));
        assertThat(pushed).contains("underlying_symbol = 'AAPL'", "quote_date >= ", "quote_date <= ")
                .doesNotContain("dte");
        List<Row> rows = calendar.collectAsList();
        List<ScanReport> scans = RecordingMetricsReporter.scansOf("silver.option_eod");
        assertThat(scans).isNotEmpty().allSatisfy(sc -> assertThat(sc.projectedFieldNames())
                .containsExactlyInAnyOrder("underlying_symbol", "quote_date"));
        long all = spark.table(config.get("catalog.name") + "." + IcebergTables.SILVER)
                .where("underlying_symbol = 'AAPL' AND quote_date BETWEEN DATE '" + from + "' AND DATE '" + to + "'")
                .count();
        assertThat(rows).hasSize((int) all);
    }

    @Test
    void eachUnderlyingKeepsItsOwnDatesAndDteBound() {
        LocalDate d1 = START.plusDays(1);
        LocalDate d2 = START.plusDays(2);
        LocalDate d3 = START.plusDays(3);
        List<Row> rows = new StrategyJob(spark, config).silverScan(List.of(
                putWrite("AAPL", d1, d2, 8), putWrite("^SPX", d2, d3, 20))).collectAsList();

        assertThat(rows).extracting(r -> r.getString(0)).containsOnly("AAPL", "^SPX");
        assertThat(rows).allSatisfy(r -> {
            boolean aapl = r.getString(0).equals("AAPL");
            assertThat(ChainRows.toDate(r.get(1))).isBetween(aapl ? d1 : d2, aapl ? d2 : d3);
            assertThat(r.getInt(17)).isBetween(0, aapl ? 8 : 20);
        });
        assertThat(rows).anySatisfy(r -> assertThat(r.getInt(17)).isGreaterThan(8));
    }

    @Test
    void aUserStrategyClassLiftsTheDteBound() {
        StrategyTask user = new StrategyTask(putWrite("AAPL", START, START, 8).spec(),
                Optional.of("dev.tradingpipeline.jobs.strategy.engine.RuleBasedStrategy"));
        assertThat(SilverChainScan.maxDte(user)).isNull();
        List<Row> rows = new StrategyJob(spark, config).silverScan(List.of(user)).collectAsList();
        assertThat(rows).anySatisfy(r -> assertThat(r.getInt(17)).isGreaterThan(100));
    }
}
