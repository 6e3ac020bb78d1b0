package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.statistics.SharpeStatistics;
import dev.tradingpipeline.jobs.statistics.StationaryBootstrap;
import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import dev.tradingpipeline.jobs.strategy.engine.SimulationResult;
import dev.tradingpipeline.jobs.strategy.engine.SimulationStatistics;
import dev.tradingpipeline.jobs.strategy.engine.StrategyEngine;
import dev.tradingpipeline.jobs.strategy.engine.Trade;
import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import dev.tradingpipeline.jobs.strategy.spec.ExitRules;
import dev.tradingpipeline.jobs.strategy.spec.Families;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.testing.GoldRows;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strategy job on a few weeks of ingested sample data: what it writes, and that running the
 * engines on Spark gives exactly what the engine gives on the same days in plain Java.
 */
class StrategyJobTest {

    static final LocalDate DATA_START = LocalDate.of(2024, 3, 4); // a Monday
    static final LocalDate FROM = LocalDate.of(2024, 3, 6);
    static final LocalDate TO = LocalDate.of(2024, 4, 3);

    @TempDir
    static Path root;

    private static SparkSession spark;
    private static TradingConfig config;
    private static String catalog;

    @BeforeAll
    static void ingest() throws Exception {
        spark = SparkTestSession.get();
        config = SparkTestSession.loadedSample(root, DATA_START, 25, 2000);
        catalog = config.get("catalog.name");
    }

    static StrategySpec putWrite() {
        return StrategySpec.builder("put_write")
                .underlyings("^SPX")
                .dates(FROM, TO)
                .legs(Families.of("put_write", Map.of("dte_min", 3.0, "dte_target", 7.0, "dte_max", 12.0)))
                .entry(EntrySchedule.whenFlat())
                .fills(FillModel.MID, 0.65)
                .sizing(Sizing.fixed(1_000_000, 1))
                .cashRate(0.04)
                .parameters(Map.of("dte_target", 7.0))
                .build();
    }

    static StrategySpec ironCondor() {
        return StrategySpec.builder("iron_condor")
                .underlyings("^SPX")
                .dates(FROM, TO)
                .legs(Families.of("iron_condor", Map.of("dte_min", 5.0, "dte_target", 10.0, "dte_max", 20.0)))
                .entry(EntrySchedule.whenFlat())
                .exits(new ExitRules(1, 0.5, 2.0))
                .fills(FillModel.FAR, 1.0)
                .sizing(Sizing.fixed(100_000, 2))
                .parameters(Map.of("short_delta", 0.20, "wing_delta", 0.05))
                .build();
    }

    private static List<StrategyTask> tasks() {
        return List.of(StrategyTask.of(putWrite()), StrategyTask.of(ironCondor()));
    }

    private List<Row> rows(String table, String where) {
        return spark.sql("SELECT * FROM " + catalog + "." + table + (where.isEmpty() ? "" : " WHERE " + where))
                .collectAsList();
    }

    @Test
    void goldTablesOfAnEarlierVersionGainTheNewColumns() {
        TradingConfig older = SparkTestSession.newConfig(root.resolve("older"), Map.of());
        String summary = older.get("catalog.name") + "." + GoldTables.SUMMARY;
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + older.get("catalog.name") + ".gold");
        // the summary table as an earlier version made it: no ruin_date
        spark.sql("CREATE TABLE " + summary + " (run_id STRING, task_id INT, strategy STRING, underlying STRING,"
                + " note_count INT) USING iceberg");
        spark.sql("INSERT INTO " + summary + " VALUES ('old-run', 0, 'put-write', '^SPX', 3)");

        new GoldTables(spark, older).ensure();

        assertThat(spark.table(summary).columns()).contains("ruin_date", "stale_mark_contracts", "total_return",
                "note_count", "kind", "psr", "sharpe_ci_low", "max_drawdown_ci_high", "bootstrap_draws");
        Row old = spark.table(summary).first();
        assertThat(old.<String>getAs("run_id")).isEqualTo("old-run");
        assertThat(old.isNullAt(old.fieldIndex("ruin_date"))).isTrue();
    }

    @Test
    void writesTheFourGoldTablesUnderOneRunIdAndMatchesTheEngineRunInJava() {
        StrategyRunResult result = new StrategyJob(spark, config).run(tasks());
        String runId = result.runId();

        assertThat(result.withoutData()).isEmpty();
        assertThat(result.summaries()).extracting(TaskSummary::strategy).containsExactly("put_write", "iron_condor");
        // the tables every run writes: gold.walk_forward_windows has rows only for out-of-sample checks
        // (OutOfSampleJobTest), gold.portfolio_members only for portfolios (PortfolioJobTest)
        for (String table : List.of(GoldTables.RUNS, GoldTables.TRADES, GoldTables.DAILY, GoldTables.SUMMARY)) {
            List<Row> all = rows(table, "");
            assertThat(all).as(table).isNotEmpty();
            assertThat(all).as(table).allSatisfy(r -> assertThat(r.<String>getAs("run_id")).isEqualTo(runId));
        }

        List<LocalDate> tradingDays = spark.sql("SELECT DISTINCT quote_date FROM " + catalog
                + ".silver.option_eod WHERE underlying_symbol = '^SPX' AND quote_date BETWEEN DATE '" + FROM
                + "' AND DATE '" + TO + "' ORDER BY quote_date").collectAsList().stream()
                .map(r -> (LocalDate) r.get(0)).toList();
        assertThat(tradingDays).hasSizeGreaterThan(15);
        Map<String, Long> dailyCounts = rows(GoldTables.DAILY, "").stream()
                .collect(Collectors.groupingBy(r -> r.getAs("strategy") + "/" + r.getAs("underlying"),
                        TreeMap::new, Collectors.counting()));
        assertThat(dailyCounts).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "iron_condor/^SPX", (long) tradingDays.size(), "put_write/^SPX", (long) tradingDays.size())));

        List<Row> trades = rows(GoldTables.TRADES, "");
        assertThat(trades).allSatisfy(r -> assertThat(ExitReason.valueOf(r.getAs("exit_reason"))).isNotNull());
        assertThat(trades).extracting(r -> (String) r.getAs("exit_reason")).contains("EXPIRY");

        for (TaskSummary s : result.summaries()) {
            var m = s.metrics();
            assertThat(List.of(m.totalReturn(), m.cagr(), m.volatility(), m.sharpe(), m.maxDrawdown(),
                    m.averageExposure())).as(s.strategy()).allSatisfy(x -> assertThat(x).isFinite());
            assertThat(m.tradeCount()).as(s.strategy()).isPositive();
            assertThat(s.dataStart()).isEqualTo(tradingDays.get(0));
            assertThat(s.dataEnd()).isEqualTo(tradingDays.get(tradingDays.size() - 1));
        }
        List<Row> runs = rows(GoldTables.RUNS, "");
        assertThat(runs).hasSize(2);
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.<String>getAs("code_version")).isEqualTo("dev");
            assertThat(r.<String>getAs("config_hash")).hasSize(64);
            assertThat(r.<LocalDate>getAs("data_start")).isEqualTo(tradingDays.get(0));
        });
        Row condor = rows(GoldTables.SUMMARY, "strategy = 'iron_condor'").get(0);
        assertThat(condor.isNullAt(condor.fieldIndex("ruin_date"))).as("not ruined").isTrue();
        for (String c : List.of("benchmark", "benchmark_return", "excess_return", "beta", "alpha", "correlation")) {
            assertThat(condor.isNullAt(condor.fieldIndex(c))).as("no benchmark: %s", c).isTrue();
        }
        assertThat(rows(GoldTables.DAILY, "benchmark_equity IS NOT NULL")).as("no benchmark").isEmpty();
        assertThat(condor.<String, Double>getJavaMap(condor.fieldIndex("parameters"))).containsEntry("short_delta", 0.20);

        // the same days in plain Java, from an unpruned collect of silver
        List<DayChain> days = javaChains(spark, catalog, "^SPX");
        for (int task = 0; task < tasks().size(); task++) {
            StrategySpec spec = tasks().get(task).spec();
            StrategyEngine engine = new StrategyEngine(spec);
            days.forEach(engine::onDay);
            SimulationResult expected = engine.result();
            TaskSummary actual = result.summaries().get(task);
            assertThat(actual.metrics()).as(spec.name()).isEqualTo(expected.summary());
            assertThat(actual.noteCount()).as(spec.name()).isEqualTo(expected.notes().size());
            assertThat(actual.ruinDate()).as(spec.name()).isEqualTo(expected.ruinDate());
            assertThat(actual.staleMarkContracts()).as(spec.name()).isEqualTo(expected.staleMarkContracts());
            assertThat(goldDaily(runId, task)).as(spec.name()).isEqualTo(expected.daily());
            assertThat(goldTrades(runId, task)).as(spec.name()).isEqualTo(expected.trades());
            assertThat(actual.statistics()).as(spec.name())
                    .isEqualTo(SimulationStatistics.of(expected, StationaryBootstrap.Settings.DEFAULT));
            goldStatisticsMatchADirectComputation(runId, task, expected.initialCapital(), spec.cashRate());
        }

        // a rerun appends under a new run id; without bootstrap draws its intervals are null
        TradingConfig noDraws = SparkTestSession.newConfig(root, Map.of("catalog.name", catalog,
                "statistics.bootstrap.draws", "0"));
        StrategyRunResult again = new StrategyJob(spark, noDraws).run(List.of(StrategyTask.of(putWrite())));
        assertThat(again.runId()).isNotEqualTo(runId);
        assertThat(again.summaries().get(0).metrics()).isEqualTo(result.summaries().get(0).metrics());
        assertThat(rows(GoldTables.RUNS, "")).hasSize(3);
        Row undrawn = rows(GoldTables.SUMMARY, "run_id = '" + again.runId() + "'").get(0);
        assertThat(undrawn.<Integer>getAs("bootstrap_draws")).isZero();
        assertThat(undrawn.<Double>getAs("psr")).isEqualTo(result.summaries().get(0).statistics().psr());
        for (String c : List.of("sharpe_ci_low", "sharpe_ci_high", "cagr_ci_low", "cagr_ci_high",
                "max_drawdown_ci_low", "max_drawdown_ci_high")) {
            assertThat(undrawn.isNullAt(undrawn.fieldIndex(c))).as(c).isTrue();
        }
    }

    /**
     * The summary row's PSR and intervals against the same statistics computed here from the gold
     * daily rows: returns from the equity column, PSR of their excess over cash, a bootstrap of them
     * with the default settings (1,000 draws, seed 42, mean block 10).
     */
    private void goldStatisticsMatchADirectComputation(String runId, int task, double initialCapital,
            double cashRate) {
        List<DailyRow> days = goldDaily(runId, task);
        double[] returns = new double[days.size()];
        double[] excess = new double[days.size()];
        double previous = initialCapital;
        for (int i = 0; i < days.size(); i++) {
            returns[i] = days.get(i).equity() / previous - 1;
            excess[i] = returns[i] - cashRate / 252;
            previous = days.get(i).equity();
        }
        StationaryBootstrap.Result b = StationaryBootstrap.intervals(returns, cashRate,
                new StationaryBootstrap.Settings(1000, 42, 10));
        Row gold = rows(GoldTables.SUMMARY, "run_id = '" + runId + "' AND task_id = " + task).get(0);
        String label = gold.getAs("strategy");
        assertThat(gold.<String>getAs("kind")).isEqualTo(GoldTables.KIND_SIMULATION);
        assertThat(gold.<Integer>getAs("bootstrap_draws")).as(label).isEqualTo(1000);
        assertThat(gold.<Double>getAs("psr")).as(label)
                .isCloseTo(SharpeStatistics.probabilisticSharpe(excess, 0), within(1e-12));
        double[][] expected = {{b.sharpe().low(), b.sharpe().high()}, {b.cagr().low(), b.cagr().high()},
            {b.maxDrawdown().low(), b.maxDrawdown().high()}};
        String[] columns = {"sharpe", "cagr", "max_drawdown"};
        for (int i = 0; i < columns.length; i++) {
            double low = gold.getAs(columns[i] + "_ci_low");
            double high = gold.getAs(columns[i] + "_ci_high");
            assertThat(low).as(label + " " + columns[i]).isCloseTo(expected[i][0], within(1e-12)).isFinite();
            assertThat(high).as(label + " " + columns[i]).isCloseTo(expected[i][1], within(1e-12))
                    .isGreaterThan(low);
        }
        assertThat(gold.<Double>getAs("max_drawdown_ci_high")).as(label).isLessThanOrEqualTo(0);
    }

    @Test
    void anUnknownStrategyClassFailsBeforeReadingData() {
        StrategyTask task = new StrategyTask(putWrite(), Optional.of("com.example.Missing"));
        assertThatThrownBy(() -> new StrategyJob(spark, config).run(List.of(task)))
                .hasMessageContaining("com.example.Missing is not on the class path");
    }

    private List<DailyRow> goldDaily(String runId, int task) {
        return rows(GoldTables.DAILY, "run_id = '" + runId + "' AND task_id = " + task + " ORDER BY date").stream()
                .map(r -> new DailyRow(r.getAs("date"), r.getAs("equity"), r.getAs("cash"), r.getAs("exposure"),
                        r.getAs("daily_pnl"), r.getAs("drawdown")))
                .toList();
    }

    private List<Trade> goldTrades(String runId, int task) {
        List<Trade> out = new ArrayList<>();
        for (Row r : rows(GoldTables.TRADES, "run_id = '" + runId + "' AND task_id = " + task
                + " ORDER BY exit_date, position_id")) {
            out.add(GoldRows.trade(r));
        }
        return out;
    }

    /** Day chains built here, independently of the job's code, from every silver row of the underlying. */
    static List<DayChain> javaChains(SparkSession spark, String catalog, String underlying) {
        List<Row> rows = spark.sql("SELECT * FROM " + catalog + ".silver.option_eod WHERE underlying_symbol = '"
                + underlying + "' ORDER BY quote_date").collectAsList();
        Map<LocalDate, List<Row>> byDate = rows.stream()
                .collect(Collectors.groupingBy(r -> (LocalDate) r.getAs("quote_date"), TreeMap::new,
                        Collectors.toList()));
        List<DayChain> days = new ArrayList<>();
        byDate.forEach((date, dayRows) -> {
            Set<Double> spots = dayRows.stream().map(r -> spot(r, "1545")).collect(Collectors.toSet());
            assertThat(spots).as("one underlying price per day").hasSize(1);
            List<OptionQuote> quotes = dayRows.stream().map(r -> new OptionQuote(underlying, date,
                    r.getAs("root"), r.getAs("expiration"), r.<java.math.BigDecimal>getAs("strike").doubleValue(),
                    OptionRight.fromCode(r.getAs("option_type")), r.getAs("bid_1545"), r.getAs("ask_1545"),
                    r.getAs("bid_eod"), r.getAs("ask_eod"), r.getAs("delta_1545"),
                    r.getAs("implied_volatility_1545"), spot(r, "1545"), r.<Integer>getAs("dte"))).toList();
            days.add(new DayChain(date, underlying, spot(dayRows.get(0), "1545"), spot(dayRows.get(0), "eod"),
                    quotes));
        });
        return days;
    }

    private static double spot(Row r, String when) {
        double bid = r.getAs("underlying_bid_" + when);
        double ask = r.getAs("underlying_ask_" + when);
        return bid > 0 && ask > 0 ? (bid + ask) / 2 : r.<Double>getAs("active_underlying_price_1545");
    }
}
