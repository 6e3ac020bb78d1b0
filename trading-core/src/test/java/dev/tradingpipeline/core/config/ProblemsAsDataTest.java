package dev.tradingpipeline.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Problems travel as data: each names its key and where it was written, a caller combines the
 * problems of several sources without reading a message, and the message is the list, one line each.
 */
class ProblemsAsDataTest {

    @TempDir
    Path dir;

    @Test
    void everyProblemOfTheFileAndOfEachOverrideSourceIsKeptAsDataWithItsKeyAndSource() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "ingest:\n  files-per-batch: none\nsample:\n  dayz: 3\n");

        TradingConfig.Checked read = TradingConfig.read(file);
        TradingConfig.Checked layered = read.overlay(Map.of("maintenance.retain-last", "0"), "-Dtrading.")
                .overlay(Map.of("target", "mars"), "<overrides> entry ");

        assertThat(layered.problems()).extracting(Problem::key)
                .containsExactly("ingest.files-per-batch", "sample.dayz", "maintenance.retain-last", "target");
        assertThat(layered.problems()).extracting(Problem::source).containsExactly(
                file + ": key 'ingest.files-per-batch'",
                file + ": key 'sample.dayz'",
                "-Dtrading.maintenance.retain-last (override of " + file + ")",
                "<overrides> entry target (override of " + file + ")");
        assertThat(layered.problems().get(1).line())
                .isEqualTo(file + ": key 'sample.dayz' is not a known key (did you mean 'sample.days'?)");

        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(layered::orThrow);
        assertThat(e.checkedThrough()).isTrue();
        assertThat(e.problems()).isEqualTo(layered.problems());
        assertThat(e.getMessage()).isEqualTo("Invalid configuration:\n  - "
                + String.join("\n  - ", layered.problems().stream().map(Problem::line).toList()));
    }

    @Test
    void overridesLayerOnWhatWasReadWithoutReadingTheFileAgain() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "ingest:\n  files-per-batch: 7\n");
        TradingConfig.Checked read = TradingConfig.read(file);
        Files.delete(file); // a second read would fail now

        TradingConfig config = read.overlay(Map.of("ingest.files-per-batch", "9"), "-Dtrading.")
                .withWarehouseChecked().orThrow();

        assertThat(config.get(ConfigKeys.INGEST_FILES_PER_BATCH)).isEqualTo("9");
        assertThat(read.config().get(ConfigKeys.INGEST_FILES_PER_BATCH)).isEqualTo("7");
    }

    @Test
    void theWarehouseProblemNamesTheLastOverrideThatSetIt() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "paths:\n  warehouse: wh\n");
        TradingConfig.Checked checked = TradingConfig.read(file)
                .overlay(Map.of("paths.warehouse", "/"), "-Dtrading.")
                .withWarehouseChecked();

        assertThat(checked.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(ConfigKeys.PATHS_WAREHOUSE);
            assertThat(p.source()).isEqualTo("-Dtrading.paths.warehouse (override of " + file + ")");
            assertThat(p.message()).contains("file-system root");
        });
    }

    @Test
    void aFileThatIsNotYamlStopsTheCheckAsOneProblemWithoutAKey() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "ingest: [unclosed\n");

        assertThatThrownBy(() -> TradingConfig.read(file)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.checkedThrough()).isFalse();
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isNull();
                assertThat(p.line()).startsWith(file + ": not valid YAML");
            });
        });
    }
}
