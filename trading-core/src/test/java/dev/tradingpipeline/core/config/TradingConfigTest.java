package dev.tradingpipeline.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        assertThat(c.get(ConfigKeys.INGEST_FILES_PER_BATCH)).isEqualTo("auto");
        assertThat(c.map("table-properties")).containsAllEntriesOf(ConfigKeys.DEFAULT_TABLE_PROPERTIES);
        assertThat(c.location(ConfigKeys.PATHS_LANDING))
                .isEqualTo(shipped.toAbsolutePath().getParent().resolve("target/trading/landing").normalize().toString());
    }

    @Test
    void defaultsApplyWhenAKeyIsAbsent() {
        TradingConfig c = parse("", Map.of());
        assertThat(c.get(ConfigKeys.INGEST_FILES_PER_BATCH)).isEqualTo("auto");
        assertThat(c.getInt(ConfigKeys.SAMPLE_DAYS)).isEqualTo(20);
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
                .hasMessageContaining("key 'ingest.files-per-batch': expected auto or a positive integer, got 'zero'")
                .hasMessageContaining("key 'sizing.daily.driver-memory': expected a JVM memory size");
        assertThatThrownBy(() -> parse("target: cloud\n", Map.of()))
                .hasMessageContaining("expected one of local, emr, spark, got 'cloud'");
        assertThatThrownBy(() -> parse("ingest:\n  files-per-batch: 0\n", Map.of()))
                .hasMessageContaining("expected auto or a positive integer");
        assertThatThrownBy(() -> parse("sample:\n  days: 0\n", Map.of()))
                .hasMessageContaining("expected a positive integer");
    }

    /** A value each checked type refuses; null for types that take any text. */
    private static String invalidFor(ConfigKey key) {
        return switch (key.type()) {
            case POSITIVE_INT -> "0";
            case AUTO_OR_POSITIVE_INT -> "automatic";
            case NON_NEGATIVE_INT -> "-1";
            case BOOLEAN -> "maybe";
            case DATE -> "2024-02-30";
            case ENUM -> "bogus";
            case MEMORY -> "lots";
            case DURATION -> "soon";
            case S3_URI -> "http://not-s3/x";
            case KMS_KEY -> "not a key";
            case LIST -> key.allowed().isEmpty() ? null : "nonsense";
            case STRING, LOCATION, MAP -> null;
        };
    }

    @Test
    void everyCheckedKeyRefusesABadValueInOneMessageNamingIt() {
        int checked = 0;
        for (ConfigKey key : ConfigKeys.all().values()) {
            String bad = invalidFor(key);
            if (bad == null || key.isMap()) {
                continue;
            }
            checked++;
            for (boolean inFile : new boolean[] {true, false}) {
                String yaml = inFile ? key.name() + ": \"" + bad + "\"\n" : "";
                Map<String, String> overrides = inFile ? Map.of() : Map.of(key.name(), bad);
                assertThatThrownBy(() -> parse(yaml, overrides))
                        .as(key.name() + (inFile ? " in the file" : " as an override"))
                        .isInstanceOf(ConfigException.class)
                        .satisfies(e -> {
                            List<Problem> problems = ((ConfigException) e).problems();
                            assertThat(problems).hasSize(1);
                            assertThat(problems.get(0).key()).isEqualTo(key.name());
                            assertThat(problems.get(0).line()).contains(key.name()).contains(bad);
                            assertThat(problems.get(0).line())
                                    .contains(inFile ? "config.yaml: key '" : "--set " + key.name());
                        });
            }
        }
        assertThat(checked).isGreaterThan(20);
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
    void strategiesAreKeptAsWrittenAndOtherListsOfMappingsStillFail() throws Exception {
        TradingConfig c = parse("target: local\nstrategies:\n  - name: a\n    start: 2024-01-02\n"
                + "    legs: [{type: put, dte: {min: 1}}]\n", Map.of());
        assertThat(c.strategies()).hasSize(1);
        assertThat(c.strategies().get(0)).containsEntry("name", "a").containsEntry("start", "2024-01-02");
        assertThat(c.strategies().get(0).get("legs")).isEqualTo(java.util.List.of(Map.of("type", "put",
                "dte", Map.of("min", 1))));
        assertThat(c.explicitValues()).containsOnlyKeys("target");
        assertThat(parse("", Map.of()).strategies()).isEmpty();
        // sent to Spark executors with the rest of the configuration
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(c);
        }
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(((TradingConfig) in.readObject()).strategies()).isEqualTo(c.strategies());
        }

        assertThatThrownBy(() -> parse("sample:\n  underlyings:\n    - {name: a}\n", Map.of()))
                .hasMessageContaining("config.yaml: key 'sample.underlyings': expected a list of plain values");
        assertThatThrownBy(() -> parse("other:\n  - name: a\n", Map.of()))
                .hasMessageContaining("config.yaml: key 'other': expected a list of plain values");
        assertThatThrownBy(() -> parse("catalog:\n  strategies:\n    - name: a\n", Map.of()))
                .hasMessageContaining("config.yaml: key 'catalog.strategies': expected a list of plain values");
        assertThatThrownBy(() -> parse("", Map.of("strategies.name", "a")))
                .hasMessageContaining("--set strategies.name (override of config.yaml) is not a known key");
    }

    @Test
    void maintenanceKeysTakeDaysAndOnlyKnownTables() {
        TradingConfig defaults = parse("", Map.of());
        assertThat(defaults.getList(ConfigKeys.MAINTENANCE_TABLES)).isEmpty();
        assertThat(defaults.getBoolean(ConfigKeys.MAINTENANCE_DRY_RUN)).isFalse();
        assertThat(defaults.getDuration(ConfigKeys.MAINTENANCE_EXPIRE_OLDER_THAN)).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.getInt(ConfigKeys.MAINTENANCE_RETAIN_LAST)).isEqualTo(10);
        assertThat(defaults.getDuration(ConfigKeys.MAINTENANCE_ORPHAN_OLDER_THAN)).isEqualTo(Duration.ofDays(3));
        assertThat(defaults.getBoolean(ConfigKeys.INGEST_COMPACT_AFTER_BOOTSTRAP)).isTrue();

        TradingConfig c = parse("maintenance:\n  tables: [silver.option_eod, ops.landing_files]\n"
                + "  expire-older-than: 36h\n", Map.of());
        assertThat(c.getList(ConfigKeys.MAINTENANCE_TABLES)).containsExactly("silver.option_eod", "ops.landing_files");
        assertThat(c.getDuration(ConfigKeys.MAINTENANCE_EXPIRE_OLDER_THAN)).isEqualTo(Duration.ofHours(36));
        // an empty list is all tables, as the default; a list without a default may not be empty
        assertThat(parse("maintenance:\n  tables: []\n", Map.of()).getList(ConfigKeys.MAINTENANCE_TABLES)).isEmpty();
        assertThatThrownBy(() -> parse("sample:\n  underlyings: []\n", Map.of()))
                .hasMessageContaining("key 'sample.underlyings': expected a comma-separated list, got an empty value");

        assertThatThrownBy(() -> parse("maintenance:\n  tables: [silver.option_eod, bronze.optoin_eod, gold.trades]\n",
                Map.of()))
                .hasMessageContaining("config.yaml: key 'maintenance.tables': unknown 'bronze.optoin_eod' (did you mean"
                        + " 'bronze.option_eod'?), 'gold.trades'; expected a comma-separated list of bronze.option_eod,"
                        + " bronze.option_eod_rejects, silver.option_eod, ops.landing_files, gold.strategy_runs,"
                        + " gold.strategy_trades, gold.strategy_daily, gold.strategy_summary");
        assertThatThrownBy(() -> parse("", Map.of("maintenance.orphan-older-than", "1w")))
                .hasMessageContaining("--set maintenance.orphan-older-than (override of config.yaml):"
                        + " expected a duration such as 500ms, 10s, 5m, 2h or 7d, got '1w'");
        assertThat(ConfigKey.parseDuration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(ConfigKey.parseDuration("1500ms")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void impossibleDatesAreNotRolledOver() {
        // SnakeYAML alone would read 2024-02-30 as 2024-03-01
        assertThatThrownBy(() -> parse("sample:\n  start-date: 2024-02-30\n", Map.of()))
                .hasMessageContaining("key 'sample.start-date': expected a date as yyyy-MM-dd, got '2024-02-30'");
        assertThat(parse("sample:\n  start-date: 2024-02-29\n", Map.of()).getDate(ConfigKeys.SAMPLE_START_DATE))
                .isEqualTo(java.time.LocalDate.of(2024, 2, 29));
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
