package dev.tradingpipeline.jobs.spark;

import dev.tradingpipeline.core.catalog.CatalogSettings;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the job's SparkSession: Iceberg's SQL extensions, the configured Iceberg catalog as
 * the default catalog, and the settings the ingest relies on ({@link CatalogSettings}). The master comes from
 * spark-submit (EMR) or from {@code -Dspark.master} (the local runner); it is never hard-coded.
 */
public final class SparkSessions {

    private SparkSessions() {
    }

    /** Creates (or joins) the application's session for a job run. */
    public static SparkSession create(String appName, TradingConfig config) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        CatalogSettings.staticSettings().forEach(b::config);
        CatalogSettings.catalogSettings(config).forEach(b::config);
        config.map("spark-conf").forEach(b::config);
        b.config("spark.sql.defaultCatalog", config.get(ConfigKeys.CATALOG_NAME));
        return b.getOrCreate();
    }

    /** Registers the config's catalog on a running session (tests run several catalogs in one). */
    public static void useCatalog(SparkSession spark, TradingConfig config) {
        CatalogSettings.catalogSettings(config).forEach((k, v) -> spark.conf().set(k, v));
    }
}
