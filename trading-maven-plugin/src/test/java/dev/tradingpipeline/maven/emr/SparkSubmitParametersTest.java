package dev.tradingpipeline.maven.emr;

import static dev.tradingpipeline.maven.emr.EmrSettingsTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkSubmitParametersTest {

    static final String EMR = EmrSettingsTest.VALID;

    /** The --conf settings in order, checking that the string splits on spaces into flag / value pairs. */
    static Map<String, String> confs(String parameters) {
        String[] tokens = parameters.split(" ");
        assertThat(tokens.length % 2).as("flag/value pairs in %s", parameters).isZero();
        Map<String, String> confs = new LinkedHashMap<>();
        for (int i = 0; i < tokens.length; i += 2) {
            if (tokens[i].equals("--conf")) {
                String kv = tokens[i + 1];
                int eq = kv.indexOf('=');
                assertThat(eq).as(kv).isPositive();
                assertThat(confs.put(kv.substring(0, eq), kv.substring(eq + 1))).as("set once: " + kv).isNull();
            }
        }
        return confs;
    }

    @Test
    void bootstrapCarriesClassJarsCatalogAndSizing() {
        String p = SparkSubmitParameters.build(config(EMR + "sizing:\n  bootstrap:\n    driver-memory: 6g\n"),
                "bootstrap", List.of("s3://bucket/artifacts/extra.jar"));

        assertThat(p).startsWith("--class dev.tradingpipeline.jobs.TradingJob "
                + "--jars /usr/share/aws/iceberg/lib/iceberg-spark3-runtime.jar,s3://bucket/artifacts/extra.jar --conf ");
        Map<String, String> c = confs(p);
        assertThat(c).containsEntry("spark.sql.extensions",
                        "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
                .containsEntry("spark.sql.session.timeZone", "UTC")
                .containsEntry("spark.sql.catalog.trading", "org.apache.iceberg.spark.SparkCatalog")
                .containsEntry("spark.sql.catalog.trading.catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog")
                .containsEntry("spark.sql.catalog.trading.io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
                .containsEntry("spark.sql.catalog.trading.warehouse", "s3://bucket/warehouse")
                .containsEntry("spark.sql.defaultCatalog", "trading")
                .containsEntry("spark.driver.cores", "2")
                .containsEntry("spark.driver.memory", "6g")
                .containsEntry("spark.executor.cores", "4")
                .containsEntry("spark.executor.memory", "8g")
                .containsEntry("spark.executor.instances", "3")
                .containsEntry("spark.dynamicAllocation.enabled", "false")
                .doesNotContainKeys("spark.dynamicAllocation.maxExecutors", "spark.dynamicAllocation.initialExecutors");
        List<String> keys = new ArrayList<>(c.keySet());
        assertThat(keys.indexOf("spark.sql.extensions")).isLessThan(keys.indexOf("spark.sql.catalog.trading"));
        assertThat(keys.indexOf("spark.sql.defaultCatalog")).isLessThan(keys.indexOf("spark.driver.cores"));
    }

    @Test
    void sizingIsPerModeWithDynamicAllocation() {
        String yaml = EMR + String.join("\n",
                "sizing:",
                "  bootstrap:",
                "    executor-instances: 8",
                "  daily:",
                "    driver-memory: 3g",
                "    executor-instances: 2",
                "    executor-cores: 8",
                "    executor-memory: 30g",
                "    dynamic-allocation: true",
                "    max-executors: 6",
                "");

        Map<String, String> daily = confs(SparkSubmitParameters.build(config(yaml), "daily", List.of()));
        Map<String, String> bootstrap = confs(SparkSubmitParameters.build(config(yaml), "bootstrap", List.of()));

        assertThat(daily).containsEntry("spark.driver.memory", "3g")
                .containsEntry("spark.executor.cores", "8")
                .containsEntry("spark.executor.memory", "30g")
                .containsEntry("spark.executor.instances", "2")
                .containsEntry("spark.dynamicAllocation.enabled", "true")
                .containsEntry("spark.dynamicAllocation.initialExecutors", "2")
                .containsEntry("spark.dynamicAllocation.maxExecutors", "6");
        assertThat(bootstrap).containsEntry("spark.executor.instances", "8")
                .containsEntry("spark.dynamicAllocation.enabled", "false");
    }

    @Test
    void theReportModeHasItsOwnSizingWithASmallerDriverByDefault() {
        Map<String, String> report = confs(SparkSubmitParameters.build(config(EMR), "report", List.of()));
        Map<String, String> sized = confs(SparkSubmitParameters.build(
                config(EMR + "sizing:\n  report:\n    executor-instances: 1\n"), "report", List.of()));

        assertThat(report).containsEntry("spark.driver.memory", "4g").containsEntry("spark.executor.instances", "2");
        assertThat(sized).containsEntry("spark.executor.instances", "1");
    }

    @Test
    void sparkConfComesLastAndWins() {
        String yaml = EMR + String.join("\n",
                "spark-conf:",
                "  spark.executor.memory: 12g",
                "  spark.sql.shuffle.partitions: 64",
                "  spark.sql.catalog.trading.warehouse: s3://other/warehouse",
                "");

        String p = SparkSubmitParameters.build(config(yaml), "daily", List.of());
        Map<String, String> c = confs(p);

        assertThat(c).containsEntry("spark.executor.memory", "12g")
                .containsEntry("spark.sql.shuffle.partitions", "64")
                .containsEntry("spark.sql.catalog.trading.warehouse", "s3://other/warehouse");
        assertThat(p).doesNotContain("spark.executor.memory=8g");
        assertThat(new ArrayList<>(c.keySet())).endsWith("spark.sql.shuffle.partitions");
    }

    @Test
    void anExplicitCatalogTypeIsKept() {
        Map<String, String> c = confs(SparkSubmitParameters.build(
                config(EMR + "catalog:\n  type: hadoop\n"), "daily", List.of()));

        assertThat(c).containsEntry("spark.sql.catalog.trading.type", "hadoop")
                .doesNotContainKey("spark.sql.catalog.trading.catalog-impl");
        assertThat(SparkSubmitParameters.catalogType(config(EMR + "catalog:\n  type: rest\n"))).isEqualTo("rest");
        assertThat(SparkSubmitParameters.catalogType(config(EMR))).isEqualTo("glue");
        assertThat(SparkSubmitParameters.catalogType(config(EMR.replace("target: emr", "target: local"))))
                .isEqualTo("glue");
    }

    @Test
    void aConfigWhoseTargetIsNotEmrWouldGiveTheJobAnotherCatalog() {
        assertThatThrownBy(() -> SparkSubmitParameters.build(config(EMR.replace("target: emr", "target: local")),
                "daily", List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml: target is 'local': submitting to EMR Serverless needs target: emr");
    }

    @Test
    void valuesWithWhitespaceAreRefusedNamingTheKey() {
        String yaml = EMR + String.join("\n",
                "spark-conf:",
                "  spark.driver.extraJavaOptions: -Xss4m -XX:+UseG1GC",
                "  spark.app.name: my job",
                "");

        assertThatThrownBy(() -> SparkSubmitParameters.build(config(yaml), "daily", List.of("s3://b/my jar.jar")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration for target emr:\n  - ")
                .hasMessageContaining("config.yaml: spark-conf.spark.driver.extraJavaOptions: the value '-Xss4m -XX:+UseG1GC'"
                        + " of spark.driver.extraJavaOptions contains whitespace")
                .hasMessageContaining("config.yaml: spark-conf.spark.app.name: the value 'my job'")
                .hasMessageContaining("extra jar 's3://b/my jar.jar'");
    }

    @Test
    void workerSizesMustExistOnEmrServerless() {
        String yaml = EMR + "sizing:\n  daily:\n    executor-cores: 3\n    dynamic-allocation: true\n"
                + "    executor-instances: 5\n    max-executors: 4\n";

        assertThatThrownBy(() -> SparkSubmitParameters.build(config(yaml), "daily", List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml: sizing.daily.executor-cores must be 1, 2, 4, 8 or 16")
                .hasMessageContaining("sizing.daily.executor-instances (5, the initial executors) must not exceed"
                        + " sizing.daily.max-executors (4)");
    }

    @Test
    void anApplicationOnTheBuiltImageGetsItsLibrariesFolderOnBothClassPaths() {
        String plain = SparkSubmitParameters.build(config(EMR), "daily", List.of());
        assertThat(confs(plain)).doesNotContainKeys("spark.driver.extraClassPath", "spark.executor.extraClassPath");

        String onImage = SparkSubmitParameters.build(config(EMR + "spark-conf:\n  spark.executor.extraClassPath: /x/*\n"),
                "daily", List.of(), java.util.Optional.of("/usr/share/trading/lib"));
        assertThat(confs(onImage)).containsEntry("spark.driver.extraClassPath", "/usr/share/trading/lib/*")
                // spark-conf.* still has the last word
                .containsEntry("spark.executor.extraClassPath", "/x/*");
    }

    @Test
    void theCatalogsTimeBoundsGoToEmrAndSparkConfReplacesThem() {
        Map<String, String> c = confs(SparkSubmitParameters.build(config(EMR), "daily", List.of()));
        assertThat(c).containsEntry("spark.sql.catalog.trading.http-client.apache.socket-timeout-ms", "30000")
                .containsEntry("spark.sql.catalog.trading.s3.retry.num-retries", "3");

        Map<String, String> own = confs(SparkSubmitParameters.build(config(EMR
                + "spark-conf:\n  spark.sql.catalog.trading.s3.retry.num-retries: 8\n"), "daily", List.of()));
        assertThat(own).containsEntry("spark.sql.catalog.trading.s3.retry.num-retries", "8")
                .containsEntry("spark.sql.catalog.trading.http-client.apache.socket-timeout-ms", "30000");
    }
}
