package dev.tradingpipeline.core.catalog;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import java.util.Collections;
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
    /** The job's file IO of the Hadoop catalog (a commit's few deletes on its own thread). */
    public static final String WAREHOUSE_FILE_IO = "dev.tradingpipeline.jobs.spark.WarehouseFileIO";

    /** Iceberg's S3 file IO (in {@code iceberg-aws-bundle} off EMR; EMR provides it). */
    public static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

    /**
     * Time bounds of Iceberg's AWS clients (S3FileIO's S3 client, and the Glue client of the
     * {@code glue} catalog): a connection within 5 s, no read waiting more than 30 s for a byte, and
     * a failed S3 request tried 4 times in all, 1 to 10 s apart (Iceberg's defaults: 6 tries, 2 to
     * 20 s apart). A store that stalls fails a file's write or read in about 2.5 minutes at most,
     * with S3FileIO's error; one that refuses, within seconds.
     */
    public static final Map<String, String> S3_FILE_IO_BOUNDS = ordered(
            "http-client.apache.connection-timeout-ms", "5000",
            "http-client.apache.socket-timeout-ms", "30000",
            "s3.retry.num-retries", "3",
            "s3.retry.min-wait-ms", "1000",
            "s3.retry.max-wait-ms", "10000");

    /**
     * Time bounds of the REST catalog's HTTP client: a connection within 10 s, an answer (a commit
     * included) within 2 minutes. Unset, Iceberg leaves the read unbounded.
     */
    public static final Map<String, String> REST_BOUNDS = ordered(
            "rest.client.connection-timeout-ms", "10000",
            "rest.client.socket-timeout-ms", "120000");

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
     * On and off EMR, the catalog's remote calls get time bounds ({@link #callBounds}).
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
                s.put(prefix + ".io-impl", WAREHOUSE_FILE_IO);
                break;
        }
        s.putAll(callBounds(config));
        return s;
    }

    /**
     * The time bounds among {@link #catalogSettings}, on and off EMR: {@link #S3_FILE_IO_BOUNDS}
     * where the catalog uses S3FileIO, {@link #REST_BOUNDS} with {@code catalog.type: rest}. They
     * are defaults: a value the user gives for the same setting (to spark-submit, or in
     * {@code spark-conf}) replaces it.
     */
    public static Map<String, String> callBounds(TradingConfig config) {
        String prefix = "spark.sql.catalog." + config.get(ConfigKeys.CATALOG_NAME);
        String type = config.catalogType();
        Map<String, String> s = new LinkedHashMap<>();
        if (type.equals("glue") || ((type.equals("rest") || type.equals("hive"))
                && isS3(config.location(ConfigKeys.PATHS_WAREHOUSE)))) {
            S3_FILE_IO_BOUNDS.forEach((k, v) -> s.put(prefix + "." + k, v));
        }
        if (type.equals("rest")) {
            REST_BOUNDS.forEach((k, v) -> s.put(prefix + "." + k, v));
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

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    private static void putIfSet(Map<String, String> s, String key, String value) {
        if (value != null && !value.isBlank()) {
            s.put(key, value);
        }
    }
}
