package dev.tradingpipeline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.core.config.WarehouseLocation;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse check of the configuration ({@link WarehouseLocation}) against a warehouse an ingest really wrote. */
class WarehouseAfterIngestTest {

    @TempDir
    Path dir;

    @Test
    void theWarehouseAnIngestRunLeavesIsAcceptedForTheNextRun() throws Exception {
        TradingConfig c = SparkTestSession.newConfig(dir, Map.of());
        SparkTestSession.sample(dir.resolve("landing"), LocalDate.of(2024, 3, 4), 1, 20, Compression.CSV);
        assertThat(new IngestJob(SparkTestSession.get(), c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty())
                .succeeded()).isTrue();
        Path wh = Path.of(c.location(ConfigKeys.PATHS_WAREHOUSE));
        try (Stream<Path> top = Files.list(wh)) {
            assertThat(top.map(p -> p.getFileName().toString())).contains("bronze", "silver", "ops");
        }

        assertThat(WarehouseLocation.problem(wh.toString())).isEmpty();
    }
}
