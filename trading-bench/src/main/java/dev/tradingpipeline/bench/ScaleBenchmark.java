package dev.tradingpipeline.bench;

import dev.tradingpipeline.core.cboe.CboeLayout;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.ingest.IngestJob;
import dev.tradingpipeline.jobs.maintenance.MaintenanceJob;
import dev.tradingpipeline.jobs.spark.SparkSessions;
import dev.tradingpipeline.sample.Compression;
import dev.tradingpipeline.sample.SampleDataGenerator;
import dev.tradingpipeline.sample.SampleSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Scale benchmark (run by bench/scale.sh): a bootstrap of many small files with one file per
 * batch, the worst case for table metadata. It times every batch (from its start to its ledger
 * commit) and prints the median of the first and of the last ten batches and their ratio, which
 * stays near 1 when a batch's cost does not grow with the table; then the size of the tables'
 * metadata folders after the load and after maintenance.
 */
public final class ScaleBenchmark {

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchSupport.options(args, Map.of("--files", "250", "--rows-per-file", "2000",
                "--work", "target/bench-scale"));
        int files = Integer.parseInt(opts.get("--files"));
        int rows = Integer.parseInt(opts.get("--rows-per-file"));
        if (files < 20) {
            System.err.println("--files must be at least 20 (two windows of ten batches)");
            System.exit(2);
        }
        Path work = Path.of(opts.get("--work")).toAbsolutePath();
        Path landing = work.resolve("landing-" + files + "x" + rows);
        SampleSpec spec = new SampleSpec(LocalDate.of(2024, 1, 2), files, rows, 42L, Compression.CSV,
                CboeLayout.Variant.CALCS, SampleSpec.defaults().underlyings());
        var gen = new SampleDataGenerator(spec).generate(landing, m -> { });
        System.out.printf(Locale.ROOT, "data: %d files x %d rows, %.1f MB (%d generated now)%n", files, rows,
                BenchSupport.size(landing) / 1e6, gen.written().size());

        Path out = work.resolve("run");
        BenchSupport.deleteRecursively(out);
        Path warehouse = out.resolve("warehouse");
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("paths.landing", landing.toString());
        overrides.put("paths.warehouse", warehouse.toString());
        overrides.put("ingest.files-per-batch", "1");
        TradingConfig config = TradingConfig.defaults(work, overrides, "bench ");
        SparkSession spark = SparkSessions.create("scale-benchmark", config);
        try {
            BenchSupport.warmUpBootstrap(spark, work, landing, out, overrides, 10);
            SparkSessions.useCatalog(spark, config);

            double[] seconds = new double[files];
            long[] startedAt = new long[files + 1];
            IngestJob job = new IngestJob(spark, config).withListener(new IngestJob.BatchListener() {
                @Override
                public void started(String batchId, int batchNumber) {
                    startedAt[batchNumber] = System.nanoTime();
                }

                @Override
                public void committed(String batchId, int batchNumber, String step) {
                    if (step.equals("ledger")) {
                        seconds[batchNumber - 1] = (System.nanoTime() - startedAt[batchNumber]) / 1e9;
                    }
                }
            });
            long t0 = System.nanoTime();
            IngestJob.Result r = job.run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
            double total = (System.nanoTime() - t0) / 1e9;
            if (!r.succeeded() || r.batches() != files || r.rowsAccepted() != (long) files * rows) {
                throw new IllegalStateException("bootstrap did not load every file in its own batch: " + r);
            }
            double early = median(Arrays.copyOfRange(seconds, 0, 10));
            double late = median(Arrays.copyOfRange(seconds, files - 10, files));
            IcebergTables tables = new IcebergTables(spark, config);
            System.out.printf(Locale.ROOT, "bootstrap: %d batches of one file in %.1f s, silver rows %,d%n",
                    r.batches(), total, tables.rowCount(IcebergTables.SILVER));
            r.compaction().forEach(c -> System.out.println("  after bootstrap: " + c));
            printMetadata("after the load", warehouse, tables);

            Map<String, String> maintain = new LinkedHashMap<>(overrides);
            maintain.put("maintenance.expire-older-than", "0s");
            TradingConfig maintainConfig = TradingConfig.defaults(work, maintain, "bench ");
            long t1 = System.nanoTime();
            MaintenanceJob.Result m = new MaintenanceJob(spark, maintainConfig).run();
            if (!m.succeeded()) {
                throw new IllegalStateException("maintenance failed: " + m.lines());
            }
            System.out.printf(Locale.ROOT, "maintenance (expire-older-than 0s, retain-last %d): %.1f s%n",
                    maintainConfig.getInt(ConfigKeys.MAINTENANCE_RETAIN_LAST), (System.nanoTime() - t1) / 1e9);
            printMetadata("after maintenance", warehouse, tables);

            System.out.printf(Locale.ROOT, "median batch time, batches 1-10: %.2f s%n", early);
            System.out.printf(Locale.ROOT, "median batch time, batches %d-%d: %.2f s%n", files - 9, files, late);
            System.out.printf(Locale.ROOT, "late/early batch ratio: %.2f%n", late / early);
        } finally {
            spark.stop();
        }
    }

    private static void printMetadata(String when, Path warehouse, IcebergTables tables) throws IOException {
        long snapshots = 0;
        for (String t : IcebergTables.INGEST_TABLES) {
            for (var ignored : tables.load(t).snapshots()) {
                snapshots++;
            }
        }
        long[] meta = BenchSupport.metadataSize(warehouse);
        System.out.printf(Locale.ROOT, "metadata %s: %.2f MB in %d files, %d snapshots%n", when, meta[0] / 1e6,
                meta[1], snapshots);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
