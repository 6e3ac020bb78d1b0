package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.report.ReportEntry;
import dev.tradingpipeline.jobs.report.Sweep;
import dev.tradingpipeline.jobs.strategy.config.StrategyConfig;
import dev.tradingpipeline.jobs.strategy.config.StrategyDefinition;
import dev.tradingpipeline.jobs.strategy.engine.Conventions;
import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import dev.tradingpipeline.jobs.strategy.engine.SettlementStyles;
import dev.tradingpipeline.jobs.strategy.engine.Trade;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.testing.GoldRows;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A strategy run read back from the gold tables alone: what strategy_runs now records, and that
 * the reader gives back every simulation's summary, daily rows, trades, conventions and sweeps as
 * the run made them, also for tables of an earlier version.
 */
class GoldRunReaderTest {

    private static final LocalDate DATA_START = LocalDate.of(2024, 3, 4);
    private static final String STRATEGIES = "strategies:\n"
            + "  - name: put-write\n    family: put_write\n    underlyings: [^SPX, AAPL]\n    capital: 1000000\n"
            + "    params: {dte_min: 3, dte_target: 7, dte_max: 12}\n    entry: when-flat\n"
            + "  - name: condor\n    family: iron_condor\n    underlyings: [^SPX]\n    capital: 1000000\n"
            + "    params: {dte_min: 3, dte_target: 7, dte_max: 12}\n    entry: when-flat\n    fill: far\n"
            + "    sweep:\n      wing_delta: [0.05, 0.08]\n      short_delta: [0.15, 0.25]\n";

    @TempDir
    static Path root;

    private static SparkSession spark;
    private static TradingConfig config;
    private static String catalog;
    private static List<StrategyDefinition> definitions;
    private static StrategyRunResult result;
    private static GoldRun run;

    @BeforeAll
    static void runOnce() throws Exception {
        spark = SparkTestSession.get();
        catalog = SparkTestSession.loadedSample(root, DATA_START, 12, 1200).get("catalog.name");
        config = TradingConfig.parse("catalog:\n  name: " + catalog + "\npaths:\n  landing: landing\n"
                + "  warehouse: warehouse\n  reports: reports\n" + STRATEGIES, "config.yaml", root.toString(), Map.of(),
                "--set ");
        definitions = StrategyConfig.parse(config);
        result = new StrategyMode(spark, config).run(definitions).result();
        run = new GoldRunReader(spark, config).read(result.runId());
    }

    private static List<StrategySpec> specs() {
        List<StrategySpec> specs = new ArrayList<>();
        definitions.forEach(d -> specs.addAll(StrategyConfig.expand(d)));
        return specs;
    }

    @Test
    void strategyRunsRecordsTheSweepItsParametersAndTheConventionsOfEachTask() {
        List<Row> rows = spark.sql("SELECT task_id, underlying, sweep, swept_parameters, conventions FROM " + catalog
                + ".gold.strategy_runs WHERE run_id = '" + result.runId() + "' ORDER BY task_id, underlying")
                .collectAsList();
        // task 0 on AAPL and ^SPX, then the 2 x 2 grid, wing_delta varying slowest
        assertThat(rows).extracting(r -> r.getInt(0) + " " + r.getString(1) + " " + r.getString(2))
                .containsExactly("0 AAPL null", "0 ^SPX null", "1 ^SPX condor", "2 ^SPX condor", "3 ^SPX condor",
                        "4 ^SPX condor");
        assertThat(rows.get(0).isNullAt(3)).isTrue();
        assertThat(rows.subList(2, 6)).allSatisfy(r ->
                assertThat(r.<String>getList(3)).containsExactly("wing_delta", "short_delta"));
        List<StrategySpec> specs = specs();
        for (Row r : rows) {
            List<Conventions.Convention> written = r.<Row>getList(4).stream()
                    .map(c -> new Conventions.Convention(c.getString(0), c.getString(1))).toList();
            // no paths.settlements: the default AM roots and no settlement values
            assertThat(written).as("task " + r.getInt(0))
                    .isEqualTo(Conventions.of(specs.get(r.getInt(0)), SettlementStyles.DEFAULT));
        }
        // the condor's far fills are stated, the put-write's mid fills
        assertThat(rows.get(0).<Row>getList(4).get(1).getString(1)).startsWith("at the 15:45 mid;");
        assertThat(rows.get(2).<Row>getList(4).get(1).getString(1)).startsWith("at the far side");
    }

    @Test
    void theReaderGivesBackEverySimulationAsTheRunMadeIt() {
        assertThat(run.runId()).isEqualTo(result.runId());
        assertThat(run.startedAt()).isNotNull().isBefore(Instant.now());
        // by task, then underlying by name
        assertThat(run.simulations()).extracting(s -> s.taskId() + " " + s.entry().underlying())
                .containsExactly("0 AAPL", "0 ^SPX", "1 ^SPX", "2 ^SPX", "3 ^SPX", "4 ^SPX");
        assertThat(run.simulations()).allSatisfy(s -> {
            assertThat(s.kind()).isEqualTo(GoldTables.KIND_SIMULATION);
            assertThat(s.detailed()).isTrue();
        });
        assertThat(run.simulations()).extracting(GoldRun.Simulation::sweep)
                .containsExactly(null, null, "condor", "condor", "condor", "condor");
        List<StrategySpec> specs = specs();
        for (GoldRun.Simulation s : run.simulations()) {
            ReportEntry e = s.entry();
            TaskSummary expected = result.summaries().stream()
                    .filter(t -> t.taskId() == s.taskId() && t.underlying().equals(e.underlying())).findFirst()
                    .orElseThrow();
            assertThat(e.strategy()).isEqualTo(expected.strategy());
            assertThat(e.summary()).isEqualTo(expected.metrics());
            assertThat(e.parameters()).isEqualTo(expected.parameters());
            assertThat(e.conventions()).isEqualTo(Conventions.of(specs.get(s.taskId()), SettlementStyles.DEFAULT));
            assertThat(e.daily()).as(e.strategy()).isNotEmpty().isEqualTo(daily(s.taskId(), e.underlying()));
            assertThat(e.trades()).as(e.strategy()).isEqualTo(trades(s.taskId(), e.underlying()));
        }
        assertThat(run.simulations()).anySatisfy(s -> assertThat(s.entry().trades()).isNotEmpty());
        // swept parameters first, in the sweep's order, then the others by name
        assertThat(run.simulations().get(2).entry().parameters().keySet())
                .containsExactly("wing_delta", "short_delta", "dte_max", "dte_min", "dte_target");
    }

    @Test
    void theSweepIsGroupedByItsEntryInTaskOrder() {
        assertThat(run.sweeps()).hasSize(1);
        Sweep sweep = run.sweeps().get(0);
        assertThat(sweep.family()).isEqualTo("condor");
        assertThat(sweep.rowParameter()).isEqualTo("wing_delta");
        assertThat(sweep.columnParameter()).isEqualTo("short_delta");
        assertThat(sweep.entries()).extracting(ReportEntry::strategy).containsExactly(
                "condor[wing_delta=0.05,short_delta=0.15]", "condor[wing_delta=0.05,short_delta=0.25]",
                "condor[wing_delta=0.08,short_delta=0.15]", "condor[wing_delta=0.08,short_delta=0.25]");
        assertThat(sweep.entries()).isEqualTo(run.entries().subList(2, 6));
    }

    @Test
    void onlyTheDetailedSimulationsGetTheirTradesAndSweepPointsKeepTheirDailyRows() {
        List<GoldRun.Simulation> offered = new ArrayList<>();
        GoldRun some = new GoldRunReader(spark, config).read(result.runId(), summaries -> {
            offered.addAll(summaries);
            return Set.of(2);
        });

        // the choice is made on the summaries alone
        assertThat(offered).extracting(s -> s.entry().summary())
                .isEqualTo(run.simulations().stream().map(s -> s.entry().summary()).toList());
        assertThat(offered).allSatisfy(s -> {
            assertThat(s.entry().daily()).isEmpty();
            assertThat(s.entry().trades()).isEmpty();
        });

        assertThat(some.simulations()).extracting(GoldRun.Simulation::detailed)
                .containsExactly(false, false, false, true, false, false);
        // the put-write is neither detailed nor in a sweep: its summary only
        for (int i = 0; i < 2; i++) {
            ReportEntry e = some.simulations().get(i).entry();
            assertThat(e.daily()).isEmpty();
            assertThat(e.trades()).isEmpty();
            assertThat(e.summary()).isEqualTo(run.simulations().get(i).entry().summary());
        }
        for (int i = 2; i < 6; i++) {
            ReportEntry e = some.simulations().get(i).entry();
            assertThat(e.daily()).as("sweep point %d", i).isEqualTo(run.simulations().get(i).entry().daily());
            assertThat(e.trades()).as("sweep point %d", i)
                    .isEqualTo(i == 3 ? run.simulations().get(i).entry().trades() : List.of());
        }
        assertThat(some.sweeps().get(0).entries()).hasSize(4);
    }

    @Test
    void tablesOfAnEarlierVersionStillRenderWithoutSweepsOrConventions() throws Exception {
        TradingConfig older = SparkTestSession.newConfig(root.resolve("older"), Map.of());
        String old = older.get("catalog.name");
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + old + ".gold");
        // strategy_runs and strategy_summary as a version before sweep, swept_parameters,
        // conventions (and kind) wrote them
        spark.sql("CREATE TABLE " + old + ".gold.strategy_runs USING iceberg AS SELECT run_id, task_id, strategy,"
                + " underlying, strategy_class, parameters, spec, config_hash, code_version, data_start, data_end,"
                + " started_at FROM " + catalog + ".gold.strategy_runs WHERE run_id = '" + result.runId() + "'");
        spark.table(catalog + ".gold.strategy_summary").filter("run_id = '" + result.runId() + "'").drop("kind")
                .writeTo(old + ".gold.strategy_summary").using("iceberg").create();
        for (String t : List.of("strategy_daily", "strategy_trades")) {
            spark.sql("CREATE TABLE " + old + ".gold." + t + " USING iceberg AS SELECT * FROM " + catalog + ".gold."
                    + t + " WHERE run_id = '" + result.runId() + "'");
        }

        GoldRun read = new GoldRunReader(spark, older).read(result.runId());

        assertThat(read.sweeps()).isEmpty();
        assertThat(read.simulations()).hasSize(run.simulations().size());
        for (int i = 0; i < read.simulations().size(); i++) {
            GoldRun.Simulation was = run.simulations().get(i);
            GoldRun.Simulation s = read.simulations().get(i);
            assertThat(s.kind()).isEqualTo(GoldTables.KIND_SIMULATION);
            assertThat(s.sweep()).isNull();
            assertThat(s.entry().conventions()).isEmpty();
            assertThat(s.entry().summary()).isEqualTo(was.entry().summary());
            assertThat(s.entry().daily()).isEqualTo(was.entry().daily());
            assertThat(s.entry().trades()).isEqualTo(was.entry().trades());
            // without the sweep's order, parameters by name
            assertThat(new ArrayList<>(s.entry().parameters().keySet()))
                    .isEqualTo(was.entry().parameters().keySet().stream().sorted().toList());
        }
        String html = read.report(Instant.EPOCH).render();
        assertThat(html).contains("condor[wing_delta=0.05,short_delta=0.15]").doesNotContain("<table class=\"sweep-ranking\"");

        // the next strategy run adds the columns; the old run's rows read them as null, the same way
        new GoldTables(spark, older).ensure();
        assertThat(spark.table(old + ".gold.strategy_runs").columns()).contains("sweep", "conventions");
        assertThat(new GoldRunReader(spark, older).read(result.runId()).entries()).isEqualTo(read.entries());
    }

    @Test
    void anUnknownRunIdNamesTheLatestRunsAndLatestIsTheNewest() {
        assertThatThrownBy(() -> new GoldRunReader(spark, config).read("20990101T000000Z-nope"))
                .isInstanceOf(GoldRunReader.UnknownRunException.class)
                .hasMessageContaining("no strategy run '20990101T000000Z-nope' in " + catalog + ".gold.strategy_runs")
                .hasMessageContaining("the latest: " + result.runId() + " (")
                .hasMessageContaining("mvn trading:report lists them all");
        assertThat(new GoldRunReader(spark, config).read(GoldRunReader.LATEST, GoldRunReader.Detail.of(Set.of())).runId())
                .isEqualTo(result.runId());
    }

    @Test
    void withoutGoldTablesThereIsNoRunToReadOrList() {
        TradingConfig empty = SparkTestSession.newConfig(root.resolve("empty"), Map.of());
        GoldRunReader reader = new GoldRunReader(spark, empty);

        assertThat(reader.tablesExist()).isFalse();
        assertThat(reader.runs(50).total()).isZero();
        assertThat(reader.runs(50).lines()).containsExactly(
                "no strategy run in gold.strategy_runs yet: run -Dmode=strategy first");
        assertThatThrownBy(() -> reader.read("x"))
                .isInstanceOf(GoldRunReader.NoRunsException.class)
                .hasMessageStartingWith("no strategy run yet: run -Dmode=strategy first (")
                .hasMessageContaining(empty.get("catalog.name") + ".gold.strategy_runs");
    }

    @Test
    void theListingCountsStrategiesOnceAndSimulationsAndFindsTheBestSharpe() {
        RunListing listing = new GoldRunReader(spark, config).runs(50);
        RunListing.Run r = listing.runs().stream().filter(x -> x.runId().equals(result.runId())).findFirst()
                .orElseThrow();

        assertThat(r.strategies()).containsExactly("condor", "put-write");
        assertThat(r.simulations()).isEqualTo(6);
        assertThat(r.startedAt()).isEqualTo(run.startedAt());
        // the best defined Sharpe ratio, computed here from the run's summaries
        TaskSummary best = result.summaries().stream().filter(s -> !Double.isNaN(s.metrics().sharpe()))
                .max((a, b) -> Double.compare(a.metrics().sharpe(), b.metrics().sharpe())).orElseThrow();
        assertThat(r.bestSharpe()).isEqualTo(best.metrics().sharpe());
        assertThat(r.best()).isEqualTo(best.strategy() + " on " + best.underlying());
    }

    private List<DailyRow> daily(int task, String underlying) {
        return spark.sql("SELECT * FROM " + catalog + ".gold.strategy_daily WHERE run_id = '" + result.runId()
                + "' AND task_id = " + task + " AND underlying = '" + underlying + "' ORDER BY date").collectAsList()
                .stream().map(r -> new DailyRow(r.getAs("date"), r.getAs("equity"), r.getAs("cash"),
                        r.getAs("exposure"), r.getAs("daily_pnl"), r.getAs("drawdown"))).toList();
    }

    private List<Trade> trades(int task, String underlying) {
        List<Trade> out = new ArrayList<>();
        for (Row r : spark.sql("SELECT * FROM " + catalog + ".gold.strategy_trades WHERE run_id = '"
                + result.runId() + "' AND task_id = " + task + " AND underlying = '" + underlying
                + "' ORDER BY entry_date, position_id").collectAsList()) {
            out.add(GoldRows.trade(r));
        }
        return out;
    }

    @Test
    void parametersPutTheSweptOnesFirst() {
        Map<String, Double> all = new LinkedHashMap<>();
        all.put("dte_target", 30.0);
        all.put("short_delta", 0.2);
        all.put("delta_band", 0.1);
        all.put("wing_delta", 0.05);
        assertThat(GoldRunReader.parameters(all, List.of("wing_delta", "short_delta")).keySet())
                .containsExactly("wing_delta", "short_delta", "delta_band", "dte_target");
        assertThat(GoldRunReader.parameters(all, List.of()).keySet())
                .containsExactly("delta_band", "dte_target", "short_delta", "wing_delta");
        assertThat(new HashSet<>(GoldRunReader.parameters(all, List.of("missing")).values()))
                .containsExactlyInAnyOrder(30.0, 0.2, 0.1, 0.05);
    }
}
