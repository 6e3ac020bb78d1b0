package dev.tradingpipeline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.config.TradingConfig;
import dev.tradingpipeline.jobs.sample.Compression;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * as two threads of this JVM on the shared SparkSession, each with its own {@link IngestJob}: the
 * Iceberg catalog then commits through one in-process lock, so Iceberg's optimistic concurrency
 * (refresh, retry, validate) is what decides between them, as with a catalog that commits
 * atomically (Glue). Two JVMs on a Hadoop catalog on local disk would test the file system's
 * rename instead, which does not refuse to replace a metadata file another process just wrote.
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
                    : "succeeded: " + result.filesPending() + " file(s) pending, " + result.outcomes().size() + " loaded";
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
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 4; round++) {
                // new files land (two days, one more each round), then two daily runs start together
                days += 1 + round % 2;
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

                long dataLines = dataLines(landing);
                long keys = spark.sql("SELECT count(*) FROM (SELECT DISTINCT quote_date, underlying_symbol, root, "
                        + "expiration, strike, option_type FROM " + cat + ".silver.option_eod)").first().getLong(0);
                long silver = spark.table(cat + ".silver.option_eod").count();
                long bronze = spark.table(cat + ".bronze.option_eod").count();
                long bronzeLines = spark.sql("SELECT count(*) FROM (SELECT DISTINCT source_file, line_number FROM "
                        + cat + ".bronze.option_eod)").first().getLong(0);
                long loadedTwice = spark.sql("SELECT count(*) FROM (SELECT path FROM " + cat + ".ops.landing_files "
                        + "WHERE status = 'LOADED' GROUP BY path HAVING count(*) > 1)").first().getLong(0);
                System.out.printf("race %d: silver %d rows / %d keys, bronze %d lines / %d distinct, data lines %d,"
                        + " paths LOADED twice %d%n", round, silver, keys, bronze, bronzeLines, dataLines, loadedTwice);

                assertThat(silver).as("silver rows after race %d", round).isEqualTo(keys);
                assertThat(silver).as("silver rows after race %d", round).isEqualTo((long) days * ROWS);
                assertThat(bronze).as("bronze lines after race %d", round).isEqualTo(bronzeLines).isEqualTo(dataLines);
                assertThat(loadedTwice).as("paths LOADED twice after race %d", round).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
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
