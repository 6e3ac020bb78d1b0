package dev.tradingpipeline.bench;

import dev.tradingpipeline.core.cboe.CboeLayout;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IngestJob;
import dev.tradingpipeline.jobs.spark.SparkSessions;
import dev.tradingpipeline.sample.Compression;
import dev.tradingpipeline.sample.SampleDataGenerator;
import dev.tradingpipeline.sample.SampleSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** What the benchmark mains share: their {@code --name value} options and folder helpers. */
final class BenchSupport {

    private BenchSupport() {
    }

    /** The options given over the defaults; an unknown option ends the JVM with exit code 2. */
    static Map<String, String> options(String[] args, Map<String, String> defaults) {
        Map<String, String> opts = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            if (!opts.containsKey(args[i]) || i + 1 >= args.length) {
                System.err.println((opts.containsKey(args[i]) ? "missing value of " : "unknown option ") + args[i]
                        + "; options: " + opts.keySet());
                System.exit(2);
            }
            opts.put(args[i], args[i + 1]);
        }
        return opts;
    }

    /**
     * Sample data of these underlyings under {@code work} (generated once per size, then reused),
     * and the {@code paths:} of a config that loads it into a warehouse of that size.
     */
    static String samplePaths(Path work, int days, int rowsPerDay, List<String> underlyings) throws IOException {
        Path landing = work.resolve("landing-" + days + "x" + rowsPerDay);
        new SampleDataGenerator(new SampleSpec(LocalDate.of(2024, 1, 2), days, rowsPerDay, 42L, Compression.CSV,
                CboeLayout.Variant.CALCS, underlyings)).generate(landing, m -> { });
        Path warehouse = work.resolve("warehouse-" + days + "x" + rowsPerDay);
        return "paths:\n  landing: " + landing + "\n  warehouse: " + warehouse + "\n  reports: "
                + work.resolve("reports") + "\n";
    }

    /**
     * Drops the gold tables of the warehouse {@link #samplePaths} names (the benchmark's own
     * folder), before a session starts: each JVM then measures strategy runs against the same
     * empty gold, not against every earlier run's snapshots. Silver stays.
     */
    static void emptyGold(Path work, int days, int rowsPerDay) throws IOException {
        deleteRecursively(work.resolve("warehouse-" + days + "x" + rowsPerDay).resolve("gold"));
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    /** Bytes of the regular files under a folder. */
    static long size(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Bytes and count of the files in every Iceberg {@code metadata} folder under a warehouse. */
    static long[] metadataSize(Path warehouse) throws IOException {
        long bytes = 0;
        long files = 0;
        try (Stream<Path> s = Files.walk(warehouse)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (p.getParent().getFileName().toString().equals("metadata")) {
                    bytes += p.toFile().length();
                    files++;
                }
            }
        }
        return new long[] {bytes, files};
    }

    /**
     * Warms up bootstrap (JIT, Spark code generation, Iceberg) on the first {@code files} landing
     * files, copied to {@code <out>/warmup-landing}, in a catalog and warehouse of their own;
     * returns the copy's folder. The session is left on the warm-up catalog.
     */
    static Path warmUpBootstrap(SparkSession spark, Path work, Path landing, Path out, Map<String, String> overrides,
            int files) throws IOException {
        Path warmLanding = Files.createDirectories(out.resolve("warmup-landing"));
        try (Stream<Path> s = Files.list(landing)) {
            for (Path f : s.sorted().limit(files).toList()) {
                Files.copy(f, warmLanding.resolve(f.getFileName()));
            }
        }
        Map<String, String> warm = new LinkedHashMap<>(overrides);
        warm.put("catalog.name", "warmup");
        warm.put("paths.landing", warmLanding.toString());
        warm.put("paths.warehouse", out.resolve("warmup-warehouse").toString());
        TradingConfig warmConfig = TradingConfig.defaults(work, warm, "bench ");
        SparkSessions.useCatalog(spark, warmConfig);
        new IngestJob(spark, warmConfig).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        return warmLanding;
    }
}
