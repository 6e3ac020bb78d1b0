package dev.tradingpipeline.jobs.strategy.config;

import static dev.tradingpipeline.jobs.strategy.config.ConfigFixtures.parse;
import static dev.tradingpipeline.jobs.strategy.config.ConfigFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkConfigTest {

    private static final String ENTRY = "  - name: a\n    family: short_put\n    underlyings: [^SPX, SPY]\n";

    @TempDir
    Path project;

    @Test
    void theUnderlyingsBuyAndHoldIsNamedAfterEachUnderlying() {
        StrategyDefinition d = parse("strategies:\n" + ENTRY + "    benchmark: underlying\n").get(0);
        BenchmarkSpec b = d.benchmark().orElseThrow();
        assertThat(b.kind()).isEqualTo(BenchmarkSpec.Kind.UNDERLYING);
        assertThat(b.nameFor("^SPX")).isEqualTo("^SPX buy-and-hold");
        assertThat(b.nameFor("SPY")).isEqualTo("SPY buy-and-hold");
        assertThat(b.origin()).isEqualTo("config.yaml: strategies[0].benchmark");
        // written in capitals too
        assertThat(parse("strategies:\n" + ENTRY + "    benchmark: UNDERLYING\n").get(0).benchmark()).contains(b);
        // without the key: none
        assertThat(parse("strategies:\n" + ENTRY).get(0).benchmark()).isEmpty();
    }

    @Test
    void aCsvPathResolvesLikeTheConfigurationsOtherPaths() {
        String yaml = "strategies:\n" + ENTRY + "    benchmark: {csv: data/put.csv, name: PUT}\n";
        BenchmarkSpec local = StrategyConfig.parse(TradingConfig.parse(yaml, "config.yaml", project.toString(),
                Map.of(), "--set ")).get(0).benchmark().orElseThrow();
        assertThat(local.kind()).isEqualTo(BenchmarkSpec.Kind.CSV);
        assertThat(local.csv()).isEqualTo(project.resolve("data/put.csv").toString());
        assertThat(local.nameFor("^SPX")).isEqualTo("PUT");

        BenchmarkSpec onS3 = StrategyConfig.parse(List.of(Map.of("name", "a", "family", "short_put",
                "underlyings", List.of("^SPX"), "benchmark", Map.of("csv", "data/put.csv", "name", "PUT"))),
                "config.yaml", w -> "s3://bucket/project/" + w).get(0).benchmark().orElseThrow();
        assertThat(onS3.csv()).isEqualTo("s3://bucket/project/data/put.csv");

        String uri = "strategies:\n" + ENTRY + "    benchmark: {csv: 's3://indices/bxm.csv', name: BXM}\n";
        assertThat(StrategyConfig.parse(TradingConfig.parse(uri, "config.yaml", project.toString(), Map.of(),
                "--set ")).get(0).benchmark().orElseThrow().csv()).isEqualTo("s3://indices/bxm.csv");
    }

    @Test
    void everyBadFormIsReportedWithItsPathAndTheEntrysOtherProblems() {
        assertThat(problems("strategies:\n"
                + ENTRY + "    benchmark: spy\n"
                + ENTRY.replace("name: a", "name: b") + "    benchmark: underlyng\n"
                + ENTRY.replace("name: a", "name: c") + "    benchmark: put.csv\n    commission: -1\n"
                + ENTRY.replace("name: a", "name: d") + "    benchmark: {csv: put.csv, nme: PUT}\n"
                + ENTRY.replace("name: a", "name: e") + "    benchmark: [underlying]\n"
                + ENTRY.replace("name: a", "name: f") + "    benchmark: {csv: {a: 1}, name: PUT}\n"))
                .containsExactly(
                        "config.yaml: strategies[0].benchmark: expected underlying or {csv, name}, got 'spy'",
                        "config.yaml: strategies[1].benchmark: expected underlying or {csv, name}, got 'underlyng'"
                                + " (did you mean 'underlying'?)",
                        "config.yaml: strategies[2].commission: expected a commission per contract >= 0, got -1",
                        "config.yaml: strategies[2].benchmark: expected underlying or {csv, name}, got 'put.csv'"
                                + " (a series needs a name too: write {csv: put.csv, name: <name>})",
                        "config.yaml: strategies[3].benchmark.nme: not a known key (did you mean 'name'?)",
                        "config.yaml: strategies[3].benchmark.name: required: the name tables and the report give"
                                + " the series, e.g. name: PUT",
                        "config.yaml: strategies[4].benchmark: expected underlying or {csv, name}, got a list",
                        "config.yaml: strategies[5].benchmark.csv: expected a single value, got a mapping");
    }

    @Test
    void theKeyIsAStrategyKey() {
        assertThat(StrategyConfig.KEYS).contains("benchmark");
        // a sweep keeps its entry's benchmark: every grid point is compared with it (the mode attaches it to each task)
        StrategyDefinition swept = parse("strategies:\n" + ENTRY + "    sweep: {delta: [0.2, 0.3]}\n"
                + "    benchmark: underlying\n").get(0);
        assertThat(StrategyConfig.expand(swept)).hasSize(2);
        assertThat(swept.benchmark()).isPresent();
    }
}
