package dev.tradingpipeline.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.catalog.CatalogSettings;
import dev.tradingpipeline.core.config.TradingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hadoop catalog's file IO deletes what it is asked to, a few files or many. */
class WarehouseFileIOTest {

    @TempDir
    Path dir;

    private List<String> files(String prefix, int n) throws Exception {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path p = Files.writeString(dir.resolve(prefix + i + ".json"), "{}");
            paths.add(p.toUri().toString());
        }
        return paths;
    }

    @Test
    void aFewFilesAndManyAreDeletedAndAMissingOneIsNoFailure() throws Exception {
        WarehouseFileIO io = new WarehouseFileIO();
        io.setConf(new Configuration());
        io.initialize(Map.of());

        List<String> few = files("few-", 3);
        few.add(dir.resolve("never-there.json").toUri().toString());
        io.deleteFiles(few);
        List<String> many = files("many-", WarehouseFileIO.ON_THIS_THREAD + 5);
        io.deleteFiles(many);

        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void theHadoopCatalogUsesIt() {
        TradingConfig config = TradingConfig.defaults(dir, Map.of("catalog.name", "wh",
                "paths.warehouse", dir.resolve("warehouse").toString()), "test ");
        assertThat(CatalogSettings.catalogSettings(config))
                .containsEntry("spark.sql.catalog.wh.io-impl", WarehouseFileIO.class.getName());
        assertThat(CatalogSettings.WAREHOUSE_FILE_IO).isEqualTo(WarehouseFileIO.class.getName());
    }
}
