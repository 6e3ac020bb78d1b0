package dev.tradingpipeline.jobs.spark;

import dev.tradingpipeline.jobs.config.ConfigKeys;
import dev.tradingpipeline.jobs.config.TradingConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the job's SparkSession: Iceberg's SQL extensions, the configured Iceberg catalog as
 * the default catalog, and the settings the ingest relies on. The master comes from
 * spark-submit (EMR) or from {@code -Dspark.master} (the local runner); it is never hard-coded.
 */
public final class SparkSessions {

    /** {@link WarehouseFileLock}, the hadoop catalog's lock manager. */
    static final String WAREHOUSE_FILE_LOCK = "dev.tradingpipeline.jobs.spark.WarehouseFileLock";

    private SparkSessions() {
    }

    /** Session-wide settings that must be in place before the session starts. */
    public static Map<String, String> staticSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
        // LocalDate / Instant in rows instead of java.sql types
        s.put("spark.sql.datetime.java8API.enabled", "true");
        s.put("spark.sql.session.timeZone", "UTC");
        s.put("spark.sql.legacy.timeParserPolicy", "CORRECTED");
        // The Row converter for ~50 columns is a huge generated method: let HotSpot compile it.
        s.put("spark.sql.codegen.hugeMethodLimit", "8000");
        return s;
    }

    /** The settings that define the Iceberg catalog named in config; they may be set at run time. */
    public static Map<String, String> catalogSettings(TradingConfig config) {
        String name = config.get(ConfigKeys.CATALOG_NAME);
        String prefix = "spark.sql.catalog." + name;
        Map<String, String> s = new LinkedHashMap<>();
        s.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
        String warehouse = config.location(ConfigKeys.PATHS_WAREHOUSE);
        switch (config.catalogType()) {
            case "glue":
                s.put(prefix + ".catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog");
                s.put(prefix + ".io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
                s.put(prefix + ".warehouse", warehouse);
                break;
            case "hive":
                s.put(prefix + ".type", "hive");
                putIfSet(s, prefix + ".uri", config.get(ConfigKeys.CATALOG_URI));
                s.put(prefix + ".warehouse", warehouse);
                break;
            case "rest":
                s.put(prefix + ".type", "rest");
                putIfSet(s, prefix + ".uri", config.get(ConfigKeys.CATALOG_URI));
                s.put(prefix + ".warehouse", warehouse);
                break;
            default:
                s.put(prefix + ".type", "hadoop");
                s.put(prefix + ".warehouse", warehouse);
                // commits of two jobs (two JVMs) on one local warehouse take turns
                // (by name: the plugin builds these settings without Iceberg on its class path)
                s.put(prefix + ".lock-impl", WAREHOUSE_FILE_LOCK);
                break;
        }
        return s;
    }

    private static void putIfSet(Map<String, String> s, String key, String value) {
        if (value != null && !value.isBlank()) {
            s.put(key, value);
        }
    }

    /** Creates (or joins) the application's session for a job run. */
    public static SparkSession create(String appName, TradingConfig config) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        staticSettings().forEach(b::config);
        catalogSettings(config).forEach(b::config);
        config.map("spark-conf").forEach(b::config);
        b.config("spark.sql.defaultCatalog", config.get(ConfigKeys.CATALOG_NAME));
        return b.getOrCreate();
    }

    /** Registers the config's catalog on a running session (tests run several catalogs in one). */
    public static void useCatalog(SparkSession spark, TradingConfig config) {
        catalogSettings(config).forEach((k, v) -> spark.conf().set(k, v));
    }
}
