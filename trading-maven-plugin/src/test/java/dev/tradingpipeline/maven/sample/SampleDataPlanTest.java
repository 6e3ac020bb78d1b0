package dev.tradingpipeline.maven.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.cboe.CboeLayout;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.sample.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataPlanTest {

    @TempDir
    Path baseDir;

    @Test
    void sampleKeysBecomeTheSpecAndTheLandingFolderIsResolved() {
        TradingConfig config = TradingConfig.defaults(baseDir, Map.of("sample.days", "3",
                "sample.rows-per-day", "2000", "sample.compression", "zip", "sample.variant", "quotes",
                "sample.underlyings", "SPY,^SPX"), "-Dtrading.");

        SampleDataPlan plan = SampleDataPlan.from(config);

        assertThat(plan.landingDir()).isEqualTo(baseDir.resolve("target/trading/landing"));
        assertThat(plan.spec().days()).isEqualTo(3);
        assertThat(plan.spec().rowsPerDay()).isEqualTo(2000);
        assertThat(plan.spec().startDate()).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(plan.spec().compression()).isEqualTo(Compression.ZIP);
        assertThat(plan.spec().variant()).isEqualTo(CboeLayout.Variant.QUOTES);
        assertThat(plan.spec().underlyings()).containsExactly("SPY", "^SPX");
    }

    @Test
    void anS3LandingIsRefusedNamingTheKey() {
        TradingConfig config = TradingConfig.defaults(baseDir, Map.of("paths.landing", "s3://bucket/landing"),
                "-Dtrading.");

        assertThatThrownBy(() -> SampleDataPlan.from(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("paths.landing")
                .hasMessageContaining("s3://bucket/landing");
    }

    @Test
    void onlyLandingFilesCountAsContent() throws Exception {
        TradingConfig config = TradingConfig.defaults(baseDir, Map.of(), "-Dtrading.");
        SampleDataPlan plan = SampleDataPlan.from(config);
        assertThat(plan.landingHasFiles()).isFalse();

        Files.createDirectories(plan.landingDir());
        Files.writeString(plan.landingDir().resolve("README.txt"), "x");
        Files.writeString(plan.landingDir().resolve(".UnderlyingOptionsEODCalcs_2024-01-02.csv.part"), "x");
        assertThat(plan.landingHasFiles()).isFalse();

        Files.writeString(plan.landingDir().resolve("UnderlyingOptionsEODCalcs_2024-01-02.csv"), "x");
        assertThat(plan.landingHasFiles()).isTrue();
        assertThat(List.of(plan.landingDir().toFile().list())).hasSize(3);
    }
}
