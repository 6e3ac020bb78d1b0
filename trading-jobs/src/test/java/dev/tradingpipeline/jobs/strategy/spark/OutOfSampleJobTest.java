package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.core.cboe.CboeLayout;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IngestJob;
import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.config.StrategyConfig;
import dev.tradingpipeline.jobs.strategy.config.StrategyDefinition;
import dev.tradingpipeline.jobs.strategy.engine.SimulationResult;
import dev.tradingpipeline.jobs.strategy.engine.StrategyEngine;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import dev.tradingpipeline.sample.SampleDataGenerator;
import dev.tradingpipeline.sample.SampleSpec;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Out-of-sample checks end to end on a few weeks of ingested sample data: a three-point sweep
 * checked by walk-forward and by an in-sample split in one run, every figure recomputed here from
 * the combinations' gold daily rows and from engines run in plain Java.
 */
class OutOfSampleJobTest {

    private static final LocalDate DATA_START = LocalDate.of(2024, 3, 4); // a Monday; 28 weekdays to Apr 10
    private static final double CAPITAL = 100_000;
    private static final List<Double> DELTAS = List.of(0.15, 0.3, 0.45);
    private static final LocalDate IN_SAMPLE_END = LocalDate.of(2024, 3, 22);

    @TempDir
    static Path root;

    private static SparkSession spark;
    private static TradingConfig config;
    private static String catalog;
    private static List<StrategyTask> tasks;
    private static StrategyRunResult result;
    private static StrategyMode.Outcome outcome;

    @BeforeAll
    static void ingestAndRun() throws Exception {
        spark = SparkTestSession.get();
        new SampleDataGenerator(new SampleSpec(DATA_START, 28, 600, 11L, Compression.CSV, CboeLayout.Variant.CALCS,
                List.of("^SPX"))).generate(root.resolve("landing"), m -> { });
        config = SparkTestSession.newConfig(root, Map.of());
        catalog = config.get("catalog.name");
        new IngestJob(spark, config).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());

        // the same three-point sweep twice, checked two ways: tasks 0-2 (walk-forward, series task 6) and
        // 3-5 (in-sample split, series task 7)
        String entry = "    family: short_put\n    params: {dte_min: 3, dte_target: 7, dte_max: 12}\n"
                + "    underlyings: [^SPX]\n    entry: when-flat\n    fill: mid\n    contracts: 1\n"
                + "    capital: 100000\n    sweep: {delta: [0.15, 0.3, 0.45]}\n";
        List<StrategyDefinition> definitions = StrategyConfig.parse(TradingConfig.parse("strategies:\n"
                + "  - name: wf\n" + entry + "    evaluation: {walk-forward: {train: 2w, test: 1w}}\n"
                + "  - name: split\n" + entry + "    evaluation: {in-sample: {end: " + IN_SAMPLE_END + "},"
                + " select-by: total-return}\n", "config.yaml", ".", Map.of(), "--set "));
        tasks = new ArrayList<>();
        definitions.forEach(d -> StrategyConfig.expand(d).forEach(spec -> tasks.add(StrategyTask.of(spec))));
        assertThat(tasks).extracting(t -> t.spec().name()).startsWith("wf[delta=0.15]", "wf[delta=0.3]");
        outcome = new StrategyMode(spark, config).run(definitions);
        result = outcome.result();
    }

    @Test
    void theWindowsAreTheCalendarWeeksAfterTwoWeeksOfTrainingAndEachChoiceIsTheBestSharpeOnItsTrainingDays() {
        List<LocalDate> days = new ArrayList<>(equity(0).keySet());
        assertThat(days).hasSize(28);
        // By hand: N0 = Mar 4 + 2w = Mar 18; test weeks [Mar 18, 25), [Mar 25, Apr 1), [Apr 1, 8), [Apr 8, 15):
        // the last holds only Apr 8-10 (the data ends on a Wednesday). Training: the two weeks before each.
        List<Row> windows = rows(GoldTables.WINDOWS, "task_id = 6 ORDER BY window_number");
        assertThat(windows).hasSize(4);
        for (int k = 0; k < 4; k++) {
            LocalDate start = LocalDate.of(2024, 3, 18).plusWeeks(k);
            List<LocalDate> test = between(days, start, start.plusWeeks(1));
            List<LocalDate> train = between(days, start.minusWeeks(2), start);
            Row w = windows.get(k);
            assertThat(w.<Integer>getAs("window_number")).isEqualTo(k + 1);
            assertThat(List.of(w.getAs("train_start"), w.getAs("train_end"), w.getAs("test_start"), w.getAs("test_end")))
                    .as("window %d", k + 1).containsExactly(train.get(0), train.get(train.size() - 1), test.get(0),
                            test.get(test.size() - 1));
            assertThat(w.<String>getAs("strategy")).isEqualTo("wf[walk-forward]");
            assertThat(w.<String>getAs("select_by")).isEqualTo("sharpe");

            // the choice by hand: the combinations' Sharpe over the training days, from the day before
            double[] sharpe = new double[3];
            for (int c = 0; c < 3; c++) {
                sharpe[c] = naiveSharpe(equity(c), train.get(0), train.get(train.size() - 1));
            }
            int best = 0;
            for (int c = 1; c < 3; c++) { // NaN never wins; ties go to the first
                if (!Double.isNaN(sharpe[c]) && (Double.isNaN(sharpe[best]) || sharpe[c] > sharpe[best])) {
                    best = c;
                }
            }
            assertThat(w.<Integer>getAs("selected_task_id")).as("window %d: %s", k + 1, sharpe).isEqualTo(best);
            assertThat(w.<Double>getAs("train_metric")).isCloseTo(sharpe[best], within(1e-9));
            assertThat(w.<Double>getAs("train_sharpe")).isCloseTo(sharpe[best], within(1e-9));
            assertThat(w.<String, Double>getJavaMap(w.fieldIndex("selected_parameters")))
                    .containsEntry("delta", DELTAS.get(best)).containsEntry("dte_target", 7.0);
        }
        assertThat(windows.get(3).<LocalDate>getAs("test_end")).isEqualTo("2024-04-10");
    }

    @Test
    void theStitchedSeriesCompoundsTheChosenCombinationsRerunFlatOnEachTestWindow() {
        List<Row> windows = rows(GoldTables.WINDOWS, "task_id = 6 ORDER BY window_number");
        List<DayChain> chains = javaChains();
        TreeMap<LocalDate, double[]> expected = new TreeMap<>();
        double level = CAPITAL;
        int trades = 0;
        for (Row w : windows) {
            StrategySpec s = tasks.get(w.<Integer>getAs("selected_task_id")).spec();
            StrategySpec window = new StrategySpec(s.name(), s.underlyings(), w.getAs("test_start"), w.getAs("test_end"),
                    s.legs(), s.entry(), s.exits(), s.fills(), s.sizing(), s.cashRate(), s.parameters(),
                    s.assignment(), s.universe());
            StrategyEngine engine = new StrategyEngine(window);
            chains.forEach(engine::onDay);
            SimulationResult run = engine.result();
            assertThat(w.<Double>getAs("test_sharpe")).isCloseTo(run.summary().sharpe(), within(1e-9));
            assertThat(w.<Double>getAs("test_return")).isCloseTo(run.summary().totalReturn(), within(1e-12));
            trades += run.trades().size();
            // each day keeps the return of the window's own run from flat; the level carries over
            for (var d : run.daily()) {
                expected.put(d.date(), new double[] {level * d.equity() / CAPITAL});
            }
            level = level * run.daily().get(run.daily().size() - 1).equity() / CAPITAL;
        }
        List<Row> daily = rows(GoldTables.DAILY, "task_id = 6 ORDER BY date");
        assertThat(daily).extracting(r -> (LocalDate) r.getAs("date")).containsExactlyElementsOf(expected.keySet());
        double previous = CAPITAL;
        for (Row r : daily) {
            double equity = r.getAs("equity");
            assertThat(equity).as("equity on %s", r.<LocalDate>getAs("date"))
                    .isCloseTo(expected.get(r.<LocalDate>getAs("date"))[0], within(1e-6));
            // continuous across window boundaries: each day's P&L is the change since the day before
            assertThat(r.<Double>getAs("daily_pnl")).isCloseTo(equity - previous, within(1e-6));
            previous = equity;
        }

        List<Row> stitchedTrades = rows(GoldTables.TRADES, "task_id = 6");
        assertThat(stitchedTrades).hasSize(trades).isNotEmpty();
        assertThat(stitchedTrades).allSatisfy(t -> assertThat(t.<String>getAs("strategy")).isEqualTo("wf[walk-forward]"));
        assertThat(new HashSet<>(stitchedTrades.stream().map(t -> t.<Long>getAs("position_id")).toList()))
                .as("position ids stay unique across windows").hasSize(trades);
        // a position open at a window's end closes there, at its marks
        List<LocalDate> testEnds = windows.stream().map(w -> (LocalDate) w.getAs("test_end")).toList();
        assertThat(stitchedTrades).filteredOn(t -> t.getAs("exit_reason").equals(ExitReason.END_OF_DATA.name()))
                .allSatisfy(t -> assertThat(testEnds).contains(t.<LocalDate>getAs("exit_date")));

        Row summary = rows(GoldTables.SUMMARY, "task_id = 6").get(0);
        assertThat(summary.<String>getAs("kind")).isEqualTo(GoldTables.KIND_WALK_FORWARD);
        assertThat(summary.<Integer>getAs("trade_count")).isEqualTo(trades);
        assertThat(summary.<Double>getAs("total_return")).isCloseTo(level / CAPITAL - 1, within(1e-9));
        assertThat(summary.<Double>getAs("out_of_sample_sharpe")).isEqualTo(summary.<Double>getAs("sharpe"));
        // in sample: the combination best with hindsight over the same days
        LocalDate first = expected.firstKey();
        LocalDate last = expected.lastKey();
        double hindsight = java.util.stream.IntStream.range(0, 3).mapToDouble(c -> naiveSharpe(equity(c), first, last))
                .filter(x -> !Double.isNaN(x)).max().orElseThrow();
        assertThat(summary.<Double>getAs("in_sample_sharpe")).isCloseTo(hindsight, within(1e-9));
        Row run = rows(GoldTables.RUNS, "task_id = 6").get(0);
        assertThat(run.<String>getAs("kind")).isEqualTo(GoldTables.KIND_WALK_FORWARD);
        assertThat(run.<String>getAs("spec")).startsWith("OutOfSample[of=wf, walk-forward: train 2w, test 1w,"
                + " select-by sharpe, combinations=[0, 1, 2], selected=[1: task ");
        assertThat(run.<LocalDate>getAs("data_start")).isEqualTo("2024-03-18");
    }

    @Test
    void anInSampleSplitFollowsTheBestCombinationOnItsOwnRunAfterTheSplit() {
        // the split's combinations are tasks 3-5; total return up to Mar 22, by hand from the daily rows
        double[] inSample = new double[3];
        for (int c = 0; c < 3; c++) {
            inSample[c] = equity(3 + c).floorEntry(IN_SAMPLE_END).getValue() / CAPITAL - 1;
        }
        int best = 3;
        for (int c = 1; c < 3; c++) {
            if (inSample[c] > inSample[best - 3]) {
                best = 3 + c;
            }
        }
        TreeMap<LocalDate, Double> chosen = equity(best);
        LocalDate firstOut = chosen.higherKey(IN_SAMPLE_END);
        LocalDate lastIn = chosen.floorKey(IN_SAMPLE_END);
        // every combination's Sharpe on both sides, in gold.strategy_summary
        for (int c = 3; c < 6; c++) {
            Row s = rows(GoldTables.SUMMARY, "task_id = " + c).get(0);
            assertThat(s.<String>getAs("kind")).isEqualTo(GoldTables.KIND_SIMULATION);
            assertThat(s.<Double>getAs("in_sample_sharpe")).isCloseTo(
                    naiveSharpe(equity(c), chosen.firstKey(), lastIn), within(1e-9));
            assertThat(s.<Double>getAs("out_of_sample_sharpe")).isCloseTo(
                    naiveSharpe(equity(c), firstOut, chosen.lastKey()), within(1e-9));
            // the same combination under walk-forward has none
            Row wf = rows(GoldTables.SUMMARY, "task_id = " + (c - 3)).get(0);
            assertThat(wf.isNullAt(wf.fieldIndex("in_sample_sharpe"))).isTrue();
            assertThat(wf.isNullAt(wf.fieldIndex("out_of_sample_sharpe"))).isTrue();
            assertThat(wf.<Double>getAs("sharpe")).isEqualTo(s.<Double>getAs("sharpe"));
        }

        // the series: the chosen run's days after the split, rebased to the starting capital
        List<Row> daily = rows(GoldTables.DAILY, "task_id = 7 ORDER BY date");
        assertThat(daily).extracting(r -> (LocalDate) r.getAs("date"))
                .containsExactlyElementsOf(chosen.tailMap(IN_SAMPLE_END, false).keySet());
        double base = chosen.get(lastIn);
        for (Row r : daily) {
            assertThat(r.<Double>getAs("equity")).isCloseTo(CAPITAL * chosen.get(r.<LocalDate>getAs("date")) / base,
                    within(1e-6));
        }
        Row summary = rows(GoldTables.SUMMARY, "task_id = 7").get(0);
        Row chosenSummary = rows(GoldTables.SUMMARY, "task_id = " + best).get(0);
        assertThat(summary.<String>getAs("kind")).isEqualTo(GoldTables.KIND_OUT_OF_SAMPLE);
        assertThat(summary.<String>getAs("strategy")).isEqualTo("split[out-of-sample]");
        assertThat(summary.<Double>getAs("sharpe")).isCloseTo(chosenSummary.<Double>getAs("out_of_sample_sharpe"),
                within(1e-9));
        assertThat(summary.<Double>getAs("in_sample_sharpe")).isEqualTo(chosenSummary.<Double>getAs("in_sample_sharpe"));
        // every in-sample figure is kept with the series: the chosen combination's on its days up to the
        // split (its total return by hand above, its Sharpe as in_sample_sharpe); none on the combinations
        Row in = summary.getStruct(summary.fieldIndex("in_sample"));
        assertThat(in.<Double>getAs("total_return")).isCloseTo(inSample[best - 3], within(1e-12));
        assertThat(in.<Double>getAs("sharpe")).isEqualTo(summary.<Double>getAs("in_sample_sharpe"));
        assertThat(in.<Double>getAs("max_drawdown")).isLessThanOrEqualTo(0.0);
        assertThat(chosenSummary.isNullAt(chosenSummary.fieldIndex("in_sample"))).isTrue();
        assertThat(summary.<String, Double>getJavaMap(summary.fieldIndex("parameters")))
                .containsEntry("delta", DELTAS.get(best - 3)).containsEntry("dte_target", 7.0);
        // its trades: the chosen run's trades entered after the split
        assertThat(rows(GoldTables.TRADES, "task_id = 7").stream().map(t -> (Long) t.getAs("position_id")).toList())
                .containsExactlyInAnyOrderElementsOf(rows(GoldTables.TRADES, "task_id = " + best
                        + " AND entry_date > DATE '" + IN_SAMPLE_END + "'").stream()
                        .map(t -> (Long) t.getAs("position_id")).toList());

        List<Row> window = rows(GoldTables.WINDOWS, "task_id = 7");
        assertThat(window).hasSize(1);
        assertThat(window.get(0).<Integer>getAs("selected_task_id")).isEqualTo(best);
        assertThat(window.get(0).<Double>getAs("train_metric")).isCloseTo(inSample[best - 3], within(1e-12));
        assertThat(List.of(window.get(0).getAs("train_start"), window.get(0).getAs("train_end"),
                window.get(0).getAs("test_start"), window.get(0).getAs("test_end"))).containsExactly(
                chosen.firstKey(), lastIn, firstOut, chosen.lastKey());

        // one run id over every table; the derived series after the configured tasks
        assertThat(rows(GoldTables.RUNS, "").stream().map(r -> (Integer) r.getAs("task_id")).sorted().toList())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(rows(GoldTables.RUNS, "")).allSatisfy(r -> assertThat(r.<String>getAs("run_id"))
                .isEqualTo(result.runId()));
        assertThat(result.outOfSample()).extracting(o -> o.summary().taskId()).containsExactly(6, 7);
        assertThat(result.outOfSample().get(1).combinations()).extracting(OutOfSampleSeries.Combination::taskId)
                .containsExactly(3, 4, 5);
    }

    @Test
    void theReportHasASectionForEachSeries() throws Exception {
        String report = java.nio.file.Files.readString(Path.of(java.net.URI.create(outcome.reportUri())));
        assertThat(report).contains("<h2>wf[walk-forward] — ^SPX</h2>", "<h2>split[out-of-sample] — ^SPX</h2>",
                "walk-forward: train 2w, test 1w, select-by sharpe; the combination best on each training window");
        // the in-sample figures in full, read back from gold
        assertThat(report).doesNotContain("gold keeps its Sharpe ratio only");
        String sections = dev.tradingpipeline.jobs.report.OutOfSampleSection.render(
                StrategyMode.outOfSampleSections(result));
        assertThat(sections).contains("id=\"out-of-sample-1\"", "id=\"out-of-sample-2\"", "class=\"oos-window\"",
                "Each point is a window", "Each point is a combination");
    }

    @Test
    void aCheckNotMadeIsInGoldAndTheReportSaysWhy() throws Exception {
        // a strategy of no sweep split after the data ends (Apr 10): no out-of-sample day, nothing to run
        List<StrategyDefinition> late = StrategyConfig.parse(TradingConfig.parse("strategies:\n"
                + "  - name: late\n    family: short_put\n    params: {dte_min: 3, dte_target: 7, dte_max: 12}\n"
                + "    underlyings: [^SPX]\n    capital: 100000\n"
                + "    evaluation: {in-sample: {end: 2024-06-28}}\n", "config.yaml", ".", Map.of(), "--set "));
        StrategyMode.Outcome run = new StrategyMode(spark, config).run(late);
        String id = run.result().runId();
        assertThat(run.result().outOfSample()).singleElement()
                .satisfies(o -> assertThat(o.skipped()).startsWith("no out-of-sample day"));

        List<Row> windows = spark.sql("SELECT task_id, strategy, underlying, window_number, select_by,"
                + " selected_task_id, skipped FROM " + catalog + "." + GoldTables.WINDOWS + " WHERE run_id = '" + id
                + "'").collectAsList();
        assertThat(windows).singleElement().satisfies(w -> {
            assertThat(w.getInt(0)).isEqualTo(1); // the series' id: after the one configured task
            assertThat(w.getString(1)).isEqualTo("late[out-of-sample]");
            assertThat(w.getString(2)).isEqualTo("^SPX");
            assertThat(w.isNullAt(3)).as("no window").isTrue();
            assertThat(w.getString(4)).isEqualTo("sharpe");
            assertThat(w.getInt(5)).isEqualTo(0);
            assertThat(w.getString(6)).isEqualTo("no out-of-sample day: the data ends on 2024-04-10, on or before"
                    + " the in-sample end 2024-06-28");
        });
        // the report, read from gold, shows it with the strategy checked
        String report = java.nio.file.Files.readString(Path.of(java.net.URI.create(run.reportUri())));
        assertThat(report).contains("Out of sample: late — ^SPX", "Not checked: no out-of-sample day: the data ends on"
                + " 2024-04-10");
    }

    private static List<LocalDate> between(List<LocalDate> days, LocalDate from, LocalDate before) {
        return days.stream().filter(d -> !d.isBefore(from) && d.isBefore(before)).toList();
    }

    /** Annualised Sharpe of the daily returns of days from..to, the first from the equity of the day before. */
    private static double naiveSharpe(TreeMap<LocalDate, Double> equity, LocalDate from, LocalDate to) {
        Map.Entry<LocalDate, Double> before = equity.lowerEntry(from);
        double previous = before == null ? CAPITAL : before.getValue();
        List<Double> returns = new ArrayList<>();
        for (double e : equity.subMap(from, true, to, true).values()) {
            returns.add(e / previous - 1);
            previous = e;
        }
        double mean = returns.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double var = returns.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum() / (returns.size() - 1);
        return var == 0 ? Double.NaN : mean / Math.sqrt(var) * Math.sqrt(252);
    }

    private static final Map<Integer, TreeMap<LocalDate, Double>> EQUITY = new LinkedHashMap<>();

    /** A combination's end-of-day equity from gold.strategy_daily. */
    private static synchronized TreeMap<LocalDate, Double> equity(int task) {
        return EQUITY.computeIfAbsent(task, t -> rows(GoldTables.DAILY, "task_id = " + t).stream()
                .collect(Collectors.toMap(r -> (LocalDate) r.getAs("date"), r -> (Double) r.getAs("equity"),
                        (a, b) -> a, TreeMap::new)));
    }

    private static List<Row> rows(String table, String where) {
        return spark.sql("SELECT * FROM " + catalog + "." + table + " WHERE run_id = '" + result.runId() + "'"
                + (where.isEmpty() || where.startsWith("ORDER") ? " " + where : " AND " + where)).collectAsList();
    }

    /** Day chains built here from every silver row, as StrategyJobTest does. */
    private static List<DayChain> javaChains() {
        List<Row> rows = spark.sql("SELECT * FROM " + catalog + ".silver.option_eod ORDER BY quote_date")
                .collectAsList();
        Map<LocalDate, List<Row>> byDate = rows.stream().collect(Collectors.groupingBy(
                r -> (LocalDate) r.getAs("quote_date"), TreeMap::new, Collectors.toList()));
        List<DayChain> days = new ArrayList<>();
        byDate.forEach((date, dayRows) -> {
            List<OptionQuote> quotes = dayRows.stream().map(r -> new OptionQuote("^SPX", date, r.getAs("root"),
                    r.getAs("expiration"), r.<java.math.BigDecimal>getAs("strike").doubleValue(),
                    OptionRight.fromCode(r.getAs("option_type")), r.getAs("bid_1545"), r.getAs("ask_1545"),
                    r.getAs("bid_eod"), r.getAs("ask_eod"), r.getAs("delta_1545"),
                    r.getAs("implied_volatility_1545"), spot(r, "1545"), r.<Integer>getAs("dte"))).toList();
            days.add(new DayChain(date, "^SPX", spot(dayRows.get(0), "1545"), spot(dayRows.get(0), "eod"), quotes));
        });
        return days;
    }

    private static double spot(Row r, String when) {
        double bid = r.getAs("underlying_bid_" + when);
        double ask = r.getAs("underlying_ask_" + when);
        return bid > 0 && ask > 0 ? (bid + ask) / 2 : r.<Double>getAs("active_underlying_price_1545");
    }
}
