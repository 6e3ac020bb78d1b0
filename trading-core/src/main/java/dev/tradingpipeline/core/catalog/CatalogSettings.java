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

    /** Iceberg's S3 file IO (in {@code iceberg-aws-bundle} off EMR; EMR provides it). */
    public static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

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

    /**
     * The settings that define the Iceberg catalog named in config; they may be set at run time.
     * A warehouse in S3 ({@code s3://} or {@code s3a://}) is read and written through Iceberg's
     * S3FileIO with every catalog type but {@code hadoop}: always with {@code glue}, and with
     * {@code hive} and {@code rest}. Off EMR (any target but {@code emr}) S3FileIO takes the
     * endpoint ({@code aws.endpoints.s3}, then with path-style access, as S3-compatible stores want)
     * and the region ({@code aws.region}) from the configuration; on EMR the service's own are used.
     */
    public static Map<String, String> catalogSettings(TradingConfig config) {
        String name = config.get(ConfigKeys.CATALOG_NAME);
        String prefix = "spark.sql.catalog." + name;
        Map<String, String> s = new LinkedHashMap<>();
        s.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
        String warehouse = config.location(ConfigKeys.PATHS_WAREHOUSE);
        switch (config.catalogType()) {
            case "glue":
                s.put(prefix + ".catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog");
                s.put(prefix + ".warehouse", warehouse);
                s3FileIo(s, prefix, config);
                break;
            case "hive":
            case "rest":
                s.put(prefix + ".type", config.catalogType());
                putIfSet(s, prefix + ".uri", config.get(ConfigKeys.CATALOG_URI));
                s.put(prefix + ".warehouse", warehouse);
                if (isS3(warehouse)) {
                    s3FileIo(s, prefix, config);
                }
                break;
            default:
                s.put(prefix + ".type", "hadoop");
                s.put(prefix + ".warehouse", warehouse);
                s.put(prefix + ".lock-impl", WAREHOUSE_FILE_LOCK);
                break;
        }
        return s;
    }

    /** Whether a location is in S3, as S3FileIO reads it. */
    public static boolean isS3(String location) {
        return location.startsWith("s3://") || location.startsWith("s3a://");
    }

    private static void s3FileIo(Map<String, String> s, String prefix, TradingConfig config) {
        s.put(prefix + ".io-impl", S3_FILE_IO);
        if ("emr".equals(config.target().trim())) {
            return;
        }
        String endpoint = config.get(ConfigKeys.AWS_ENDPOINT_S3).trim();
        if (!endpoint.isEmpty()) {
            s.put(prefix + ".s3.endpoint", endpoint);
            s.put(prefix + ".s3.path-style-access", "true");
        }
        putIfSet(s, prefix + ".client.region", config.get(ConfigKeys.AWS_REGION).trim());
    }

    private static void putIfSet(Map<String, String> s, String key, String value) {
        if (value != null && !value.isBlank()) {
            s.put(key, value);
        }
    }
}
