package dev.tradingpipeline.jobs.spark;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * How the job reaches S3 through Hadoop's file systems off EMR. On EMR, {@code s3://} is EMRFS and
 * nothing here applies. Elsewhere no file system is registered for {@code s3://}: the job then
 * serves it with S3A ({@code hadoop-aws} on the class path), as it serves {@code s3a://}, with the
 * AWS default credential chain, and, from the configuration, the endpoint of {@code aws.endpoints.s3}
 * (with path-style access, as S3-compatible stores want) and the region of {@code aws.region}, and
 * S3A's retries and timeouts get bounds ({@link #BOUNDS}). Settings given explicitly
 * ({@code spark.hadoop.fs.s3a.*}, and per bucket {@code fs.s3a.bucket.<bucket>.*}) are kept.
 */
public final class S3Access {

    static final String S3A = "org.apache.hadoop.fs.s3a.S3AFileSystem";
    static final String DEFAULT_CHAIN = "com.amazonaws.auth.DefaultAWSCredentialsProviderChain";

    /**
     * Time bounds of S3A off EMR (Hadoop's defaults: 21 SDK tries inside each of 8 S3A tries, 200 s
     * without a byte before a read gives up, no bound on a request as a whole, so a store that stalls
     * holds a write for an hour or more). Here: 2 SDK tries inside each of 4 S3A tries (0.5 s, 1 s, 2 s
     * apart), 60 s without a byte, 5 s to connect, and 2 minutes for one request, upload of a 64 MB
     * block included. A store that refuses fails within seconds; one that stalls fails the write in
     * at most 8 requests' bounds, with S3A's error naming the path.
     */
    static final Map<String, String> BOUNDS = bounds();

    private S3Access() {
    }

    private static Map<String, String> bounds() {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("fs.s3a.attempts.maximum", "1"); // SDK retries inside one S3A try
        b.put("fs.s3a.retry.limit", "3"); // S3A's own retries, fs.s3a.retry.interval (500 ms) doubling
        b.put("fs.s3a.connection.establish.timeout", "5000");
        b.put("fs.s3a.connection.timeout", "60000"); // socket read, ms
        b.put("fs.s3a.connection.request.timeout", "120s"); // one request, its upload included
        return java.util.Collections.unmodifiableMap(b);
    }

    /**
     * The Hadoop settings to add to {@code hadoop} (none it already has): S3A for {@code s3://}
     * when no file system serves that scheme, S3A's time bounds unless the target is {@code emr}, and,
     * when {@code config} is given and its target is not {@code emr}, S3A's endpoint and region from it.
     */
    public static Map<String, String> settings(Configuration hadoop, TradingConfig config) {
        Map<String, String> s = new LinkedHashMap<>();
        boolean emr = config != null && "emr".equals(config.target().trim());
        if (!emr && !servesS3(hadoop)) {
            s.put("fs.s3.impl", S3A);
            s.put("fs.AbstractFileSystem.s3.impl", "org.apache.hadoop.fs.s3a.S3A");
            s.put("fs.s3a.aws.credentials.provider", DEFAULT_CHAIN);
        }
        if (!emr) {
            s.putAll(BOUNDS);
        }
        if (config != null && !emr) {
            String endpoint = config.get(ConfigKeys.AWS_ENDPOINT_S3).trim();
            if (!endpoint.isEmpty()) {
                s.put("fs.s3a.endpoint", endpoint);
                s.put("fs.s3a.path.style.access", "true");
            }
            String region = config.get(ConfigKeys.AWS_REGION).trim();
            if (!region.isEmpty()) {
                s.put("fs.s3a.endpoint.region", region);
            }
        }
        s.keySet().removeIf(k -> setExplicitly(hadoop, k));
        return s;
    }

    /**
     * Fails, before Spark starts, when a location the job reads or writes through Hadoop is in S3
     * and nothing here can reach it: no file system for {@code s3://} (as off EMR) and no S3A
     * ({@code hadoop-aws}) on the class path. Every such key is named at once.
     */
    public static void checkReachable(TradingConfig config, Configuration hadoop) {
        List<Problem> problems = unreachable(config, hadoop, S3Access::loadable);
        if (!problems.isEmpty()) {
            throw new ConfigException(ConfigException.INVALID_CONFIGURATION, problems);
        }
    }

    static List<Problem> unreachable(TradingConfig config, Configuration hadoop, Predicate<String> loadable) {
        List<String> keys = new ArrayList<>(List.of(ConfigKeys.PATHS_LANDING, ConfigKeys.PATHS_REPORTS));
        if (config.catalogType().equals("hadoop")) {
            keys.add(ConfigKeys.PATHS_WAREHOUSE); // other catalogs reach an S3 warehouse through S3FileIO
        }
        List<Problem> problems = new ArrayList<>();
        for (String key : keys) {
            String location = config.location(key);
            boolean s3 = location.startsWith("s3://");
            if (!s3 && !location.startsWith("s3a://")) {
                continue;
            }
            if (loadable.test(S3A) || (s3 && servesS3(hadoop))) {
                continue;
            }
            problems.add(new Problem(key, config.source() + ": key '" + key + "'", "'" + location
                    + "' is in S3, and no file system here reads " + (s3 ? "s3://" : "s3a://") + ": add S3A"
                    + " (org.apache.hadoop:hadoop-aws, the version of Spark's Hadoop) to the job's class path, as"
                    + " docs/emr-and-aws.md (Beyond EMR) shows, or run on EMR"));
        }
        return problems;
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, S3Access.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether a key has a value other than Hadoop's own default (core-default.xml). */
    private static boolean setExplicitly(Configuration hadoop, String key) {
        if (hadoop.get(key) == null) {
            return false;
        }
        String[] sources = hadoop.getPropertySources(key);
        return sources == null || !java.util.Arrays.stream(sources).allMatch(x -> x.equals("core-default.xml"));
    }

    /** Applies {@link #settings} to a Hadoop configuration, and returns it. */
    public static Configuration apply(Configuration hadoop, TradingConfig config) {
        settings(hadoop, config).forEach((k, v) -> hadoop.set(k, v, "the job's S3 access off EMR (S3Access)"));
        return hadoop;
    }

    /**
     * Whether a file system serves {@code s3://}: false when none is registered, and when the one
     * named (by an earlier session of this JVM, say: S3A) cannot be loaded here.
     */
    static boolean servesS3(Configuration hadoop) {
        try {
            FileSystem.getFileSystemClass("s3", hadoop);
            return true;
        } catch (IOException e) { // UnsupportedFileSystemException: no file system for the scheme
            return false;
        } catch (RuntimeException e) { // a named class that is not on the class path
            return false;
        }
    }
}
