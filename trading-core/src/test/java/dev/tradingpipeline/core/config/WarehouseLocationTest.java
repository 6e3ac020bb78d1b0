package dev.tradingpipeline.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.tables.TableNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseLocationTest {

    @TempDir
    Path dir;

    private TradingConfig parse(String yaml, Map<String, String> overrides) {
        return TradingConfig.parse(yaml, "config.yaml", dir.toString(), overrides, "--set ");
    }

    @Test
    void aFileSystemRootIsRefusedNamingTheKeyAndWhereItWasSet() {
        assertThatThrownBy(() -> parse("paths:\n  warehouse: /\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml: key 'paths.warehouse': '/' is a file-system root");
        assertThatThrownBy(() -> parse("", Map.of("paths.warehouse", "file:///")))
                .hasMessageContaining("--set paths.warehouse (override of config.yaml): 'file:///' is a file-system root");
        assertThatThrownBy(() -> parse("", Map.of("paths.warehouse", "/not-there/..")))
                .hasMessageContaining("is a file-system root");
    }

    @Test
    void theHomeFolderAndItsAncestorsAreRefused() throws Exception {
        String home = System.getProperty("user.home");
        assertThatThrownBy(() -> parse("", Map.of("paths.warehouse", home)))
                .hasMessageContaining("--set paths.warehouse (override of config.yaml): '" + home
                        + "' is the home folder, not a warehouse folder");

        Path fakeHome = Files.createDirectories(dir.resolve("users/alice"));
        assertThat(WarehouseLocation.problem(fakeHome.toString(), fakeHome)).get().asString()
                .contains("is the home folder");
        assertThat(WarehouseLocation.problem(dir.resolve("users").toString(), fakeHome)).get().asString()
                .contains("is a folder holding the home folder (" + fakeHome + ")");
        // reached through a symlink: the real folder is judged
        Path link = Files.createSymbolicLink(dir.resolve("link-to-users"), dir.resolve("users"));
        assertThat(WarehouseLocation.problem(link.toString(), fakeHome)).get().asString()
                .contains("is a folder holding the home folder");
        // a folder inside the home folder is a normal place for a warehouse
        assertThat(WarehouseLocation.problem(fakeHome.resolve("trading/warehouse").toString(), fakeHome)).isEmpty();
    }

    @Test
    void aFolderHoldingAnythingButAWarehouseIsRefused() throws Exception {
        Path stray = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(stray.resolve("silver"));
        Files.writeString(stray.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> parse("paths:\n  warehouse: data\n", Map.of()))
                .hasMessageContaining("config.yaml: key 'paths.warehouse': '" + stray + "' holds 'notes.txt',"
                        + " which is not of a warehouse");

        Path folders = Files.createDirectories(dir.resolve("projects/src"));
        assertThat(WarehouseLocation.problem(folders.getParent().toString(), null)).get().asString()
                .contains("holds 'src'");
        // a namespace's name as a file is not a namespace
        Path file = Files.createDirectories(dir.resolve("odd"));
        Files.writeString(file.resolve("bronze"), "x");
        assertThat(WarehouseLocation.problem(file.toString(), null)).get().asString().contains("holds 'bronze'");
        Path plain = Files.writeString(dir.resolve("plain-file"), "x");
        assertThat(WarehouseLocation.problem(plain.toString(), null)).get().asString()
                .contains("is a file, not a folder");
    }

    @Test
    void theDefaultIsCheckedTooAndSaysItIsTheDefault() throws Exception {
        Path wh = Files.createDirectories(dir.resolve("target/trading/warehouse"));
        Files.writeString(wh.resolve("x.parquet"), "x");
        assertThatThrownBy(() -> parse("", Map.of()))
                .hasMessageContaining("config.yaml: key 'paths.warehouse' (not set: the default): '" + wh
                        + "' holds 'x.parquet'");
    }

    @Test
    void aWarehouseProblemIsListedWithTheOtherProblems() {
        assertThatThrownBy(() -> parse("ingest:\n  files-per-batch: zero\npaths:\n  warehouse: /\n", Map.of()))
                .hasMessageContaining("key 'ingest.files-per-batch': expected auto or a positive integer")
                .hasMessageContaining("key 'paths.warehouse': '/' is a file-system root");
    }

    @Test
    void aNewAnEmptyOrAWarehouseFolderIsAccepted() throws Exception {
        assertThat(parse("paths:\n  warehouse: not/yet/there\n", Map.of()).location(ConfigKeys.PATHS_WAREHOUSE))
                .isEqualTo(dir.resolve("not/yet/there").toString());
        Files.createDirectories(dir.resolve("empty"));
        parse("paths:\n  warehouse: empty\n", Map.of());

        Path wh = Files.createDirectories(dir.resolve("wh"));
        for (String ns : WarehouseLocation.NAMESPACES) {
            Files.createDirectories(wh.resolve(ns).resolve("some_table/metadata"));
        }
        Files.createDirectories(wh.resolve("silver.db"));
        Files.writeString(wh.resolve(WarehouseLocation.LOCK_FILE), "");
        Files.writeString(wh.resolve(".DS_Store"), "Finder's");
        parse("paths:\n  warehouse: wh\n", Map.of());
        parse("", Map.of("paths.warehouse", "file:" + wh));
        assertThat(WarehouseLocation.problem(wh.toString(), null)).isEmpty();
    }

    @Test
    void aBucketRootIsRefusedAPrefixInItIsNot() {
        assertThatThrownBy(() -> parse("target: emr\npaths:\n  warehouse: s3://quant-lake\n", Map.of()))
                .hasMessageContaining("config.yaml: key 'paths.warehouse': 's3://quant-lake' is the root of a bucket"
                        + ", not a warehouse prefix in it (e.g. s3://quant-lake/warehouse)");
        assertThat(WarehouseLocation.problem("s3://quant-lake/", null)).isPresent();
        assertThat(WarehouseLocation.problem("s3a://quant-lake//", null)).isPresent();
        assertThat(WarehouseLocation.problem("s3://quant-lake/warehouse", null)).isEmpty();
    }

    @Test
    void everyTableOfThePipelineIsInANamespaceAWarehouseMayHold() {
        List<String> tables = Stream.concat(TableNames.INGEST.stream(), TableNames.GOLD.stream()).toList();
        assertThat(tables).isNotEmpty().allSatisfy(t -> assertThat(WarehouseLocation.NAMESPACES)
                .contains(t.substring(0, t.indexOf('.'))));
    }
}
