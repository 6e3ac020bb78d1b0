package dev.tradingpipeline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15's ingest cases: what a careless or hostile landing folder, or a second ingest run,
 * must not do to silver or the ledger. Each test reproduces a case that went wrong before.
 */
class IngestDataSafetyTest {

    private static final LocalDate START = LocalDate.of(2024, 3, 4); // a Monday
    private static final int ROWS = 80;

    @TempDir
    Path root;

    private SparkSession spark;
    private Path landing;

    @BeforeEach
    void setUp() {
        spark = SparkTestSession.get();
        landing = root.resolve("landing");
    }

    private TradingConfig config() {
        return SparkTestSession.newConfig(root, Map.of("ingest.files-per-batch", "10"));
    }

    private long count(TradingConfig c, String sql) {
        return spark.sql(sql.replace("$cat", c.get("catalog.name"))).first().getLong(0);
    }

    @Test
    void aLineCutToTheLengthLimitNeverReachesSilverWhenSilverIsBuiltFromBronze() throws Exception {
        List<Path> files = SparkTestSession.sample(landing, START, 2, ROWS, Compression.CSV);
        TradingConfig c = config();
        assertThat(new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty()).succeeded()).isTrue();

        // the second day delivered again, in a subfolder, with one line's last field (delivery_code) 2 MiB long:
        // silver has the day, so its rows are built from bronze and merged
        List<String> lines = new ArrayList<>(Files.readAllLines(files.get(1)));
        String original = lines.get(5);
        String longLine = original.substring(0, original.lastIndexOf(',') + 1) + "X".repeat(2 << 20);
        lines.set(5, longLine);
        Path again = landing.resolve("redelivered").resolve(files.get(1).getFileName());
        Files.createDirectories(again.getParent());
        Files.write(again, lines);

        IngestJob.Result r = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());

        assertThat(r.succeeded()).isTrue();
        assertThat(r.rowsRejected()).isEqualTo(1);
        // rejected with its reason, and in bronze as landed (cut) and marked as cut
        assertThat(spark.sql("SELECT reason FROM " + c.get("catalog.name") + ".bronze.option_eod_rejects WHERE line_number = 6")
                .first().getString(0)).contains("line longer than " + LandingFileParser.MAX_LINE_CHARS);
        Row bronze = spark.sql("SELECT length(raw_line), line_cut FROM " + c.get("catalog.name")
                + ".bronze.option_eod WHERE line_number = 6 AND source_file LIKE '%redelivered%'").first();
        assertThat(bronze.getInt(0)).isEqualTo(LandingFileParser.MAX_LINE_CHARS);
        assertThat(bronze.getBoolean(1)).isTrue();
        // silver keeps the row of that key as the first delivery had it: no cut delivery_code anywhere
        assertThat(count(c, "SELECT count(*) FROM $cat.silver.option_eod")).isEqualTo(2L * ROWS);
        assertThat(count(c, "SELECT count(*) FROM $cat.silver.option_eod WHERE length(delivery_code) > 10")).isZero();
        String[] fields = original.split(",", -1);
        Row kept = spark.sql("SELECT delivery_code, source_file FROM " + c.get("catalog.name") + ".silver.option_eod"
                + " WHERE underlying_symbol = '" + fields[0] + "' AND root = '" + fields[2] + "' AND expiration = DATE '"
                + fields[3] + "' AND strike = " + fields[4] + " AND option_type = '" + fields[5] + "'"
                + " AND quote_date = DATE '" + fields[1] + "'").first();
        assertThat(kept.isNullAt(0) ? "" : kept.getString(0)).isEqualTo(fields[fields.length - 1]);
        assertThat(kept.getString(1)).doesNotContain("redelivered");
    }

    @Test
    void bronzeRowsWithoutTheCutMarkAreJudgedByTheirLength() {
        // rows written before bronze had line_cut: a line of the limit's length can only be a cut one
        assertThat(BronzeLineParser.cut("x".repeat(LandingFileParser.MAX_LINE_CHARS), null)).isTrue();
        assertThat(BronzeLineParser.cut("x".repeat(LandingFileParser.MAX_LINE_CHARS - 1), null)).isFalse();
        assertThat(BronzeLineParser.cut("short", Boolean.TRUE)).isTrue();
        assertThat(BronzeLineParser.cut("x".repeat(LandingFileParser.MAX_LINE_CHARS), Boolean.FALSE)).isFalse();
    }

    @Test
    void modificationTimesCompareToTheMillisecondLocallyAndToTheSecondOnObjectStores() {
        org.apache.hadoop.fs.Path local = new org.apache.hadoop.fs.Path("file:/landing/a.csv");
        org.apache.hadoop.fs.Path bare = new org.apache.hadoop.fs.Path("/landing/a.csv");
        org.apache.hadoop.fs.Path s3 = new org.apache.hadoop.fs.Path("s3a://bucket/landing/a.csv");
        // a listing with milliseconds, a HEAD request's Last-Modified in whole seconds: the same write
        assertThat(LandingFileParser.sameModificationTime(s3, 1_700_000_000_123L, 1_700_000_000_000L)).isTrue();
        assertThat(LandingFileParser.sameModificationTime(s3, 1_700_000_000_999L, 1_700_000_001_000L)).isFalse();
        assertThat(LandingFileParser.sameModificationTime(local, 1_700_000_000_123L, 1_700_000_000_000L)).isFalse();
        assertThat(LandingFileParser.sameModificationTime(bare, 1_700_000_000_123L, 1_700_000_000_123L)).isTrue();
    }

    @Test
    void aFileHalfWrittenWhenABronzeFirstBatchReadsItIsRecordedFailedAndLoadsWholeNextRun() throws Exception {
        List<Path> files = SparkTestSession.sample(landing, START, 2, ROWS, Compression.CSV);
        TradingConfig c = config();
        assertThat(new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty()).succeeded()).isTrue();

        // a corrected second day lands in a subfolder (silver has the day: the batch goes bronze first);
        // after the run listed it, the vendor starts writing it again and has written half when it is read
        List<String> whole = Files.readAllLines(files.get(1));
        Path corrected = landing.resolve("corrections").resolve(files.get(1).getFileName());
        Files.createDirectories(corrected.getParent());
        Files.write(corrected, whole);
        IngestJob job = new IngestJob(spark, c).withListener(new IngestJob.BatchListener() {
            @Override
            public void started(String batchId, int batchNumber) {
                try {
                    Files.write(corrected, whole.subList(0, whole.size() / 2));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void committed(String batchId, int batchNumber, String step) {
            }
        });
        IngestJob.Result r = job.run(IngestJob.Mode.DAILY, Optional.empty());

        assertThat(r.failed()).singleElement().satisfies(f -> {
            assertThat(f.path()).contains("corrections");
            assertThat(f.error()).startsWith("the file changed while it was being loaded (listed at ");
        });
        assertThat(count(c, "SELECT count(*) FROM $cat.ops.landing_files WHERE status = 'FAILED'"
                + " AND path LIKE '%corrections%'")).isEqualTo(1);
        assertThat(count(c, "SELECT count(*) FROM $cat.bronze.option_eod WHERE source_file LIKE '%corrections%'")).isZero();
        assertThat(count(c, "SELECT count(*) FROM $cat.silver.option_eod WHERE source_file LIKE '%corrections%'")).isZero();
        assertThat(count(c, "SELECT count(*) FROM $cat.silver.option_eod")).isEqualTo(2L * ROWS);

        // once complete, the next run loads it whole
        Files.write(corrected, whole);
        IngestJob.Result next = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());
        assertThat(next.succeeded()).isTrue();
        assertThat(count(c, "SELECT count(*) FROM $cat.bronze.option_eod WHERE source_file LIKE '%corrections%'"))
                .isEqualTo(ROWS);
        assertThat(count(c, "SELECT count(*) FROM $cat.silver.option_eod WHERE source_file LIKE '%corrections%'"))
                .isEqualTo(ROWS);
        assertThat(count(c, "SELECT count(*) FROM $cat.silver.option_eod")).isEqualTo(2L * ROWS);
    }

    @Test
    void theLoserOfTwoRunsAppendingTheSameDayNeverMakesItVisibleTwice() throws Exception {
        SparkTestSession.sample(landing, START, 2, ROWS, Compression.CSV);
        TradingConfig c = config();
        assertThat(new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty()).succeeded()).isTrue();
        SparkTestSession.sample(landing, START, 3, ROWS, Compression.CSV);
        String thirdDay = START.plusDays(2).toString();

        // Both runs plan to append the third day as read; B commits its append first, A's append
        // comes after, while B finishes its batch. What a reader sees after every commit of either
        // run is recorded.
        CountDownLatch aPlanned = new CountDownLatch(1);
        CountDownLatch bAppended = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        Runnable look = () -> {
            Row r = spark.sql("SELECT count(*), count(DISTINCT underlying_symbol, root, expiration, strike, option_type)"
                    + " FROM " + c.get("catalog.name") + ".silver.option_eod WHERE quote_date = DATE '" + thirdDay + "'")
                    .first();
            seen.add(r.getLong(0) + " rows / " + r.getLong(1) + " keys");
        };
        IngestJob a = new IngestJob(spark, c).withListener(new IngestJob.BatchListener() {
            @Override
            public void planned(String batchId, int batchNumber, boolean appendsAsRead) {
                assertThat(appendsAsRead).isTrue();
                aPlanned.countDown();
                await(bAppended);
            }

            @Override
            public void committed(String batchId, int batchNumber, String step) {
                look.run();
            }
        });
        IngestJob b = new IngestJob(spark, c).withListener(new IngestJob.BatchListener() {
            @Override
            public void started(String batchId, int batchNumber) {
                await(aPlanned);
            }

            @Override
            public void committed(String batchId, int batchNumber, String step) {
                look.run();
                if (step.equals("silver")) {
                    bAppended.countDown();
                }
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<IngestJob.Result> ra = pool.submit(() -> a.run(IngestJob.Mode.DAILY, Optional.empty()));
            Future<IngestJob.Result> rb = pool.submit(() -> b.run(IngestJob.Mode.DAILY, Optional.empty()));
            IngestJob.Result resultA = ra.get(5, TimeUnit.MINUTES);
            IngestJob.Result resultB = rb.get(5, TimeUnit.MINUTES);
            assertThat(resultA.succeeded()).isTrue();
            assertThat(resultB.succeeded()).isTrue();
            // A lost at its append, committed nothing, and left the file to B
            assertThat(resultA.notes()).singleElement().satisfies(n -> assertThat(n)
                    .contains("lost to another ingest run, which recorded 1 of this run's files first"));
            assertThat(resultA.outcomes()).isEmpty();
            assertThat(resultB.outcomes()).singleElement().satisfies(o -> assertThat(o.status()).isEqualTo("LOADED"));
        } finally {
            pool.shutdownNow();
        }
        look.run();
        System.out.println("the third day in silver after each commit: " + seen);
        assertThat(seen).isNotEmpty().allSatisfy(s -> assertThat(s).isIn("0 rows / 0 keys", ROWS + " rows / " + ROWS + " keys"));
        assertThat(seen.get(seen.size() - 1)).isEqualTo(ROWS + " rows / " + ROWS + " keys");
        assertThat(count(c, "SELECT count(*) FROM $cat.ops.landing_files WHERE status = 'LOADED'")).isEqualTo(3);
        assertThat(count(c, "SELECT count(*) FROM $cat.bronze.option_eod")).isEqualTo(3L * ROWS);
    }

    @Test
    void aFileThatFailsAgainUnchangedAddsNoLedgerRowButIsStillReported() throws Exception {
        List<Path> files = SparkTestSession.sample(landing, START, 1, ROWS, Compression.CSV);
        Path broken = landing.resolve("UnderlyingOptionsEODCalcs_2024-03-05.csv");
        Files.writeString(broken, "not,the,header\n1,2,3\n");
        TradingConfig c = config();
        String failedRows = "SELECT count(*) FROM $cat.ops.landing_files WHERE status = 'FAILED'";
        IngestJob first = new IngestJob(spark, c);
        assertThat(first.run(IngestJob.Mode.BOOTSTRAP, Optional.empty()).failed()).hasSize(1);
        assertThat(count(c, failedRows)).isEqualTo(1);
        long[] snapshots = snapshots(first.tables());

        // run after run, the same bytes fail the same way: reported every time, recorded once, no commit
        for (int run = 0; run < 2; run++) {
            IngestJob.Result again = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());
            assertThat(again.succeeded()).isFalse();
            assertThat(again.failed()).singleElement().satisfies(f -> {
                assertThat(f.path()).endsWith(broken.getFileName().toString());
                assertThat(f.error()).contains("unrecognised header");
            });
            assertThat(again.notes()).anySatisfy(n -> assertThat(n).contains("unchanged since it failed")
                    .contains("not recorded again"));
            assertThat(count(c, failedRows)).isEqualTo(1);
            assertThat(snapshots(first.tables())).containsExactly(snapshots);
        }

        // changed but still broken: retried and recorded as before
        Files.writeString(broken, "still,not,the,header\n");
        assertThat(new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty()).failed()).hasSize(1);
        assertThat(count(c, failedRows)).isEqualTo(2);
        // fixed: it loads
        Files.delete(broken);
        Path fixed = SparkTestSession.sample(landing, START, 2, ROWS, Compression.CSV).get(0);
        assertThat(fixed).isEqualTo(broken);
        IngestJob.Result loaded = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());
        assertThat(loaded.succeeded()).isTrue();
        assertThat(count(c, "SELECT count(*) FROM $cat.silver.option_eod")).isEqualTo(2L * ROWS);
    }

    @Test
    void anIngestIntoACopiedWarehouseWritesNothingAndSaysWhy() throws Exception {
        SparkTestSession.sample(landing, START, 1, ROWS, Compression.CSV);
        TradingConfig original = config();
        assertThat(new IngestJob(spark, original).run(IngestJob.Mode.BOOTSTRAP, Optional.empty()).succeeded()).isTrue();
        // cp -a: the copy's metadata still names the original's files, by absolute path
        Path warehouse = root.resolve("warehouse");
        Path copy = root.resolve("warehouse-copy");
        try (var walk = Files.walk(warehouse)) {
            for (Path p : walk.toList()) {
                Files.copy(p, copy.resolve(warehouse.relativize(p).toString()),
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        List<String> before;
        try (var walk = Files.walk(warehouse)) {
            before = walk.map(Path::toString).sorted().toList();
        }
        SparkTestSession.sample(landing, START, 2, ROWS, Compression.CSV);
        TradingConfig copied = SparkTestSession.newConfig(root, Map.of("paths.warehouse", copy.toString()));

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new IngestJob(spark, copied).run(IngestJob.Mode.DAILY, Optional.empty()))
                .hasMessageContaining("is not under paths.warehouse " + copy)
                .hasMessageContaining("looks copied from another")
                .hasMessageContaining("the ingest writes nothing")
                .hasMessageContaining("rewrite_table_path");
        try (var walk = Files.walk(warehouse)) {
            assertThat(walk.map(Path::toString).sorted().toList()).isEqualTo(before);
        }
        assertThat(count(original, "SELECT count(*) FROM $cat.silver.option_eod")).isEqualTo(ROWS);
    }

    private static long[] snapshots(IcebergTables tables) {
        return IcebergTables.INGEST_TABLES.stream().mapToLong(tables::currentSnapshotId).toArray();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the other run did not get there");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
