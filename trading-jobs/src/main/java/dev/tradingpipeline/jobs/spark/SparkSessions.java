package dev.tradingpipeline.jobs.spark;

import dev.tradingpipeline.core.catalog.CatalogSettings;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Builds the job's SparkSession: Iceberg's SQL extensions, the configured Iceberg catalog as
 * the default catalog, and the settings the ingest relies on ({@link CatalogSettings}). The master comes from
 * spark-submit (EMR) or from {@code -Dspark.master} (the local runner); it is never hard-coded.
 */
public final class SparkSessions {

    private SparkSessions() {
    }

    /**
     * The Hadoop configuration a session of this JVM would have, before one is started: Hadoop's
     * defaults plus every {@code spark.hadoop.*} setting given to spark-submit ({@code --conf}) or as
     * a system property, as Spark applies them. What the job reads before Spark starts (its
     * {@code --config}) is read through it, so that a file system configured for the job (S3A's
     * endpoint, credentials provider, a scheme's implementation) serves that read too.
     */
    public static Configuration hadoopConfiguration() {
        // s3:// off EMR (S3A), before the configuration that names an endpoint is read
        return S3Access.apply(sparkHadoopSettings(), null);
    }

    /** Hadoop's defaults and the {@code spark.hadoop.*} settings of this JVM. */
    private static Configuration sparkHadoopSettings() {
        Configuration conf = new Configuration();
        for (Tuple2<String, String> e : new SparkConf().getAll()) {
            if (e._1().startsWith(HADOOP_PREFIX) && e._1().length() > HADOOP_PREFIX.length()) {
                conf.set(e._1().substring(HADOOP_PREFIX.length()), e._2(), "spark.hadoop setting " + e._1());
            }
        }
        return conf;
    }

    private static final String HADOOP_PREFIX = "spark.hadoop.";
    /** The Spark setting of the implementation of {@code file:} URIs. */
    static final String LOCAL_FILE_SYSTEM = HADOOP_PREFIX + "fs.file.impl";

    /**
     * The session's file system for {@code file:} ({@link ForklessLocalFileSystem}: no {@code chmod}
     * process per file created), unless the job was given one of its own.
     */
    public static Map<String, String> localFileSystem(SparkConf given) {
        return given.contains(LOCAL_FILE_SYSTEM) ? Map.of()
                : Map.of(LOCAL_FILE_SYSTEM, ForklessLocalFileSystem.class.getName());
    }

    /** The application's name: the one spark-submit was given, else {@code appName}. */
    static String applicationName(String appName, SparkConf conf) {
        String given = conf.get("spark.app.name", "").trim();
        return given.isEmpty() || given.startsWith("dev.tradingpipeline.") ? appName : given;
    }

    /**
     * Creates (or joins) the application's session for a job run, named {@code appName} unless
     * spark-submit was given a name of its own ({@code --name}, as the spark target gives the run's
     * name): spark-submit's default, the main class's name, is replaced.
     */
    public static SparkSession create(String appName, TradingConfig config) {
        SparkSession.Builder b = SparkSession.builder().appName(applicationName(appName, new SparkConf()));
        CatalogSettings.staticSettings().forEach(b::config);
        localFileSystem(new SparkConf()).forEach(b::config);
        catalogSettings(config, new SparkConf()::contains).forEach(b::config);
        // the job's S3 access off EMR; the config's own spark-conf entries win
        S3Access.settings(sparkHadoopSettings(), config).forEach((k, v) -> b.config(HADOOP_PREFIX + k, v));
        config.map("spark-conf").forEach(b::config);
        b.config("spark.sql.defaultCatalog", config.get(ConfigKeys.CATALOG_NAME));
        return b.getOrCreate();
    }

    /**
     * {@link CatalogSettings#catalogSettings}, less the time bounds ({@link CatalogSettings#callBounds})
     * that were given to spark-submit already ({@code --conf}, spark-defaults): those are defaults, and
     * the user's value stays.
     */
    static Map<String, String> catalogSettings(TradingConfig config, Predicate<String> given) {
        Map<String, String> catalog = new LinkedHashMap<>(CatalogSettings.catalogSettings(config));
        CatalogSettings.callBounds(config).keySet().stream().filter(given).forEach(catalog::remove);
        return catalog;
    }

    /** Registers the config's catalog on a running session (tests run several catalogs in one). */
    public static void useCatalog(SparkSession spark, TradingConfig config) {
        CatalogSettings.catalogSettings(config).forEach((k, v) -> spark.conf().set(k, v));
        S3Access.apply(spark.sparkContext().hadoopConfiguration(), config);
    }
}
