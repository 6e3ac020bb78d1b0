package dev.tradingpipeline.maven.spark;

import dev.tradingpipeline.core.catalog.CatalogSettings;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.MemorySizes;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.deploy.Deployment;
import dev.tradingpipeline.maven.emr.SparkSubmitParameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spark-submit command of one run on the spark target: client mode, the deployed job jar and
 * libraries (read by the cluster through S3A, so {@code s3://} becomes {@code s3a://}), and every
 * Spark setting the job needs.
 *
 * <p>Order of {@code --conf} settings: the job's static settings, the Iceberg catalog, the default
 * catalog, S3A's endpoint and region for reading the artifacts, the mode's sizing, then
 * {@code spark-conf.*}, which wins over everything before it.
 *
 * <p>Sizing: {@code executor-cores}, {@code executor-memory} and {@code executor-instances} (or,
 * with dynamic allocation, the initial and maximum executors, with shuffle tracking since a plain
 * cluster has no external shuffle service). A standalone master ignores the executor count and
 * gives an application every core it has unless {@code spark.cores.max} says otherwise: it is set
 * to executors times cores, so the count holds there too.
 */
public final class SparkSubmitCommand {

    /** Spark refuses a driver or executor with less memory than 1.5 times its reserved 300 MiB. */
    static final long MIN_MEMORY_MIB = 450;

    private SparkSubmitCommand() {
    }

    /**
     * The {@code --conf} settings of one mode on this target, checked before anything is deployed.
     *
     * @throws ConfigException naming every key whose value cannot work
     */
    public static Map<String, String> settings(TradingConfig config, SparkTarget target, String mode) {
        if (!ConfigKeys.MODES.contains(mode)) {
            throw new IllegalArgumentException("Unknown mode " + mode);
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, String> conf = new LinkedHashMap<>(CatalogSettings.staticSettings());
        conf.putAll(CatalogSettings.catalogSettings(config));
        conf.put("spark.sql.defaultCatalog", config.get(ConfigKeys.CATALOG_NAME));
        conf.put("spark.ui.showConsoleProgress", "false");
        conf.putAll(s3a(config));
        conf.putAll(sizing(config, target, mode, problems));
        Map<String, String> user = config.map("spark-conf");
        conf.putAll(user);
        checkCoresMax(config, target, mode, user, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid configuration for target spark", problems);
        }
        return conf;
    }

    /**
     * The command line: spark-submit, the settings, the deployed jars, then the job's arguments.
     *
     * @param jobArguments the job's own arguments (mode, config URI, date, overrides)
     * @param driverLog4j  a log4j2 configuration for the driver, which runs on this machine
     */
    public static List<String> command(TradingConfig config, SparkTarget target, String mode, String appName,
            Map<String, String> settings, Deployment deployment, List<String> jobArguments, Path driverLog4j) {
        List<String> cmd = new ArrayList<>();
        cmd.add(target.sparkSubmit().toString());
        cmd.addAll(List.of("--master", target.master(), "--deploy-mode", "client", "--name", appName,
                "--class", SparkSubmitParameters.MAIN_CLASS));
        cmd.addAll(List.of("--driver-memory", config.get(ConfigKeys.sizing(mode, "driver-memory")).trim()));
        cmd.addAll(List.of("--driver-java-options", "-Dlog4j.configurationFile=" + driverLog4j.toAbsolutePath().toUri()));
        List<String> jars = deployment.libraries().stream().map(a -> s3a(a.uri())).toList();
        if (!jars.isEmpty()) {
            cmd.addAll(List.of("--jars", String.join(",", jars)));
        }
        settings.forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
        cmd.add(s3a(deployment.jobJar().uri()));
        cmd.addAll(jobArguments);
        return cmd;
    }

    /** An {@code s3://} URI as the cluster reads it: through S3A. */
    public static String s3a(String uri) {
        return uri.startsWith("s3://") ? "s3a://" + uri.substring("s3://".length()) : uri;
    }

    /** S3A's endpoint and region, for spark-submit to fetch the artifacts (the job sets its own too). */
    private static Map<String, String> s3a(TradingConfig config) {
        Map<String, String> s = new LinkedHashMap<>();
        String endpoint = config.get(ConfigKeys.AWS_ENDPOINT_S3).trim();
        if (!endpoint.isEmpty()) {
            s.put("spark.hadoop.fs.s3a.endpoint", endpoint);
            s.put("spark.hadoop.fs.s3a.path.style.access", "true");
        }
        String region = config.get(ConfigKeys.AWS_REGION).trim();
        if (!region.isEmpty()) {
            s.put("spark.hadoop.fs.s3a.endpoint.region", region);
        }
        return s;
    }

    private static Map<String, String> sizing(TradingConfig config, SparkTarget target, String mode,
            List<Problem> problems) {
        String source = config.source();
        Map<String, String> s = new LinkedHashMap<>();
        String coresKey = ConfigKeys.sizing(mode, "executor-cores");
        String memoryKey = ConfigKeys.sizing(mode, "executor-memory");
        String instancesKey = ConfigKeys.sizing(mode, "executor-instances");
        String dynamicKey = ConfigKeys.sizing(mode, "dynamic-allocation");
        String maxKey = ConfigKeys.sizing(mode, "max-executors");
        String driverMemoryKey = ConfigKeys.sizing(mode, "driver-memory");
        for (String key : List.of(driverMemoryKey, memoryKey)) {
            // as Spark reads it: a number without unit is MiB
            if (MemorySizes.mib(config.get(key)) < MIN_MEMORY_MIB) {
                problems.add(new Problem(key, source, key + " is " + config.get(key).trim()
                        + ": Spark needs at least 450m (1.5 times the 300 MiB it reserves) for a driver or executor"));
            }
        }
        int cores = config.getInt(coresKey);
        int instances = config.getInt(instancesKey);
        s.put("spark.executor.cores", Integer.toString(cores));
        s.put("spark.executor.memory", config.get(memoryKey).trim());
        boolean dynamic = config.getBoolean(dynamicKey);
        s.put("spark.dynamicAllocation.enabled", Boolean.toString(dynamic));
        int executors = instances;
        if (dynamic) {
            int max = config.getInt(maxKey);
            if (instances > max) {
                problems.add(new Problem(instancesKey, source, instancesKey + " (" + instances
                        + ", the initial executors) must not exceed " + maxKey + " (" + max + ") when " + dynamicKey
                        + " is true"));
            }
            s.put("spark.dynamicAllocation.initialExecutors", Integer.toString(instances));
            s.put("spark.dynamicAllocation.maxExecutors", Integer.toString(max));
            s.put("spark.dynamicAllocation.shuffleTracking.enabled", "true");
            executors = max;
        } else {
            s.put("spark.executor.instances", Integer.toString(instances));
        }
        if (target.manager() == SparkTarget.Manager.STANDALONE) {
            s.put("spark.cores.max", Integer.toString(executors * cores));
        }
        return s;
    }

    /** A {@code spark-conf.spark.cores.max} below one executor's cores leaves the run without executors. */
    private static void checkCoresMax(TradingConfig config, SparkTarget target, String mode, Map<String, String> user,
            List<Problem> problems) {
        String coresMax = user.get("spark.cores.max");
        if (coresMax == null || target.manager() != SparkTarget.Manager.STANDALONE) {
            return;
        }
        String coresKey = ConfigKeys.sizing(mode, "executor-cores");
        int executorCores = user.containsKey("spark.executor.cores") ? parse(user.get("spark.executor.cores"))
                : config.getInt(coresKey);
        int max = parse(coresMax);
        if (max < 1) {
            problems.add(new Problem("spark-conf.spark.cores.max", config.source(),
                    "spark-conf.spark.cores.max must be a positive whole number, got '" + coresMax + "'"));
        } else if (executorCores > max) {
            problems.add(new Problem("spark-conf.spark.cores.max", config.source(), "spark-conf.spark.cores.max ("
                    + max + ") is below " + coresKey + " (" + executorCores + "): the standalone master would never"
                    + " start an executor for the run"));
        }
    }

    private static int parse(String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
