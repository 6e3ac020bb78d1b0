package dev.tradingpipeline.jobs.strategy.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.strategy.config.ConfiguredStrategies;
import dev.tradingpipeline.jobs.strategy.config.StrategyConfig;
import dev.tradingpipeline.jobs.strategy.engine.SimulationStatistics;
import dev.tradingpipeline.jobs.testing.NaiveStatistics;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two-strategy portfolios run by the strategy mode on a few weeks of ingested sample data: their
 * members run in the same run, in one shard and one shared account per portfolio, and the account,
 * its members' contributions and correlations and its dates over margin are rows of the gold
 * tables, checked here against the members' own rows; and a portfolio whose first member's entry
 * leaves the second little buying power.
 */
class PortfolioJobTest {

    private static final String CONFIG = """
            strategies:
              - name: put-write
                family: put_write
                params: {dte_min: 3, dte_target: 7, dte_max: 12}
                underlyings: [^SPX]
                start: 2024-03-06
                end: 2024-04-03
                entry: when-flat
                capital: 1000000
                cash-rate: 0.04
              - name: condor
                family: iron_condor
                params: {dte_min: 5, dte_target: 10, dte_max: 20}
                underlyings: [^SPX, AAPL]
                start: 2024-03-06
                end: 2024-04-03
                entry: when-flat
                exit: {dte: 1, take-profit: 0.5, stop-loss: 2.0}
                contracts: 2
            portfolios:
              - name: income
                capital: 1000000
                members:
                  - {strategy: put-write, weight: 0.6}
                  - {strategy: condor, weight: 0.4}
            """;

    @TempDir
    static Path root;

    private static SparkSession spark;
    private static TradingConfig config;
    private static String catalog;

    @BeforeAll
    static void ingest() throws Exception {
        spark = SparkTestSession.get();
        config = SparkTestSession.loadedSample(root, LocalDate.of(2024, 3, 4), 25, 2000);
        catalog = config.get("catalog.name");
    }

    @Test
    void aPortfolioIsComparedWithItsUnderlyingsBuyAndHoldOrASeriesLikeAnySimulation() throws Exception {
        // a CSV series with a value every calendar day of March and April 2024: 100, 101, 102, ...
        StringBuilder csv = new StringBuilder("date,value\n");
        for (int d = 0; d < 61; d++) {
            csv.append(LocalDate.of(2024, 3, 1).plusDays(d)).append(',').append(100 + d).append('\n');
        }
        Path series = Files.writeString(root.resolve("index.csv"), csv.toString());
        String yaml = """
                strategies:
                  - name: pw
                    family: put_write
                    params: {dte_min: 3, dte_target: 7, dte_max: 12}
                    underlyings: [^SPX]
                    start: 2024-03-06
                    end: 2024-04-03
                    entry: when-flat
                    capital: 1000000
                portfolios:
                  - name: spx-book
                    capital: 1000000
                    benchmark: underlying
                    members: [{strategy: pw, weight: 1}]
                  - name: indexed
                    capital: 1000000
                    benchmark: {csv: %s, name: IDX}
                    members: [{strategy: pw, weight: 1}]
                """.formatted(series);
        StrategyMode.Outcome outcome = run(yaml);
        String inRun = " WHERE run_id = '" + outcome.result().runId() + "'";
        // tasks: pw 0; spx-book/pw 1, indexed/pw 2 (members); spx-book 3, indexed 4

        // ^SPX's close each day, straight from silver (its 15:45 active price: an index has no bid and ask)
        Map<LocalDate, Double> close = new LinkedHashMap<>();
        for (Row r : rows("SELECT quote_date, min(CASE WHEN underlying_bid_eod > 0 AND underlying_ask_eod > 0 THEN"
                + " (underlying_bid_eod + underlying_ask_eod) / 2 ELSE active_underlying_price_1545 END)"
                + " FROM {c}.silver.option_eod WHERE underlying_symbol = '^SPX' GROUP BY quote_date")) {
            close.put((LocalDate) r.get(0), r.getDouble(1));
        }
        List<Row> days = rows("SELECT date, equity, benchmark_equity FROM {c}.gold.strategy_daily" + inRun
                + " AND task_id = 3 ORDER BY date");
        assertThat(days).hasSizeGreaterThan(15);
        LocalDate first = (LocalDate) days.get(0).get(0);
        LocalDate last = (LocalDate) days.get(days.size() - 1).get(0);
        for (Row d : days) {
            // bought with the account's 1 000 000 at the first day's close and held
            assertThat(d.getDouble(2)).isCloseTo(1_000_000 * close.get((LocalDate) d.get(0)) / close.get(first),
                    within(1e-6));
        }
        Row spx = rows("SELECT benchmark, benchmark_return, excess_return, benchmark_days, total_return, beta"
                + " FROM {c}.gold.strategy_summary" + inRun + " AND task_id = 3").get(0);
        assertThat(spx.getString(0)).isEqualTo("^SPX buy-and-hold");
        assertThat(spx.getDouble(1)).isCloseTo(close.get(last) / close.get(first) - 1, within(1e-12));
        assertThat(spx.getDouble(2)).isCloseTo(spx.getDouble(4) - spx.getDouble(1), within(1e-12));
        assertThat(spx.getInt(3)).isEqualTo(days.size() - 1); // every day but the first pairs a return
        assertThat(spx.isNullAt(5)).isFalse();

        // the series: its value on the account's last day over that on its first (one a calendar day)
        Row idx = rows("SELECT benchmark, benchmark_return FROM {c}.gold.strategy_summary" + inRun
                + " AND task_id = 4").get(0);
        assertThat(idx.getString(0)).isEqualTo("IDX");
        double v0 = 100 + java.time.temporal.ChronoUnit.DAYS.between(LocalDate.of(2024, 3, 1), first);
        double v1 = 100 + java.time.temporal.ChronoUnit.DAYS.between(LocalDate.of(2024, 3, 1), last);
        assertThat(idx.getDouble(1)).isCloseTo(v1 / v0 - 1, within(1e-12));
        // and the report, read from gold, shows the comparison for the portfolio
        String report = Files.readString(Path.of(java.net.URI.create(outcome.reportUri())));
        assertThat(report).contains("^SPX buy-and-hold", "IDX");
    }

    /** Runs the strategies and portfolios of {@code yaml} on the loaded sample. */
    private static StrategyMode.Outcome run(String yaml) {
        ConfiguredStrategies configured = StrategyConfig.configured(
                TradingConfig.parse(yaml, "config.yaml", root.toString(), Map.of(), "--set "));
        return new StrategyMode(spark, config).run(configured.strategies(), configured.portfolios());
    }

    private List<Row> rows(String sql) {
        return spark.sql(sql.replace("{c}", catalog)).collectAsList();
    }

    @Test
    void thePortfolioIsATaskWhoseDaysAreItsMembersSumWithTheirContributionsAndCorrelations() throws Exception {
        StrategyMode.Outcome outcome = run(CONFIG);
        String run = outcome.result().runId();
        String inRun = " WHERE run_id = '" + run + "'";

        // tasks: put-write 0, condor 1 (configured); income/put-write 2, income/condor 3 (members); income 4
        assertThat(outcome.portfolios()).hasSize(1);
        PortfolioJob.Portfolio income = outcome.portfolios().get(0);
        assertThat(income.taskId()).isEqualTo(4);
        List<Row> runs = rows("SELECT task_id, strategy, underlying, kind, parameters, config_hash, data_start"
                + " FROM {c}.gold.strategy_runs" + inRun + " ORDER BY task_id, underlying");
        assertThat(runs).extracting(r -> r.getInt(0) + " " + r.getString(1) + " " + r.getString(2) + " "
                + r.getString(3)).containsExactly(
                        "0 put-write ^SPX simulation",
                        "1 condor AAPL simulation",
                        "1 condor ^SPX simulation",
                        "2 income/put-write ^SPX simulation",
                        "3 income/condor AAPL simulation",
                        "3 income/condor ^SPX simulation",
                        "4 income ^SPX,AAPL portfolio");
        Row portfolioRun = runs.get(6);
        assertThat(portfolioRun.<String, Double>getJavaMap(4)).isEqualTo(Map.of("put-write/^SPX", 0.6,
                "condor/^SPX", 0.2, "condor/AAPL", 0.2));
        assertThat(portfolioRun.getString(5)).hasSize(64);

        // each member sizes from its share of the account's equity at 15:45 (on the first day its capital):
        // SPX near 4 700, one cash-secured put ties up about 470 000, so the configured 1 000 000 writes two
        // puts and the member's 0.6 x 1 000 000 = 600 000 writes one
        assertThat(firstQuantity(run, 0)).isEqualTo(-2);
        assertThat(firstQuantity(run, 2)).isEqualTo(-1);
        assertThat(rows("SELECT spec FROM {c}.gold.strategy_runs" + inRun + " AND task_id = 3").get(0).getString(0))
                .contains("sizing=Sizing[capital=200000.0, fixedUnits=2");

        // the account's days are the members' sums, date by date (every member has every date here)
        List<Row> sums = rows("SELECT date, sum(equity), sum(cash), sum(exposure) FROM {c}.gold.strategy_daily"
                + inRun + " AND task_id IN (2, 3) GROUP BY date ORDER BY date");
        List<Row> account = rows("SELECT date, equity, cash, exposure, daily_pnl, drawdown, strategy, underlying"
                + " FROM {c}.gold.strategy_daily" + inRun + " AND task_id = 4 ORDER BY date");
        assertThat(account).hasSize(sums.size()).hasSizeGreaterThan(15);
        double previous = 1_000_000;
        double peak = 1_000_000;
        for (int t = 0; t < account.size(); t++) {
            Row a = account.get(t);
            Row s = sums.get(t);
            assertThat((LocalDate) a.get(0)).isEqualTo((LocalDate) s.get(0));
            assertThat(a.getDouble(1)).isCloseTo(s.getDouble(1), within(1e-6));
            assertThat(a.getDouble(2)).isCloseTo(s.getDouble(2), within(1e-6));
            assertThat(a.getDouble(3)).isCloseTo(s.getDouble(3), within(1e-6));
            assertThat(a.getDouble(4)).isCloseTo(a.getDouble(1) - previous, within(1e-6));
            peak = Math.max(peak, a.getDouble(1));
            assertThat(a.getDouble(5)).isCloseTo(a.getDouble(1) / peak - 1, within(1e-12));
            assertThat(a.getString(6)).isEqualTo("income");
            assertThat(a.getString(7)).isEqualTo("^SPX,AAPL");
            previous = a.getDouble(1);
        }
        double finalEquity = previous;
        assertThat(rows("SELECT count(*) FROM {c}.gold.strategy_trades" + inRun + " AND task_id = 4").get(0)
                .getLong(0)).as("the portfolio's trades are its members'").isZero();

        Row summary = rows("SELECT kind, total_return, trade_count, ruin_date, note_count, max_drawdown,"
                + " parameters FROM {c}.gold.strategy_summary" + inRun + " AND task_id = 4").get(0);
        assertThat(summary.getString(0)).isEqualTo("portfolio");
        assertThat(summary.getDouble(1)).isCloseTo(finalEquity / 1_000_000 - 1, within(1e-12));
        long memberTrades = rows("SELECT count(*) FROM {c}.gold.strategy_trades" + inRun + " AND task_id IN (2, 3)")
                .get(0).getLong(0);
        assertThat(memberTrades).isPositive();
        assertThat(summary.getInt(2)).isEqualTo((int) memberTrades);
        assertThat(summary.isNullAt(3)).as("not ruined").isTrue();
        assertThat(summary.getInt(4)).isEqualTo(income.outcome().notes().size());
        assertThat(summary.getDouble(5)).isEqualTo(income.metrics().maxDrawdown());
        assertThat(rows("SELECT kind FROM {c}.gold.strategy_summary" + inRun + " AND task_id < 4"))
                .extracting(r -> r.getString(0)).containsOnly("simulation").hasSize(6);

        // the account has its PSR and bootstrap intervals like any simulation: those of its own equity
        // series as gold holds it, at the members' cash rates weighted by their shares
        Row stats = rows("SELECT psr, sharpe_ci_low, sharpe_ci_high, cagr_ci_low, cagr_ci_high, max_drawdown_ci_low,"
                + " max_drawdown_ci_high, bootstrap_draws, in_sample_sharpe FROM {c}.gold.strategy_summary" + inRun
                + " AND task_id = 4").get(0);
        double cashRate = income.members().stream().mapToDouble(m -> m.weight() * m.cashRate()).sum();
        SimulationStatistics expected = SimulationStatistics.of(1_000_000,
                account.stream().mapToDouble(r -> r.getDouble(1)).toArray(), cashRate,
                SimulationStatistics.settings(config));
        assertThat(expected.bootstrap().draws()).isPositive();
        assertThat(stats.getDouble(0)).isEqualTo(expected.psr()).isBetween(0.0, 1.0);
        assertThat(stats.getDouble(1)).isEqualTo(expected.bootstrap().sharpe().low());
        assertThat(stats.getDouble(2)).isEqualTo(expected.bootstrap().sharpe().high())
                .isGreaterThan(stats.getDouble(1));
        assertThat(stats.getDouble(3)).isEqualTo(expected.bootstrap().cagr().low());
        assertThat(stats.getDouble(4)).isEqualTo(expected.bootstrap().cagr().high());
        assertThat(stats.getDouble(5)).isEqualTo(expected.bootstrap().maxDrawdown().low());
        assertThat(stats.getDouble(6)).isEqualTo(expected.bootstrap().maxDrawdown().high());
        assertThat(stats.getInt(7)).isEqualTo(expected.bootstrap().draws());
        assertThat(stats.isNullAt(8)).as("no out-of-sample check of a portfolio").isTrue();

        // one row per member simulation, checked against the members' own daily rows
        List<Row> members = rows("SELECT member_task_id, strategy, underlying, weight, capital, pnl, contribution,"
                + " return_contribution, correlations, task_id, portfolio FROM {c}.gold.portfolio_members" + inRun
                + " ORDER BY member_task_id, underlying");
        assertThat(members).extracting(r -> r.getInt(0) + " " + r.getString(1) + "/" + r.getString(2) + " "
                + r.getDouble(3) + " " + r.getDouble(4)).containsExactly(
                        "2 put-write/^SPX 0.6 600000.0",
                        "3 condor/AAPL 0.2 200000.0",
                        "3 condor/^SPX 0.2 200000.0");
        assertThat(members).allSatisfy(r -> {
            assertThat(r.getInt(9)).isEqualTo(4);
            assertThat(r.getString(10)).isEqualTo("income");
        });
        double portfolioPnl = finalEquity - 1_000_000;
        Map<String, double[]> returns = new LinkedHashMap<>();
        double sumContribution = 0;
        double sumReturnContribution = 0;
        for (Row m : members) {
            List<Row> days = rows("SELECT equity FROM {c}.gold.strategy_daily" + inRun + " AND task_id = "
                    + m.getInt(0) + " AND underlying = '" + m.getString(2) + "' ORDER BY date");
            double last = days.get(days.size() - 1).getDouble(0);
            assertThat(m.getDouble(5)).isCloseTo(last - m.getDouble(4), within(1e-6));
            assertThat(m.getDouble(6)).isCloseTo(m.getDouble(5) / portfolioPnl, within(1e-9));
            assertThat(m.getDouble(7)).isCloseTo(m.getDouble(5) / 1_000_000, within(1e-12));
            sumContribution += m.getDouble(6);
            sumReturnContribution += m.getDouble(7);
            double[] r = new double[days.size()];
            double before = m.getDouble(4);
            for (int t = 0; t < days.size(); t++) {
                r[t] = days.get(t).getDouble(0) / before - 1;
                before = days.get(t).getDouble(0);
            }
            returns.put(m.getString(1) + "/" + m.getString(2), r);
        }
        assertThat(sumContribution).isCloseTo(1, within(1e-9));
        // the dates over margin, on every member row: the account's days with exposure above equity
        long overMargin = rows("SELECT count(*) FROM {c}.gold.strategy_daily" + inRun
                + " AND task_id = 4 AND exposure > equity").get(0).getLong(0);
        assertThat(rows("SELECT DISTINCT over_margin_days FROM {c}.gold.portfolio_members" + inRun))
                .extracting(r -> (long) r.getInt(0)).containsExactly(overMargin);
        assertThat(income.outcome().overMarginDays()).isEqualTo((int) overMargin);
        assertThat(sumReturnContribution).isCloseTo(summary.getDouble(1), within(1e-9));

        // the correlation matrix as rows: each member's correlations, keyed by member, against a naive
        // two-pass Pearson correlation of the members' daily returns from their gold rows
        for (Row m : members) {
            Map<String, Double> correlations = m.getJavaMap(8);
            String key = m.getString(1) + "/" + m.getString(2);
            assertThat(correlations).containsOnlyKeys(returns.keySet());
            for (Map.Entry<String, Double> c : correlations.entrySet()) {
                assertThat(c.getValue()).as(key + " with " + c.getKey())
                        .isCloseTo(NaiveStatistics.pearson(returns.get(key), returns.get(c.getKey())), within(1e-9));
            }
            assertThat(correlations.get(key)).isCloseTo(1, within(1e-12));
        }

        // the report shows the account like any simulation
        String page = Files.readString(Path.of(java.net.URI.create(outcome.reportUri())));
        assertThat(page).contains("income").contains("income/put-write").contains("the members share one account");
    }

    private static final String SHARED = """
            strategies:
              - name: spx-puts
                family: put_write
                params: {dte_min: 5, dte_target: 10, dte_max: 20}
                underlyings: [^SPX]
                start: 2024-03-06
                end: 2024-04-03
                entry: when-flat
                contracts: 2
              - name: aapl-puts
                family: put_write
                params: {dte_min: 5, dte_target: 10, dte_max: 20}
                underlyings: [AAPL]
                start: 2024-03-06
                end: 2024-04-03
                entry: when-flat
            portfolios:
              - name: tight
                capital: 1000000
                members:
                  - {strategy: spx-puts, weight: 0.5}
                  - {strategy: aapl-puts, weight: 0.5}
            """;

    /**
     * Two strategies on two underlyings in one account of 1 000 000, weights 0.5 and 0.5, run in one
     * shard in lockstep. On 2024-03-06 the ^SPX member (first) writes its fixed 2 puts of strike K_s
     * (about 4 700): they tie up 2 x K_s x 100, about 940 000, which fits the account's 1 000 000. Its
     * fills are at the mid, so its equity at 15:45 is its 500 000 less the commission 2 x 0.65.
     *
     * <p>Then the AAPL member: its budget is 0.5 x 999 998.70 = 499 999.35, but the account's free
     * buying power is 999 998.70 - 2 x K_s x 100 (about 60 000): it writes floor(free / (K_a x 100))
     * puts of strike K_a (about 185, so 18 500 each: about 3), not the budget's floor(499 999.35 /
     * (K_a x 100)) (about 27). On its own, in its own simulation, nothing would have held it back.
     */
    @Test
    void thePortfoliosMembersShareTheAccountsBuyingPowerInOneShard() throws Exception {
        StrategyMode.Outcome outcome = run(SHARED);
        String run = outcome.result().runId();
        String inRun = " WHERE run_id = '" + run + "'";
        // tasks: spx-puts 0, aapl-puts 1; tight/spx-puts 2, tight/aapl-puts 3 (members); tight 4

        Row spx = firstTrade(run, 2);
        Row aapl = firstTrade(run, 3);
        assertThat((LocalDate) spx.get(0)).isEqualTo(LocalDate.of(2024, 3, 6));
        assertThat((LocalDate) aapl.get(0)).isEqualTo(LocalDate.of(2024, 3, 6));
        double strikeSpx = spx.getDouble(2);
        double strikeAapl = aapl.getDouble(2);
        assertThat(spx.getInt(1)).isEqualTo(-2);
        double equity1545 = 1_000_000 - 2 * 0.65;
        double free = equity1545 - 2 * strikeSpx * 100;
        int expected = (int) Math.floor(free / (strikeAapl * 100) + 1e-9);
        int budget = (int) Math.floor(0.5 * equity1545 / (strikeAapl * 100) + 1e-9);
        assertThat(expected).isBetween(1, budget - 1);
        assertThat(aapl.getInt(1)).isEqualTo(-expected);

        // the account's first day: both entries within its buying power, its rows the members' sums
        Row first = rows("SELECT equity, exposure FROM {c}.gold.strategy_daily" + inRun
                + " AND task_id = 4 ORDER BY date LIMIT 1").get(0);
        assertThat(first.getDouble(1)).isCloseTo((2 * strikeSpx + expected * strikeAapl) * 100, within(1e-6))
                .isLessThanOrEqualTo(equity1545);
        List<Row> sums = rows("SELECT date, sum(equity), sum(exposure) FROM {c}.gold.strategy_daily" + inRun
                + " AND task_id IN (2, 3) GROUP BY date ORDER BY date");
        List<Row> account = rows("SELECT date, equity, exposure FROM {c}.gold.strategy_daily" + inRun
                + " AND task_id = 4 ORDER BY date");
        assertThat(account).hasSize(sums.size()).hasSizeGreaterThan(15);
        for (int t = 0; t < account.size(); t++) {
            assertThat(account.get(t).getDouble(1)).isCloseTo(sums.get(t).getDouble(1), within(1e-6));
            assertThat(account.get(t).getDouble(2)).isCloseTo(sums.get(t).getDouble(2), within(1e-6));
        }
        long overMargin = account.stream().filter(r -> r.getDouble(2) > r.getDouble(1)).count();
        assertThat(rows("SELECT strategy, underlying, over_margin_days FROM {c}.gold.portfolio_members" + inRun
                + " ORDER BY member_task_id")).extracting(r -> r.getString(0) + "/" + r.getString(1) + " "
                        + r.getInt(2)).containsExactly("spx-puts/^SPX " + overMargin, "aapl-puts/AAPL " + overMargin);

        // a member's conventions name its account; the configured strategy's do not
        Row conventions = rows("SELECT filter(conventions, c -> c.topic = 'Account')[0].rule,"
                + " filter(conventions, c -> c.topic = 'Sizing')[0].rule FROM {c}.gold.strategy_runs" + inRun
                + " AND task_id = 3").get(0);
        assertThat(conventions.getString(0)).startsWith("a member of portfolio 'tight'");
        assertThat(conventions.getString(1)).contains("0.5000 x the account's equity at 15:45");
        assertThat(rows("SELECT size(filter(conventions, c -> c.topic = 'Account')) FROM {c}.gold.strategy_runs"
                + inRun + " AND task_id = 1").get(0).getInt(0)).isZero();

        // the configured aapl-puts, a simulation of its own with the default 100 000, sizes from that alone
        Row alone = firstTrade(run, 1);
        assertThat(alone.getInt(1)).isEqualTo(-(int) Math.floor(100_000 / (alone.getDouble(2) * 100) + 1e-9));
    }

    /** The first trade of a task: entry date, the quantity and strike of its one leg. */
    private Row firstTrade(String run, int task) {
        return rows("SELECT entry_date, legs[0].quantity, legs[0].strike, size(legs) FROM {c}.gold.strategy_trades"
                + " WHERE run_id = '" + run + "' AND task_id = " + task + " ORDER BY entry_date, position_id LIMIT 1")
                .get(0);
    }

    private int firstQuantity(String run, int task) {
        Row first = rows("SELECT legs FROM {c}.gold.strategy_trades WHERE run_id = '" + run + "' AND task_id = "
                + task + " ORDER BY entry_date, position_id LIMIT 1").get(0);
        List<Row> legs = first.getList(0);
        List<Integer> quantities = new ArrayList<>();
        legs.forEach(l -> quantities.add(l.getAs("quantity")));
        assertThat(quantities).hasSize(1);
        return quantities.get(0);
    }
}
