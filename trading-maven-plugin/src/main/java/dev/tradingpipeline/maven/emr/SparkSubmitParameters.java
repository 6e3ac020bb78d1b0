package dev.tradingpipeline.maven.emr;

import dev.tradingpipeline.core.catalog.CatalogSettings;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code sparkSubmitParameters} string of a job run: main class, jars, and every Spark
 * setting the job needs on EMR Serverless. EMR splits this string on whitespace and has no
 * quoting, so a value with whitespace is refused here, naming the config key, instead of
 * turning into a broken command.
 *
 * <p>Order of {@code --conf} settings: the job's static settings, the Iceberg catalog, the default
 * catalog, the mode's sizing, then {@code spark-conf.*}, which wins over everything before it.
 */
public final class SparkSubmitParameters {

    /** The job's main class, by name: loading the class would need Spark, which the plugin does not have. */
    public static final String MAIN_CLASS = "dev.tradingpipeline.jobs.TradingJob";

    /** Worker sizes EMR Serverless offers. */
    static final Set<Integer> WORKER_CORES = Set.of(1, 2, 4, 8, 16);

    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    private SparkSubmitParameters() {
    }

    /**
     * Builds the parameters of one mode.
     *
     * @param extraJarUris further jars for {@code --jars}, after the Iceberg runtime
     * @throws ConfigException naming every key whose value cannot be passed
     */
    public static String build(TradingConfig config, String mode, List<String> extraJarUris) {
        return build(config, mode, extraJarUris, java.util.Optional.empty());
    }

    /**
     * Builds the parameters of one mode for an application running the image of build-image.
     *
     * @param imageLibrariesDir the image's folder of job libraries, put on the driver and executor
     *                          class path; empty when the application runs the plain EMR image
     */
    public static String build(TradingConfig config, String mode, List<String> extraJarUris,
            java.util.Optional<String> imageLibrariesDir) {
        if (!ConfigKeys.MODES.contains(mode)) {
            throw new IllegalArgumentException("Unknown mode " + mode);
        }
        List<Problem> problems = new ArrayList<>();
        String source = config.source();

        List<String> jars = new ArrayList<>();
        jars.add(checkedJar(config.get(ConfigKeys.EMR_ICEBERG_JAR).trim(), source + ": " + ConfigKeys.EMR_ICEBERG_JAR,
                problems));
        for (String extra : extraJarUris) {
            jars.add(checkedJar(extra, "extra jar '" + extra + "'", problems));
        }

        // spark key -> [value, what to name when the value cannot be passed]
        Map<String, String[]> conf = new LinkedHashMap<>();
        CatalogSettings.staticSettings().forEach((k, v) -> conf.put(k, new String[] {v, "the job's built-in setting " + k}));
        String catalogType = catalogType(config);
        if (!catalogType.equals(config.catalogType())) {
            // The job on EMR derives its catalog from the same config: both sides must agree.
            problems.add(new Problem(ConfigKeys.TARGET, source, ConfigKeys.TARGET + " is '" + config.target()
                    + "': submitting to EMR Serverless needs target: emr (or an explicit " + ConfigKeys.CATALOG_TYPE + ")"));
        }
        Map<String, String> bounds = CatalogSettings.callBounds(config);
        CatalogSettings.catalogSettings(config).forEach((k, v) -> conf.put(k, new String[] {v,
                bounds.containsKey(k) ? "the job's built-in time bound " + k : catalogKeyFor(k)}));
        conf.put("spark.sql.defaultCatalog", new String[] {config.get(ConfigKeys.CATALOG_NAME), ConfigKeys.CATALOG_NAME});
        sizing(config, mode, problems).forEach(conf::put);
        imageLibrariesDir.ifPresent(dir -> {
            String classpath = dir.endsWith("/") ? dir + "*" : dir + "/*";
            conf.put("spark.driver.extraClassPath", new String[] {classpath, ConfigKeys.IMAGE_LIBRARIES_DIR});
            conf.put("spark.executor.extraClassPath", new String[] {classpath, ConfigKeys.IMAGE_LIBRARIES_DIR});
        });
        config.map("spark-conf").forEach((k, v) -> conf.put(k, new String[] {v, "spark-conf." + k}));

        List<String> parts = new ArrayList<>();
        parts.add("--class " + MAIN_CLASS);
        parts.add("--jars " + String.join(",", jars));
        conf.forEach((key, valueAndOrigin) -> {
            String value = valueAndOrigin[0];
            String origin = valueAndOrigin[1];
            String where = origin.startsWith("the job's") ? origin : source + ": " + origin;
            if (key.isEmpty() || WHITESPACE.matcher(key).find() || key.contains("=")) {
                problems.add(new Problem(key, where, "the Spark setting name '" + key
                        + "' contains whitespace or '=', which EMR Serverless cannot pass in sparkSubmitParameters"));
            } else if (value == null || WHITESPACE.matcher(value).find()) {
                problems.add(new Problem(key, where, "the value '" + value + "' of " + key
                        + " contains whitespace, which EMR Serverless cannot pass in sparkSubmitParameters"
                        + " (it splits them on spaces and has no quoting)"));
            } else {
                parts.add("--conf " + key + "=" + value);
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid configuration for target emr", problems);
        }
        return String.join(" ", parts);
    }

    /**
     * The Iceberg catalog type of a job on EMR Serverless: {@code catalog.type} when the user set
     * it (file or override), else glue. Hadoop tables on S3 are not safe with concurrent writers,
     * so EMR defaults to the Glue Data Catalog.
     */
    public static String catalogType(TradingConfig config) {
        String explicit = config.explicitValues().get(ConfigKeys.CATALOG_TYPE);
        return explicit != null && !explicit.isBlank() ? explicit.trim() : "glue";
    }

    /**
     * The mode's sizing as the run gets it: the Spark settings of {@code sizing.<mode>.*}, then any of
     * {@code spark-conf.*}, which wins as it does in {@link #build}; each as {@code [value, the config
     * key it came from]}. Problems of the values themselves are {@link #build}'s to report.
     */
    static Map<String, String[]> sizingSettings(TradingConfig config, String mode) {
        Map<String, String[]> s = sizing(config, mode, new ArrayList<>());
        config.map("spark-conf").forEach((k, v) -> s.put(k, new String[] {v.trim(), "spark-conf." + k}));
        return s;
    }

    private static Map<String, String[]> sizing(TradingConfig config, String mode, List<Problem> problems) {
        String source = config.source();
        Map<String, String[]> s = new LinkedHashMap<>();
        String driverCores = ConfigKeys.sizing(mode, "driver-cores");
        String executorCores = ConfigKeys.sizing(mode, "executor-cores");
        for (String key : List.of(driverCores, executorCores)) {
            int cores = config.getInt(key);
            if (!WORKER_CORES.contains(cores)) {
                problems.add(new Problem(key, source, key + " must be 1, 2, 4, 8 or 16 (the EMR Serverless worker sizes), got "
                        + cores));
            }
        }
        put(s, "spark.driver.cores", config, driverCores);
        put(s, "spark.driver.memory", config, ConfigKeys.sizing(mode, "driver-memory"));
        put(s, "spark.executor.cores", config, executorCores);
        put(s, "spark.executor.memory", config, ConfigKeys.sizing(mode, "executor-memory"));
        String instancesKey = ConfigKeys.sizing(mode, "executor-instances");
        put(s, "spark.executor.instances", config, instancesKey);
        String dynamicKey = ConfigKeys.sizing(mode, "dynamic-allocation");
        boolean dynamic = config.getBoolean(dynamicKey);
        // EMR Serverless turns dynamic allocation on by default: always say which one we mean.
        s.put("spark.dynamicAllocation.enabled", new String[] {Boolean.toString(dynamic), dynamicKey});
        if (dynamic) {
            String maxKey = ConfigKeys.sizing(mode, "max-executors");
            int instances = config.getInt(instancesKey);
            int max = config.getInt(maxKey);
            if (instances > max) {
                problems.add(new Problem(instancesKey, source, instancesKey + " (" + instances + ", the initial executors) must not exceed "
                        + maxKey + " (" + max + ") when " + dynamicKey + " is true"));
            }
            put(s, "spark.dynamicAllocation.initialExecutors", config, instancesKey);
            put(s, "spark.dynamicAllocation.maxExecutors", config, maxKey);
        }
        return s;
    }

    private static void put(Map<String, String[]> s, String sparkKey, TradingConfig config, String configKey) {
        s.put(sparkKey, new String[] {config.get(configKey).trim(), configKey});
    }

    private static String checkedJar(String uri, String origin, List<Problem> problems) {
        if (uri.isEmpty() || WHITESPACE.matcher(uri).find() || uri.contains(",")) {
            problems.add(Problem.general(origin, "a jar for --jars must be a non-empty URI without whitespace or commas, got '"
                    + uri + "'"));
        }
        return uri;
    }

    /** Which config key a catalog setting comes from, for error messages. */
    private static String catalogKeyFor(String sparkKey) {
        if (sparkKey.endsWith(".warehouse")) {
            return ConfigKeys.PATHS_WAREHOUSE;
        }
        if (sparkKey.endsWith(".uri")) {
            return ConfigKeys.CATALOG_URI;
        }
        if (sparkKey.endsWith(".s3.endpoint") || sparkKey.endsWith(".s3.path-style-access")) {
            return ConfigKeys.AWS_ENDPOINT_S3;
        }
        if (sparkKey.endsWith(".client.region")) {
            return ConfigKeys.AWS_REGION;
        }
        return ConfigKeys.CATALOG_NAME;
    }
}
