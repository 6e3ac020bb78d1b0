package dev.tradingpipeline.jobs.testing;

import dev.tradingpipeline.core.catalog.CatalogSettings;
import dev.tradingpipeline.core.cboe.CboeLayout;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IngestJob;
import dev.tradingpipeline.jobs.spark.SparkSessions;
import dev.tradingpipeline.sample.Compression;
import dev.tradingpipeline.sample.SampleDataGenerator;
import dev.tradingpipeline.sample.SampleSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;

/**
 * One SparkSession for the whole test JVM (starting Spark costs seconds). Each test gets its own
 * Iceberg catalog, with its own warehouse and landing folder, so tests do not see each other's
 * tables.
 */
public final class SparkTestSession {
    private static SparkSession spark;
    private static final AtomicInteger CATALOGS = new AtomicInteger();

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (spark == null) {
            SparkSession.Builder b = SparkSession.builder()
                    .master("local[2]")
                    .appName("trading-jobs-tests")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "2");
            // as the job's sessions (SparkSessions.create) have it
            SparkSessions.localFileSystem(new org.apache.spark.SparkConf()).forEach(b::config);
            CatalogSettings.staticSettings().forEach(b::config);
            spark = b.getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
        }
        return spark;
    }

    /** A configuration of a fresh catalog under {@code root}, registered on the shared session. */
    public static TradingConfig newConfig(Path root, Map<String, String> overrides) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("catalog.name", "test" + CATALOGS.incrementAndGet());
        o.put("paths.landing", root.resolve("landing").toString());
        o.put("paths.warehouse", root.resolve("warehouse").toString());
        o.put("paths.reports", root.resolve("reports").toString());
        o.putAll(overrides);
        TradingConfig config = TradingConfig.defaults(root, o, "test ");
        SparkSessions.useCatalog(get(), config);
        return config;
    }

    /**
     * A fresh catalog under {@code root} whose tables hold the {@link #sample} (as CSV files in
     * {@code root/landing}, loaded by a bootstrap): the set-up of the strategy tests.
     */
    public static TradingConfig loadedSample(Path root, LocalDate start, int days, int rowsPerDay)
            throws IOException {
        sample(root.resolve("landing"), start, days, rowsPerDay, Compression.CSV);
        TradingConfig config = newConfig(root, Map.of());
        new IngestJob(get(), config).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        return config;
    }

    /** Small deterministic sample data, written to {@code landing}. */
    public static List<Path> sample(Path landing, LocalDate start, int days, int rowsPerDay, Compression compression)
            throws IOException {
        SampleSpec spec = new SampleSpec(start, days, rowsPerDay, 7L, compression, CboeLayout.Variant.CALCS,
                List.of("^SPX", "AAPL"));
        return new SampleDataGenerator(spec).generate(landing, m -> { }).written();
    }
}
