package dev.tradingpipeline.core.catalog;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Spark settings the job's session runs with, as plain maps: the job builds its SparkSession
 * from them and the plugin passes them to spark-submit on EMR, so both agree without the plugin
 * loading a Spark or Iceberg class (class names are given as strings).
 */
public final class CatalogSettings {

    /** The job's lock manager of the local target's Hadoop catalog (commits of two JVMs take turns). */
    public static final String WAREHOUSE_FILE_LOCK = "dev.tradingpipeline.jobs.spark.WarehouseFileLock";

    private CatalogSettings() {
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
}
