package dev.tradingpipeline.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TradingConfigTest {

    @TempDir
    Path dir;

    private TradingConfig parse(String yaml, Map<String, String> overrides) {
        return TradingConfig.parse(yaml, "config.yaml", dir.toString(), overrides, "--set ");
    }

    @Test
    void theShippedConfigIsValidAndHasTheDocumentedDefaults() throws Exception {
        Path shipped = Path.of("..", "config.yaml");
        TradingConfig c = TradingConfig.load(shipped, Map.of(), "--set ");
        assertThat(c.target()).isEqualTo("local");
        assertThat(c.getInt(ConfigKeys.INGEST_FILES_PER_BATCH)).isEqualTo(10);
        assertThat(c.map("table-properties")).containsAllEntriesOf(ConfigKeys.DEFAULT_TABLE_PROPERTIES);
        assertThat(c.location(ConfigKeys.PATHS_LANDING))
                .isEqualTo(shipped.toAbsolutePath().getParent().resolve("target/trading/landing").normalize().toString());
    }

    @Test
    void defaultsApplyWhenAKeyIsAbsent() {
        TradingConfig c = parse("", Map.of());
        assertThat(c.getInt(ConfigKeys.INGEST_FILES_PER_BATCH)).isEqualTo(10);
        assertThat(c.catalogType()).isEqualTo("hadoop");
        assertThat(parse("target: emr\n", Map.of()).catalogType()).isEqualTo("glue");
        assertThat(parse("target: emr\ncatalog:\n  type: rest\n", Map.of()).catalogType()).isEqualTo("rest");
        assertThat(c.map("table-properties")).isEqualTo(ConfigKeys.DEFAULT_TABLE_PROPERTIES);
        assertThat(c.location(ConfigKeys.PATHS_WAREHOUSE)).isEqualTo(dir.resolve("target/trading/warehouse").toString());
    }

    @Test
    void unknownKeysFailNamingKeyFileAndLikelyMeaning() {
        assertThatThrownBy(() -> parse("ingest:\n  file-per-batch: 5\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml: key 'ingest.file-per-batch' is not a known key")
                .hasMessageContaining("did you mean 'ingest.files-per-batch'");
    }

    @Test
    void badValuesFailNamingTheKey() {
        assertThatThrownBy(() -> parse("ingest:\n  files-per-batch: zero\nsizing:\n  daily:\n    driver-memory: lots\n",
                Map.of()))
                .hasMessageContaining("key 'ingest.files-per-batch': expected an integer, got 'zero'")
                .hasMessageContaining("key 'sizing.daily.driver-memory': expected a JVM memory size");
        assertThatThrownBy(() -> parse("target: cloud\n", Map.of()))
                .hasMessageContaining("expected one of local, emr, got 'cloud'");
        assertThatThrownBy(() -> parse("ingest:\n  files-per-batch: 0\n", Map.of()))
                .hasMessageContaining("expected a positive integer");
    }

    @Test
    void overridesWinAndAreValidatedToo() {
        TradingConfig c = parse("paths:\n  landing: /data/a\n", Map.of("paths.landing", "/data/b",
                "table-properties.write.distribution-mode", "range"));
        assertThat(c.location(ConfigKeys.PATHS_LANDING)).isEqualTo("/data/b");
        assertThat(c.map("table-properties")).containsEntry("write.distribution-mode", "range");
        assertThatThrownBy(() -> parse("", Map.of("ingest.files-per-batch", "-1")))
                .hasMessageContaining("--set ingest.files-per-batch (override of config.yaml)");
        assertThatThrownBy(() -> parse("", Map.of("paths.landng", "/x")))
                .hasMessageContaining("--set paths.landng").hasMessageContaining("did you mean 'paths.landing'");
    }

    @Test
    void s3LocationsStayAsTheyAre() {
        TradingConfig c = parse("paths:\n  warehouse: s3://bucket/warehouse\n", Map.of());
        assertThat(c.location(ConfigKeys.PATHS_WAREHOUSE)).isEqualTo("s3://bucket/warehouse");
        TradingConfig remote = TradingConfig.parse("", "s3://b/conf/config.yaml", "s3://b/conf/", Map.of(), "--set ");
        assertThat(remote.location(ConfigKeys.PATHS_LANDING)).isEqualTo("s3://b/conf/target/trading/landing");
    }

    @Test
    void invalidYamlAndMissingFilesAreClear() throws Exception {
        assertThatThrownBy(() -> parse("paths: [unclosed", Map.of())).hasMessageContaining("config.yaml: not valid YAML");
        assertThatThrownBy(() -> TradingConfig.load(dir.resolve("nope.yaml"), Map.of(), "--set "))
                .hasMessageContaining("nope.yaml does not exist");
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "- a\n- b\n");
        assertThatThrownBy(() -> TradingConfig.load(f, Map.of(), "--set "))
                .hasMessageContaining("expected a mapping of keys");
    }
}
