package dev.tradingpipeline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.testing.ForkedJob;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7: two {@code daily} runs started at the same moment on the same landing data. They run
 * as two threads of this JVM on the shared SparkSession, each with its own {@link IngestJob}, so
 * that many races are cheap; Iceberg's optimistic concurrency (refresh, retry, validate) decides
 * between them, as with a catalog that commits atomically (Glue). A last test runs two jobs in
 * two JVMs, as two local {@code mvn trading:submit} runs would.
 *
 * <p>Both runs succeed: a run whose batch loses the race at its ledger commit removes the batch's
 * rows and goes on with the files no run has recorded (often none), saying so in its notes. Every
 * file is loaded once: no natural key twice in silver, no landed line twice in bronze, one LOADED
 * ledger row per file.
 */
class ConcurrentDailyRunsTest {

    private static final LocalDate START = LocalDate.of(2024, 3, 4); // a Monday
    private static final int ROWS = 120;

    @TempDir
    Path root;

    /** What one of the two runs did: its result, or the exception it ended with. */
    private record Outcome(IngestJob.Result result, Throwable error) {
        String describe() {
            return error != null ? "failed: " + error
                    : "succeeded: " + result.filesPending() + " file(s) pending, " + result.outcomes().size() + " loaded"
                            + (result.notes().isEmpty() ? "" : ", notes " + result.notes());
        }
    }

    @Test
    void twoDailyRunsStartedTogetherNeitherDuplicateNorLoseARow() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path landing = root.resolve("landing");
        SparkTestSession.sample(landing, START, 4, ROWS, Compression.CSV);
        TradingConfig c = SparkTestSession.newConfig(root, Map.of("ingest.files-per-batch", "2"));
        String cat = c.get("catalog.name");
        assertThat(new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty()).succeeded()).isTrue();

        int days = 4;
        int lostRaces = 0;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 4; round++) {
                // new files land (one to three days: one or two batches), then two daily runs start together
                days += 1 + round % 3;
                SparkTestSession.sample(landing, START, days, ROWS, Compression.CSV);
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Outcome>> runs = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    runs.add(pool.submit(() -> {
                        IngestJob job = new IngestJob(spark, c);
                        together.await(30, TimeUnit.SECONDS);
                        try {
                            return new Outcome(job.run(IngestJob.Mode.DAILY, Optional.empty()), null);
                        } catch (RuntimeException e) {
                            return new Outcome(null, e);
                        }
                    }));
                }
                List<Outcome> outcomes = new ArrayList<>();
                for (Future<Outcome> f : runs) {
                    outcomes.add(f.get(5, TimeUnit.MINUTES));
                }
                System.out.printf("race %d (%d days landed): run A %s; run B %s%n", round, days,
                        outcomes.get(0).describe(), outcomes.get(1).describe());

                assertThat(outcomes).as("race %d: both runs succeed", round)
                        .allSatisfy(o -> assertThat(o.error()).isNull());
                // the files of the round were loaded by one run or the other, each once
                assertThat(outcomes.stream().mapToInt(o -> o.result().outcomes().size()).sum())
                        .as("files loaded in race %d", round).isEqualTo(1 + round % 3);
                for (Outcome o : outcomes) {
                    lostRaces += (int) o.result().notes().stream()
                            .filter(n -> n.contains("lost to another ingest run")).count();
                }
                assertEveryFileLoadedOnce(spark, cat, landing, days, "race " + round);
            }
            System.out.println("batches lost to the other run in 4 races: " + lostRaces);
            assertThat(lostRaces).as("races where both runs planned the same files (so one lost a batch)")
                    .isPositive();
            // a run after the races finds nothing left to load
            IngestJob.Result after = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());
            assertThat(after.filesPending()).isZero();
            assertThat(after.notes()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A run that starts while another is in the middle of a batch finds that batch's rows without
     * ledger rows, as if its job had died. It records the rollback in the ledger before removing
     * them, so the batch, when it reaches its ledger commit, fails instead of recording files whose
     * rows are gone; the second run loads them.
     */
    @Test
    void aRunStartingWhileAnotherIsMidBatchRollsThatBatchBackAndTheBatchCannotFinish() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path landing = root.resolve("landing");
        SparkTestSession.sample(landing, START, 2, ROWS, Compression.CSV);
        TradingConfig c = SparkTestSession.newConfig(root, Map.of("ingest.files-per-batch", "5"));
        String cat = c.get("catalog.name");
        assertThat(new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty()).succeeded()).isTrue();
        SparkTestSession.sample(landing, START, 4, ROWS, Compression.CSV);

        // run A appends the new days to silver and their lines to bronze, then waits for run B
        CountDownLatch midBatch = new CountDownLatch(1);
        CountDownLatch bDone = new CountDownLatch(1);
        IngestJob a = new IngestJob(spark, c).withListener((id, n, step) -> {
            if (step.equals("bronze")) {
                midBatch.countDown();
                try {
                    assertThat(bDone.await(5, TimeUnit.MINUTES)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Outcome> runA = pool.submit(() -> {
                try {
                    return new Outcome(a.run(IngestJob.Mode.DAILY, Optional.empty()), null);
                } catch (RuntimeException e) {
                    return new Outcome(null, e);
                }
            });
            assertThat(midBatch.await(5, TimeUnit.MINUTES)).isTrue();
            assertThat(spark.table(cat + ".silver.option_eod").count()).isEqualTo(4L * ROWS);

            IngestJob.Result b = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());
            bDone.countDown();
            Outcome outcomeA = runA.get(5, TimeUnit.MINUTES);
            System.out.println("mid-batch: run B " + b.notes() + ", loaded " + b.outcomes().size() + "; run A "
                    + outcomeA.describe());

            assertThat(b.succeeded()).isTrue();
            assertThat(b.notes()).anySatisfy(n -> assertThat(n).startsWith("removing rows of unfinished batch"));
            assertThat(b.outcomes()).hasSize(2);
            assertThat(outcomeA.error()).hasMessageContaining("was rolled back by another ingest run")
                    .hasMessageContaining("run one ingest at a time");
        } finally {
            pool.shutdownNow();
        }
        assertThat(spark.table(cat + ".silver.option_eod").count()).isEqualTo(4L * ROWS);
        assertThat(spark.sql("SELECT count(*) FROM (SELECT DISTINCT quote_date, underlying_symbol, root, expiration,"
                + " strike, option_type FROM " + cat + ".silver.option_eod)").first().getLong(0)).isEqualTo(4L * ROWS);
        assertThat(spark.table(cat + ".bronze.option_eod").count()).isEqualTo(dataLines(landing));
        assertThat(spark.sql("SELECT count(*), count(DISTINCT path) FROM " + cat + ".ops.landing_files WHERE status"
                + " = 'LOADED'").first().toSeq().toList().toString()).isEqualTo("List(4, 4)");
        // the rollback is on record, and the next run has nothing to do
        assertThat(spark.sql("SELECT count(*) FROM " + cat + ".ops.landing_files WHERE status = 'ROLLED_BACK'")
                .first().getLong(0)).isEqualTo(2);
        IngestJob.Result after = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());
        assertThat(after.filesPending()).isZero();
        assertThat(after.notes()).isEmpty();
    }

    /**
     * Two daily jobs in two JVMs, as two {@code mvn trading:submit -Dmode=daily} on the local
     * target are: their Hadoop catalogs commit through the warehouse's file lock
     * ({@code WarehouseFileLock}), and the ledger's validated commits decide between them.
     */
    @Test
    void twoDailyJobsInTheirOwnJvmsLoadEveryFileOnce() throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path landing = root.resolve("landing");
        SparkTestSession.sample(landing, START, 2, ROWS, Compression.CSV);
        Path warehouse = root.resolve("warehouse");
        TradingConfig c = SparkTestSession.newConfig(root, Map.of("ingest.files-per-batch", "2"));
        assertThat(new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty()).succeeded()).isTrue();
        int days = 5;
        SparkTestSession.sample(landing, START, days, ROWS, Compression.CSV);

        List<ForkedJob> jobs = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            jobs.add(ForkedJob.start(root.resolve("runs/" + name), "local[1]", List.of("--mode", "daily",
                    "--set", "paths.landing=" + landing.toAbsolutePath(),
                    "--set", "paths.warehouse=" + warehouse.toAbsolutePath(),
                    "--set", "ingest.files-per-batch=2"), line -> { }));
        }
        for (ForkedJob job : jobs) {
            try (job) {
                int exit = job.exitCode();
                System.out.printf("job in its own JVM: exit %d after %.1fs%n", exit, job.elapsedMillis() / 1000.0);
                job.lines().stream().filter(l -> l.text().contains("lost to another ingest run")).findFirst()
                        .ifPresent(l -> System.out.println("  it said: " + l.text()));
                assertThat(exit).as("job output:%n%s", job.output()).isZero();
            }
        }
        // a catalog of its own: this JVM's catalog of c may cache what the jobs have replaced
        TradingConfig fresh = SparkTestSession.newConfig(root.resolve("verify"), Map.of(
                "paths.warehouse", warehouse.toAbsolutePath().toString(),
                "paths.landing", landing.toAbsolutePath().toString()));
        assertEveryFileLoadedOnce(spark, fresh.get("catalog.name"), landing, days, "two jobs in their own JVMs");
        assertThat(new IngestJob(spark, fresh).run(IngestJob.Mode.DAILY, Optional.empty()).filesPending()).isZero();
    }

    /**
     * Deterministic lost races: while a batch loads, "another run" records the batch's file in the
     * ledger first. The batch loses at its ledger commit, removes its rows and the run goes on with
     * the other files; a run that keeps losing stops after {@value PendingFiles#MAX_LOST_RACES}.
     */
    @Test
    void aRunThatLosesABatchGoesOnWithTheRestAndGivesUpAfterLosingSeveral() throws Exception {
        SparkSession spark = SparkTestSession.get();
        for (boolean everyBatch : new boolean[] {false, true}) {
            Path dir = root.resolve(everyBatch ? "every" : "first");
            Path landing = dir.resolve("landing");
            SparkTestSession.sample(landing, START, 2, ROWS, Compression.CSV);
            TradingConfig c = SparkTestSession.newConfig(dir, Map.of("ingest.files-per-batch", "1"));
            assertThat(new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty()).succeeded()).isTrue();
            SparkTestSession.sample(landing, START, 8, ROWS, Compression.CSV);
            String cat = c.get("catalog.name");
            IcebergTables tables = new IcebergTables(spark, c);
            LandingFileLedger other = new LandingFileLedger(spark, tables);
            List<String> stolen = new ArrayList<>();
            IngestJob job = new IngestJob(spark, c).withListener((batchId, n, step) -> {
                if (step.equals("bronze") && (everyBatch || stolen.isEmpty())) {
                    String otherBatch = "other-" + (stolen.size() + 1);
                    String path = spark.sql("SELECT DISTINCT source_file FROM " + cat + ".bronze.option_eod WHERE"
                            + " batch_id = '" + batchId + "'").first().getString(0);
                    Instant now = Instant.now();
                    other.record(List.of(new LandingFileLedger.Entry(path, path.substring(path.lastIndexOf('/') + 1),
                            1, now, null, null, LandingFileLedger.LOADED, 1, 0, null, otherBatch, null, now, now)),
                            otherBatch, null, Set.of(path));
                    stolen.add(path);
                }
            });
            if (!everyBatch) {
                IngestJob.Result r = job.run(IngestJob.Mode.DAILY, Optional.empty());
                assertThat(r.succeeded()).isTrue();
                assertThat(r.notes()).singleElement().satisfies(n -> assertThat(n)
                        .contains("lost to another ingest run, which recorded 1 of this run's files first")
                        .contains("goes on with the 5 file(s) no run has recorded"));
                assertThat(r.outcomes()).hasSize(5).noneSatisfy(o -> assertThat(o.path()).isEqualTo(stolen.get(0)));
                // the lost batch's rows are gone; the other five days landed once
                assertThat(spark.sql("SELECT count(*) FROM " + cat + ".bronze.option_eod WHERE source_file = '"
                        + stolen.get(0) + "'").first().getLong(0)).isZero();
                assertThat(spark.table(cat + ".silver.option_eod").count()).isEqualTo(7L * ROWS);
            } else {
                assertThatThrownBy(() -> job.run(IngestJob.Mode.DAILY, Optional.empty()))
                        .hasMessageContaining("another ingest run recorded files of this run")
                        .hasMessageContaining("this run stops after losing " + PendingFiles.MAX_LOST_RACES + " batches");
                assertThat(stolen).hasSize(PendingFiles.MAX_LOST_RACES + 1);
                assertThat(spark.table(cat + ".silver.option_eod").count()).isEqualTo(2L * ROWS);
            }
        }
    }

    /**
     * No natural key twice in silver, every landed line once in bronze, one LOADED ledger row per
     * file: every file loaded once.
     */
    private static void assertEveryFileLoadedOnce(SparkSession spark, String cat, Path landing, int days, String when)
            throws IOException {
        long dataLines = dataLines(landing);
        long keys = spark.sql("SELECT count(*) FROM (SELECT DISTINCT quote_date, underlying_symbol, root, "
                + "expiration, strike, option_type FROM " + cat + ".silver.option_eod)").first().getLong(0);
        long silver = spark.table(cat + ".silver.option_eod").count();
        long bronze = spark.table(cat + ".bronze.option_eod").count();
        long bronzeLines = spark.sql("SELECT count(*) FROM (SELECT DISTINCT source_file, line_number FROM "
                + cat + ".bronze.option_eod)").first().getLong(0);
        long loadedTwice = spark.sql("SELECT count(*) FROM (SELECT path FROM " + cat + ".ops.landing_files "
                + "WHERE status = 'LOADED' GROUP BY path HAVING count(*) > 1)").first().getLong(0);
        System.out.printf("%s: silver %d rows / %d keys, bronze %d lines / %d distinct, data lines %d,"
                + " paths LOADED twice %d%n", when, silver, keys, bronze, bronzeLines, dataLines, loadedTwice);
        assertThat(silver).as("silver rows after %s", when).isEqualTo(keys);
        assertThat(silver).as("silver rows after %s", when).isEqualTo((long) days * ROWS);
        assertThat(bronze).as("bronze lines after %s", when).isEqualTo(bronzeLines).isEqualTo(dataLines);
        assertThat(loadedTwice).as("paths LOADED twice after %s", when).isZero();
        assertThat(spark.sql("SELECT count(DISTINCT path) FROM " + cat + ".ops.landing_files WHERE status ="
                + " 'LOADED'").first().getLong(0)).as("files LOADED after %s", when).isEqualTo(days);
    }

    private static long dataLines(Path landing) throws IOException {
        long n = 0;
        try (Stream<Path> files = Files.list(landing)) {
            for (Path f : files.toList()) {
                n += Files.readAllLines(f).size() - 1;
            }
        }
        return n;
    }
}
