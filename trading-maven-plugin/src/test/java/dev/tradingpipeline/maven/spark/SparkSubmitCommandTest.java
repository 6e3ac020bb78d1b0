package dev.tradingpipeline.maven.spark;

import static dev.tradingpipeline.maven.spark.SparkTargetTest.PATHS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.aws.S3Location;
import dev.tradingpipeline.maven.deploy.Deployment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkSubmitCommandTest {

    static final String SPARK = "target: spark\nspark:\n  master: spark://127.0.0.1:7077\n"
            + "  artifacts-uri: s3://lake/artifacts\n" + PATHS;

    static TradingConfig config(String yaml) {
        return TradingConfig.parse(yaml, "config.yaml", "/srv/project", Map.of(), "-Dtrading.");
    }

    static SparkTarget target(String master) {
        return new SparkTarget(master, SparkTarget.Manager.of(master), Path.of("/opt/spark"),
                S3Location.parse("s3://lake/artifacts"));
    }

    @Test
    void aStandaloneMasterGetsCoresMaxOfExecutorsTimesCores() {
        // 3 executors x 2 cores: a standalone master ignores spark.executor.instances and would give
        // the run every core it has; spark.cores.max = 3 x 2 = 6 holds the count.
        Map<String, String> s = SparkSubmitCommand.settings(config(SPARK + "sizing:\n  daily:\n"
                + "    executor-instances: 3\n    executor-cores: 2\n    executor-memory: 1g\n"),
                target("spark://127.0.0.1:7077"), "daily");

        assertThat(s).containsEntry("spark.executor.instances", "3")
                .containsEntry("spark.executor.cores", "2")
                .containsEntry("spark.executor.memory", "1g")
                .containsEntry("spark.cores.max", "6")
                .containsEntry("spark.dynamicAllocation.enabled", "false")
                .containsEntry("spark.sql.defaultCatalog", "trading")
                .containsEntry("spark.sql.catalog.trading.warehouse", "s3://lake/warehouse");
    }

    @Test
    void withDynamicAllocationTheMaximumSetsCoresMaxAndShuffleTrackingIsOn() {
        // at most 5 executors of 4 cores: spark.cores.max = 5 x 4 = 20
        Map<String, String> s = SparkSubmitCommand.settings(config(SPARK + "sizing:\n  bootstrap:\n"
                + "    executor-instances: 2\n    dynamic-allocation: true\n    max-executors: 5\n"),
                target("spark://127.0.0.1:7077"), "bootstrap");

        assertThat(s).containsEntry("spark.dynamicAllocation.enabled", "true")
                .containsEntry("spark.dynamicAllocation.initialExecutors", "2")
                .containsEntry("spark.dynamicAllocation.maxExecutors", "5")
                .containsEntry("spark.dynamicAllocation.shuffleTracking.enabled", "true")
                .containsEntry("spark.cores.max", "20")
                .doesNotContainKey("spark.executor.instances");
    }

    @Test
    void kubernetesAndYarnCountExecutorsThemselves() {
        assertThat(SparkSubmitCommand.settings(config(SPARK), target("k8s://https://k8s:443"), "daily"))
                .containsEntry("spark.executor.instances", "2").doesNotContainKey("spark.cores.max");
        assertThat(SparkSubmitCommand.settings(config(SPARK), target("yarn"), "daily"))
                .doesNotContainKey("spark.cores.max");
    }

    @Test
    void sparkConfWinsAndS3aReachesTheConfiguredEndpoint() {
        Map<String, String> s = SparkSubmitCommand.settings(config(SPARK + "aws:\n  region: eu-west-1\n"
                + "  endpoints:\n    s3: http://127.0.0.1:9000\nspark-conf:\n  spark.executor.memory: 3g\n"
                + "catalog:\n  type: rest\n  uri: http://127.0.0.1:8181\n"),
                target("spark://127.0.0.1:7077"), "daily");

        assertThat(s).containsEntry("spark.executor.memory", "3g")
                .containsEntry("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000")
                .containsEntry("spark.hadoop.fs.s3a.path.style.access", "true")
                .containsEntry("spark.hadoop.fs.s3a.endpoint.region", "eu-west-1")
                .containsEntry("spark.sql.catalog.trading.uri", "http://127.0.0.1:8181")
                .containsEntry("spark.sql.catalog.trading.io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
                .containsEntry("spark.sql.catalog.trading.s3.endpoint", "http://127.0.0.1:9000");
    }

    @Test
    void badCombinationsFailNamingEveryKey() {
        assertThatThrownBy(() -> SparkSubmitCommand.settings(config(SPARK + "sizing:\n  strategy:\n"
                + "    driver-memory: 256m\n    executor-memory: 400m\n    executor-cores: 4\n"
                + "    executor-instances: 6\n    dynamic-allocation: true\n    max-executors: 3\n"
                + "spark-conf:\n  spark.cores.max: 2\n"), target("spark://127.0.0.1:7077"), "strategy"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(Problem::key)
                        .containsExactly("sizing.strategy.driver-memory", "sizing.strategy.executor-memory",
                                "sizing.strategy.executor-instances", "spark-conf.spark.cores.max"))
                .hasMessageContaining("sizing.strategy.executor-memory is 400m: Spark needs at least 450m")
                .hasMessageContaining("(6, the initial executors) must not exceed sizing.strategy.max-executors (3)")
                .hasMessageContaining("spark-conf.spark.cores.max (2) is below sizing.strategy.executor-cores (4)");
    }

    @Test
    void theCommandRunsClientModeWithTheDeployedJarsThroughS3a() {
        TradingConfig c = config(SPARK + "sizing:\n  daily:\n    driver-memory: 2g\n");
        Deployment d = new Deployment(Instant.parse("2024-01-05T00:00:00Z"),
                new Deployment.Artifact("trading-jobs.jar", "s3://lake/artifacts/jars/ab12/trading-jobs.jar", "ab12", 10, true),
                List.of(new Deployment.Artifact("iceberg.jar", "s3://lake/artifacts/jars/cd34/iceberg.jar", "cd34", 10, false),
                        new Deployment.Artifact("core.jar", "s3://lake/artifacts/jars/ef56/core.jar", "ef56", 10, true)),
                new Deployment.Artifact("config.yaml", "s3://lake/artifacts/config/0a0b/config.yaml", "0a0b", 10, true));

        List<String> cmd = SparkSubmitCommand.command(c, target("spark://127.0.0.1:7077"), "daily", "p-daily-1",
                Map.of("spark.cores.max", "4"), d, List.of("--mode", "daily", "--config",
                        "s3a://lake/artifacts/config/0a0b/config.yaml"), Path.of("/srv/project/target/trading/log4j2.properties"));

        assertThat(cmd).containsExactly("/opt/spark/bin/spark-submit", "--master", "spark://127.0.0.1:7077",
                "--deploy-mode", "client", "--name", "p-daily-1", "--class", "dev.tradingpipeline.jobs.TradingJob",
                "--driver-memory", "2g",
                "--driver-java-options", "-Dlog4j.configurationFile=file:///srv/project/target/trading/log4j2.properties",
                "--jars", "s3a://lake/artifacts/jars/cd34/iceberg.jar,s3a://lake/artifacts/jars/ef56/core.jar",
                "--conf", "spark.cores.max=4",
                "s3a://lake/artifacts/jars/ab12/trading-jobs.jar", "--mode", "daily", "--config",
                "s3a://lake/artifacts/config/0a0b/config.yaml");
    }

    @Test
    void aMemorySizeWithoutUnitIsMibAsSparkReadsIt() {
        // 1024 without a unit is 1024 MiB to Spark (not 1024 bytes): above the 450 MiB minimum
        assertThat(SparkSubmitCommand.settings(config(SPARK + "sizing:\n  daily:\n    executor-memory: 1024\n"
                + "    driver-memory: 1024\n"), target("spark://127.0.0.1:7077"), "daily"))
                .containsEntry("spark.executor.memory", "1024");
    }
}
