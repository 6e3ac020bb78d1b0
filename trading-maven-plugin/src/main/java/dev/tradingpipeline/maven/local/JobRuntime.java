package dev.tradingpipeline.maven.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * What the trading job needs at run time, fixed when the plugin is built (a filtered resource):
 * the Spark, Iceberg and job versions and Spark's Java 17 module flags.
 */
public record JobRuntime(String sparkVersion, String icebergVersion, String scalaBinaryVersion,
        String jobVersion, List<String> java17Opens) {

    public static final String MAIN_CLASS = "dev.tradingpipeline.jobs.TradingJob";
    public static final String JOB_GROUP_ID = "dev.tradingpipeline";
    public static final String JOB_ARTIFACT_ID = "trading-jobs";

    private static final String RESOURCE = "/dev/tradingpipeline/maven/runtime.properties";

    public JobRuntime {
        java17Opens = List.copyOf(java17Opens);
    }

    /** The runtime this plugin was built for. */
    public static JobRuntime load() {
        Properties p = new Properties();
        try (InputStream in = JobRuntime.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the plugin");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
        return new JobRuntime(required(p, "spark.version"), required(p, "iceberg.version"),
                required(p, "scala.binary.version"), required(p, "plugin.version"),
                Arrays.stream(required(p, "java17.opens").trim().split("\\s+")).toList());
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank() || v.contains("${")) {
            throw new IllegalStateException(RESOURCE + " has no value for " + key + " (was the resource filtered?)");
        }
        return v.trim();
    }

    /** Coordinates (groupId:artifactId:version) resolved together for the local class path. */
    public List<String> coordinates() {
        return List.of(
                "org.apache.spark:spark-sql_" + scalaBinaryVersion + ":" + sparkVersion,
                "org.apache.iceberg:iceberg-spark-runtime-3.5_" + scalaBinaryVersion + ":" + icebergVersion,
                JOB_GROUP_ID + ":" + JOB_ARTIFACT_ID + ":" + jobVersion);
    }
}
