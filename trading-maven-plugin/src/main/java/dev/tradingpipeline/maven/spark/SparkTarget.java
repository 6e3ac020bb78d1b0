package dev.tradingpipeline.maven.spark;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.aws.S3Location;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the {@code spark} target runs: an existing Spark cluster reached through the
 * {@code spark-submit} of a Spark installation, in client mode (the driver runs in spark-submit on
 * the build's machine, so its output is the build's and Ctrl-C ends the application), with the
 * job's artifacts deployed to S3 for the cluster to read.
 *
 * @param master       spark-submit's {@code --master}
 * @param manager      the cluster manager it names
 * @param sparkHome    the Spark installation
 * @param artifacts    where artifacts are deployed ({@code spark.artifacts-uri})
 */
public record SparkTarget(String master, Manager manager, Path sparkHome, S3Location artifacts) {

    /** The cluster managers spark-submit knows, by the form of the master URL. */
    public enum Manager {
        STANDALONE, KUBERNETES, YARN, LOCAL;

        static Manager of(String master) {
            if (master.startsWith("spark://")) {
                return STANDALONE;
            }
            if (master.startsWith("k8s://")) {
                return KUBERNETES;
            }
            if (master.equals("yarn")) {
                return YARN;
            }
            if (master.equals("local") || master.matches("local\\[(\\*|[1-9][0-9]*)(,[0-9]+)?]")) {
                return LOCAL;
            }
            return null;
        }
    }

    /** The installation's {@code bin/spark-submit}. */
    public Path sparkSubmit() {
        return sparkHome.resolve("bin").resolve("spark-submit");
    }

    /**
     * Reads the target's keys, checking each: {@code spark.master} (its form),
     * {@code spark.home} or {@code SPARK_HOME} (a Spark installation with an executable
     * {@code bin/spark-submit}), {@code spark.artifacts-uri}, and the {@code paths.*} the job
     * resolves on the cluster, which must not be relative.
     *
     * @param environment the build's environment, for {@code SPARK_HOME}
     * @throws ConfigException listing every problem at once
     */
    public static SparkTarget from(TradingConfig config, Map<String, String> environment) {
        List<Problem> problems = new ArrayList<>();
        String source = config.source();

        String master = config.get(ConfigKeys.SPARK_MASTER).trim();
        Manager manager = Manager.of(master);
        if (master.isEmpty()) {
            problems.add(new Problem(ConfigKeys.SPARK_MASTER, source, "key '" + ConfigKeys.SPARK_MASTER
                    + "' is required on target spark: the cluster's master, e.g. spark://host:7077,"
                    + " k8s://https://host:443 or yarn"));
        } else if (manager == null) {
            problems.add(new Problem(ConfigKeys.SPARK_MASTER, source, "key '" + ConfigKeys.SPARK_MASTER + "' is '"
                    + master + "': expected spark://host:port (standalone), k8s://https://host:port (Kubernetes),"
                    + " yarn, or local[n] to try the target on this machine"));
        }

        Path home = sparkHome(config, environment, problems);

        String artifactsUri = config.get(ConfigKeys.SPARK_ARTIFACTS_URI).trim();
        S3Location artifacts = null;
        if (artifactsUri.isEmpty()) {
            problems.add(new Problem(ConfigKeys.SPARK_ARTIFACTS_URI, source, "key '" + ConfigKeys.SPARK_ARTIFACTS_URI
                    + "' is required on target spark: an s3://bucket/prefix the cluster reads the job jar,"
                    + " its libraries and the config from"));
        } else {
            try {
                artifacts = S3Location.parse(artifactsUri);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(ConfigKeys.SPARK_ARTIFACTS_URI, source, "key '"
                        + ConfigKeys.SPARK_ARTIFACTS_URI + "': " + e.getMessage()));
            }
        }
        for (String key : List.of(ConfigKeys.PATHS_LANDING, ConfigKeys.PATHS_WAREHOUSE, ConfigKeys.PATHS_REPORTS)) {
            String written = config.get(key).trim();
            if (!written.contains(":") && !written.startsWith("/")) {
                problems.add(new Problem(key, source, "key '" + key + "' is the relative path '" + written
                        + "': on target spark the job reads its config from " + ConfigKeys.SPARK_ARTIFACTS_URI
                        + ", where a relative path would land; give a URI the cluster reaches (s3://bucket/..., hdfs://...)"
                        + " or a folder every node sees at the same absolute path"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid configuration for target spark", problems);
        }
        return new SparkTarget(master, manager, home, artifacts);
    }

    private static Path sparkHome(TradingConfig config, Map<String, String> environment, List<Problem> problems) {
        String configured = config.get(ConfigKeys.SPARK_HOME).trim();
        String fromEnv = environment.getOrDefault("SPARK_HOME", "").trim();
        String origin = !configured.isEmpty() ? "key '" + ConfigKeys.SPARK_HOME + "'"
                : "the SPARK_HOME environment variable (key '" + ConfigKeys.SPARK_HOME + "' is not set)";
        if (configured.isEmpty() && fromEnv.isEmpty()) {
            problems.add(new Problem(ConfigKeys.SPARK_HOME, config.source(), "target spark needs a Spark installation:"
                    + " set key '" + ConfigKeys.SPARK_HOME + "' or the SPARK_HOME environment variable to its folder"
                    + " (the one holding bin/spark-submit)"));
            return null;
        }
        Path home;
        try {
            home = Path.of(configured.isEmpty() ? fromEnv : config.location(ConfigKeys.SPARK_HOME));
        } catch (InvalidPathException e) {
            problems.add(new Problem(ConfigKeys.SPARK_HOME, config.source(), origin + " is not a path: " + e.getMessage()));
            return null;
        }
        Path submit = home.resolve("bin").resolve("spark-submit");
        if (!Files.isDirectory(home)) {
            problems.add(new Problem(ConfigKeys.SPARK_HOME, config.source(), origin + " names " + home
                    + ", which is not a folder"));
        } else if (!Files.isRegularFile(submit) || !Files.isExecutable(submit)) {
            problems.add(new Problem(ConfigKeys.SPARK_HOME, config.source(), origin + " names " + home
                    + ", which has no executable bin/spark-submit: is it a Spark installation?"));
        }
        return home;
    }
}
