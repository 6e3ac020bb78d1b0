package dev.tradingpipeline.maven.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkTargetTest {

    static final String PATHS = "paths:\n  landing: s3://lake/landing\n  warehouse: s3://lake/warehouse\n"
            + "  reports: s3://lake/reports\n";

    @TempDir
    Path dir;

    static TradingConfig config(String yaml, Path base) {
        return TradingConfig.parse(yaml, "config.yaml", base.toString(), Map.of(), "-Dtrading.");
    }

    /** A Spark installation as far as the target looks: a folder with an executable bin/spark-submit. */
    static Path sparkHome(Path dir) throws IOException {
        Path home = dir.resolve("spark");
        Path submit = Files.createDirectories(home.resolve("bin")).resolve("spark-submit");
        Files.writeString(submit, "#!/bin/sh\n");
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    @Test
    void readsTheMasterTheInstallationAndWhereToDeploy() throws IOException {
        sparkHome(dir);
        SparkTarget t = SparkTarget.from(config("target: spark\nspark:\n  master: spark://10.0.0.5:7077\n"
                + "  home: spark\n  artifacts-uri: s3://lake/artifacts\n" + PATHS, dir), Map.of());

        assertThat(t.manager()).isEqualTo(SparkTarget.Manager.STANDALONE);
        assertThat(t.sparkSubmit()).isEqualTo(dir.resolve("spark/bin/spark-submit"));
        assertThat(t.artifacts().bucket()).isEqualTo("lake");
        assertThat(t.artifacts().key()).isEqualTo("artifacts");
    }

    @Test
    void takesSparkHomeFromTheEnvironmentWhenTheKeyIsNotSet() throws IOException {
        Path home = sparkHome(dir);
        SparkTarget t = SparkTarget.from(config("target: spark\nspark:\n  master: yarn\n"
                + "  artifacts-uri: s3://lake/artifacts\n" + PATHS, dir), Map.of("SPARK_HOME", home.toString()));

        assertThat(t.manager()).isEqualTo(SparkTarget.Manager.YARN);
        assertThat(t.sparkHome()).isEqualTo(home);
    }

    @Test
    void knowsEachClusterManagerByItsMasterUrl() {
        assertThat(SparkTarget.Manager.of("k8s://https://k8s.example:443")).isEqualTo(SparkTarget.Manager.KUBERNETES);
        assertThat(SparkTarget.Manager.of("local[2]")).isEqualTo(SparkTarget.Manager.LOCAL);
        assertThat(SparkTarget.Manager.of("local[*]")).isEqualTo(SparkTarget.Manager.LOCAL);
        assertThat(SparkTarget.Manager.of("mesos://host:5050")).isNull();
        assertThat(SparkTarget.Manager.of("local[0]")).isNull();
    }

    @Test
    void listsEveryMissingKeyAtOnce() {
        assertThatThrownBy(() -> SparkTarget.from(config("target: spark\n", dir), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(Problem::key)
                        .containsExactly("spark.master", "spark.home", "spark.artifacts-uri", "paths.landing",
                                "paths.warehouse", "paths.reports"))
                .hasMessageContaining("spark://host:7077")
                .hasMessageContaining("SPARK_HOME environment variable")
                .hasMessageContaining("is the relative path 'target/trading/warehouse'");
    }

    @Test
    void refusesAnUnknownMasterAndAFolderWithoutSparkSubmit() throws IOException {
        Files.createDirectories(dir.resolve("not-spark"));
        assertThatThrownBy(() -> SparkTarget.from(config("target: spark\nspark:\n  master: mesos://m:5050\n"
                + "  home: not-spark\n  artifacts-uri: s3://lake/artifacts\n" + PATHS, dir), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .extracting(Problem::key).containsExactly("spark.master", "spark.home"))
                .hasMessageContaining("'mesos://m:5050': expected spark://host:port")
                .hasMessageContaining("which has no executable bin/spark-submit");
    }

    @Test
    void refusesArtifactsOutsideS3() throws IOException {
        sparkHome(dir);
        assertThatThrownBy(() -> SparkTarget.from(config("target: spark\nspark:\n  master: local[2]\n"
                + "  home: spark\n  artifacts-uri: hdfs://nn/artifacts\n" + PATHS, dir), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("spark.artifacts-uri")
                .hasMessageContaining("s3://");
    }
}
