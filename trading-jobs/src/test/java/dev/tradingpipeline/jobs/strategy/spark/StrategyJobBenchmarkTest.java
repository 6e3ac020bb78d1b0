package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkComparison;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strategy job's benchmark columns ({@code benchmark_*} in gold.strategy_summary,
 * {@code benchmark_equity} in gold.strategy_daily) on the sample data of {@link StrategyJobTest},
 * in a warehouse of its own.
 */
class StrategyJobBenchmarkTest {

    @TempDir
    static Path root;

    private static SparkSession spark;
    private static TradingConfig config;
    private static String catalog;

    @BeforeAll
    static void ingest() throws Exception {
        spark = SparkTestSession.get();
        config = SparkTestSession.loadedSample(root, StrategyJobTest.DATA_START, 25, 2000);
        catalog = config.get("catalog.name");
    }

    private List<Row> rows(String table, String where) {
        return spark.sql("SELECT * FROM " + catalog + "." + table + " WHERE " + where).collectAsList();
    }

    /**
     * The put-write against its underlying's buy-and-hold and the condor against a CSV series that
     * starts on the 4th trading day, lacks the 6th (carried over) and ends 3 days before the last:
     * checked against the underlying's closes and the series computed here.
     */
    @Test
    void writesEachSimulationsBenchmarkColumns() throws Exception {
        List<DayChain> days = StrategyJobTest.javaChains(spark, catalog, "^SPX").stream()
                .filter(d -> !d.date().isBefore(StrategyJobTest.FROM) && !d.date().isAfter(StrategyJobTest.TO))
                .toList();
        int n = days.size();
        StringBuilder csv = new StringBuilder("date,value\n");
        Map<LocalDate, Double> series = new TreeMap<>();
        for (int i = 3; i < n - 3; i++) {
            if (i != 5) {
                double v = 1_000 + 7 * i + (i % 2) * 11; // moves up and down
                series.put(days.get(i).date(), v);
                csv.append(days.get(i).date()).append(',').append(v).append('\n');
            }
        }
        Files.writeString(root.resolve("put-index.csv"), csv);
        List<StrategyTask> tasks = List.of(
                new StrategyTask(StrategyJobTest.putWrite(), Optional.empty(), Optional.of(BenchmarkSpec.underlying())),
                new StrategyTask(StrategyJobTest.ironCondor(), Optional.empty(),
                        Optional.of(BenchmarkSpec.csv(root.resolve("put-index.csv").toString(), "PUT"))));

        StrategyRunResult result = new StrategyJob(spark, config).run(tasks);
        String runId = result.runId();

        // the put-write: ^SPX bought at the first day's close with the capital, 1,000,000
        List<Row> putDaily = rows(GoldTables.DAILY, "run_id = '" + runId + "' AND task_id = 0 ORDER BY date");
        assertThat(putDaily).hasSize(n);
        double firstClose = days.get(0).underlyingPriceEod();
        double[] closes = new double[n];
        double[] equity = new double[n];
        for (int i = 0; i < n; i++) {
            closes[i] = days.get(i).underlyingPriceEod();
            equity[i] = putDaily.get(i).getAs("equity");
            assertThat(putDaily.get(i).<Double>getAs("benchmark_equity")).as("day %d", i)
                    .isCloseTo(1_000_000 * closes[i] / firstClose, within(1e-6));
        }
        Row put = rows(GoldTables.SUMMARY, "run_id = '" + runId + "' AND task_id = 0").get(0);
        assertThat(put.<String>getAs("benchmark")).isEqualTo("^SPX buy-and-hold");
        assertThat(put.<Double>getAs("benchmark_return")).isCloseTo(closes[n - 1] / firstClose - 1, within(1e-12));
        assertThat(put.<Double>getAs("excess_return")).isCloseTo(
                put.<Double>getAs("total_return") - (closes[n - 1] / firstClose - 1), within(1e-12));
        BenchmarkComparison expected = BenchmarkComparison.compare(equity, 1_000_000, closes, 0.04);
        assertThat(put.<Double>getAs("beta")).isCloseTo(expected.beta(), within(1e-12));
        assertThat(put.<Double>getAs("alpha")).isCloseTo(expected.alpha(), within(1e-12));
        assertThat(put.<Double>getAs("correlation")).isCloseTo(expected.correlation(), within(1e-12));
        assertThat(put.<Integer>getAs("benchmark_days")).isEqualTo(n - 1);
        assertThat(result.summaries().get(0).benchmark()).isEqualTo("^SPX buy-and-hold");
        assertThat(result.summaries().get(0).benchmarkComparison().beta()).isEqualTo(put.<Double>getAs("beta"));

        // the condor: none before day 3 or after day n - 4, 100,000 on day 3, day 5 carries day 4's value
        List<Row> condorDaily = rows(GoldTables.DAILY, "run_id = '" + runId + "' AND task_id = 1 ORDER BY date");
        double first = series.get(days.get(3).date());
        for (int i = 0; i < n; i++) {
            Row r = condorDaily.get(i);
            if (i < 3 || i >= n - 3) {
                assertThat(r.isNullAt(r.fieldIndex("benchmark_equity"))).as("day %d", i).isTrue();
            } else {
                double v = series.get(days.get(i == 5 ? 4 : i).date());
                assertThat(r.<Double>getAs("benchmark_equity")).as("day %d", i)
                        .isCloseTo(100_000 * v / first, within(1e-9));
            }
        }
        Row condor = rows(GoldTables.SUMMARY, "run_id = '" + runId + "' AND task_id = 1").get(0);
        double last = series.get(days.get(n - 4).date());
        assertThat(condor.<String>getAs("benchmark")).isEqualTo("PUT");
        assertThat(condor.<Double>getAs("benchmark_return")).isCloseTo(last / first - 1, within(1e-12));
        // the condor's return over the same days: from its equity before day 3 to day n - 4
        double condorReturn = condorDaily.get(n - 4).<Double>getAs("equity")
                / condorDaily.get(2).<Double>getAs("equity") - 1;
        assertThat(condor.<Double>getAs("excess_return")).isCloseTo(condorReturn - (last / first - 1), within(1e-12));
        assertThat(condor.<Integer>getAs("benchmark_days")).as("days 4 to n - 4 paired").isEqualTo(n - 3 - 4);
        assertThat(condor.<Double>getAs("beta")).isFinite();
    }

    @Test
    void aBadBenchmarkSeriesFailsBeforeReadingData() throws Exception {
        Files.writeString(root.resolve("bad-index.csv"), "date,value\n2024-03-06,-1\n");
        BenchmarkSpec bad = new BenchmarkSpec(BenchmarkSpec.Kind.CSV, root.resolve("bad-index.csv").toString(), "PUT",
                "config.yaml: strategies[1].benchmark");
        TradingConfig empty = SparkTestSession.newConfig(root.resolve("no-silver"), Map.of());
        assertThatThrownBy(() -> new StrategyJob(spark, empty).run(List.of(
                new StrategyTask(StrategyJobTest.putWrite(), Optional.empty(), Optional.of(bad)))))
                .hasMessageContaining("Invalid benchmark series PUT (config.yaml: strategies[1].benchmark.csv)")
                .hasMessageContaining("bad-index.csv:2: value: expected a number > 0, got '-1'");
    }
}
