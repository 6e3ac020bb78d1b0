package dev.tradingpipeline.maven.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectConfigTest {

    @TempDir
    Path baseDir;

    @Test
    void withoutConfigYamlRunsOnDefaultsRelativeToTheBaseDir() {
        ProjectConfig config = ProjectConfig.load(baseDir, null, List.of());

        assertThat(config.onDefaults()).isTrue();
        assertThat(config.describe()).contains("default configuration");
        assertThat(config.config().location("paths.landing"))
                .isEqualTo(baseDir.resolve("target/trading/landing").toString());
    }

    @Test
    void readsConfigYamlOfTheBaseDir() throws Exception {
        Files.writeString(baseDir.resolve("config.yaml"), "sample:\n  days: 3\n");

        ProjectConfig config = ProjectConfig.load(baseDir, null, List.of());

        assertThat(config.file()).isEqualTo(baseDir.resolve("config.yaml"));
        assertThat(config.config().getInt("sample.days")).isEqualTo(3);
    }

    @Test
    void theOverridesArePrintedWithoutTheValuesOfSecretSettings() {
        ProjectConfig config = ProjectConfig.load(baseDir, null, List.of(new OverrideSource("-Dtrading.", Map.of(
                "spark-conf.spark.hadoop.fs.s3a.secret.key", "s3cr3tValue",
                "spark-conf.spark.hadoop.fs.s3a.aws.credentials.provider", "com.example.Provider"))));

        assertThat(config.overrides()).containsEntry("spark-conf.spark.hadoop.fs.s3a.secret.key", "s3cr3tValue");
        assertThat(config.describe()).contains("spark-conf.spark.hadoop.fs.s3a.secret.key=****")
                .contains("spark-conf.spark.hadoop.fs.s3a.aws.credentials.provider=com.example.Provider")
                .doesNotContain("s3cr3tValue");
    }

    @Test
    void anExplicitFileMustExist() {
        assertThatThrownBy(() -> ProjectConfig.load(baseDir, Path.of("prod.yaml"), List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(baseDir.resolve("prod.yaml").toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void pomOverridesComeAfterPropertyOverrides() throws Exception {
        Files.writeString(baseDir.resolve("config.yaml"), "sample:\n  days: 3\n");

        ProjectConfig config = ProjectConfig.load(baseDir, null, List.of(
                new OverrideSource("-Dtrading.", Map.of("sample.days", "5", "sample.seed", "7")),
                new OverrideSource(ProjectConfig.POM_OVERRIDE_LABEL, Map.of("sample.days", "21"))));

        assertThat(config.config().getInt("sample.days")).isEqualTo(21);
        assertThat(config.config().getInt("sample.seed")).isEqualTo(7);
        assertThat(config.overrides()).containsEntry("sample.days", "21").containsEntry("sample.seed", "7");
    }

    @Test
    void aBadPomOverrideNamesTheOverridesEntry() {
        assertThatThrownBy(() -> ProjectConfig.load(baseDir, null,
                List.of(new OverrideSource(ProjectConfig.POM_OVERRIDE_LABEL, Map.of("sample.dayz", "21")))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("<overrides> entry sample.dayz")
                .hasMessageContaining("did you mean 'sample.days'");
    }

    @Test
    void aBadKeyInTheFileNamesKeyAndFile() throws Exception {
        Files.writeString(baseDir.resolve("config.yaml"), "ingest:\n  file-per-batch: 5\n");

        assertThatThrownBy(() -> ProjectConfig.load(baseDir, null, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(baseDir.resolve("config.yaml").toString())
                .hasMessageContaining("ingest.file-per-batch")
                .hasMessageContaining("did you mean 'ingest.files-per-batch'");
    }

    @Test
    void everyProblemIsReportedAtOnceNamingWhereItWasWritten() throws Exception {
        Files.writeString(baseDir.resolve("config.yaml"), "ingest:\n  file-per-batch: 5\n");

        assertThatThrownBy(() -> ProjectConfig.load(baseDir, null, List.of(
                new OverrideSource("-Dtrading.", Map.of("sample.days", "0")),
                new OverrideSource(ProjectConfig.POM_OVERRIDE_LABEL, Map.of("sample.seed", "x")))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'ingest.file-per-batch' is not a known key")
                .hasMessageContaining("-Dtrading.sample.days (override of " + baseDir.resolve("config.yaml") + ")")
                .hasMessageContaining("<overrides> entry sample.seed");
    }

    @Test
    void aWarehouseThatCannotBeOneIsRefusedWhereItsEffectiveValueWasWritten() throws Exception {
        Path file = baseDir.resolve("config.yaml");
        Files.writeString(file, "paths:\n  warehouse: /\n");
        assertThatThrownBy(() -> ProjectConfig.load(baseDir, null, List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ": key 'paths.warehouse': '/' is a file-system root");

        // an override replacing the file's value is what counts
        ProjectConfig fixed = ProjectConfig.load(baseDir, null,
                List.of(new OverrideSource("-Dtrading.", Map.of("paths.warehouse", "wh"))));
        assertThat(fixed.config().location("paths.warehouse")).isEqualTo(baseDir.resolve("wh").toString());

        Files.writeString(file, "sample:\n  days: 3\n");
        Files.createDirectories(baseDir.resolve("target/trading/warehouse"));
        Files.writeString(baseDir.resolve("target/trading/warehouse/stray.txt"), "x");
        assertThatThrownBy(() -> ProjectConfig.load(baseDir, null, List.of(
                new OverrideSource("-Dtrading.", Map.of("sample.days", "0")),
                new OverrideSource(ProjectConfig.POM_OVERRIDE_LABEL, Map.of("paths.warehouse", "/")))))
                .hasMessageContaining("-Dtrading.sample.days (override of " + file + ")")
                .hasMessageContaining("<overrides> entry paths.warehouse (override of " + file
                        + "): '/' is a file-system root")
                // the default, replaced by the override, is not judged
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("stray.txt"));
    }
}
