package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.report.PortfolioSection;
import dev.tradingpipeline.jobs.statistics.StationaryBootstrap;
import dev.tradingpipeline.jobs.strategy.config.PortfolioDefinition;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkComparison;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSeries;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import dev.tradingpipeline.jobs.strategy.engine.PortfolioAccount;
import dev.tradingpipeline.jobs.strategy.engine.SimulationStatistics;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import dev.tradingpipeline.jobs.strategy.spec.Margin;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portfolios of a strategy run: after {@link StrategyJob} has run the members (each member a
 * task of the same run, {@link #memberTasks}; a portfolio's members together in one shard, in
 * lockstep in one shared account, {@link dev.tradingpipeline.jobs.strategy.engine.SharedAccount}) and
 * written their rows, sums each portfolio's member rows into its account's series
 * ({@link PortfolioAccount}: the members kept their own books in the shared account, so their sum is
 * the account) and appends the account as a task of its own, {@code kind} portfolio: its days to
 * {@code gold.strategy_daily}, its metrics to {@code gold.strategy_summary}, one row per member
 * simulation to {@code gold.portfolio_members} (with the portfolio's {@code over_margin_days}), and
 * last its {@code gold.strategy_runs} row.
 *
 * <p>The members' days reach the driver aggregated by date, one row per date holding each member's
 * equity, cash and exposure, streamed in date order: the driver keeps the account's own series and
 * one set of co-moments per pair of members, never the members' rows; of the members' trades only
 * their exit date and P&amp;L (for the account's trade statistics).
 */
public final class PortfolioJob {
    private static final Logger LOG = LoggerFactory.getLogger(PortfolioJob.class);

    /** A configured portfolio and the task ids its members run as, in member order. */
    public record Plan(PortfolioDefinition definition, List<Integer> memberTaskIds) {
        public Plan {
            Objects.requireNonNull(definition, "definition");
            memberTaskIds = List.copyOf(memberTaskIds);
            if (memberTaskIds.size() != definition.members().size()) {
                throw new IllegalArgumentException("portfolio '" + definition.name() + "': "
                        + definition.members().size() + " members, " + memberTaskIds.size() + " task ids");
            }
        }
    }

    /**
     * The account against its benchmark.
     *
     * @param name the benchmark's name in the tables
     * @param equity the benchmark scaled to the account's capital on each of its dates (NaN where it has no value)
     */
    public record Compared(String name, BenchmarkComparison comparison, double[] equity) {
    }

    /** One member on one underlying: a simulation of the run. */
    public record MemberSimulation(int taskId, String strategy, String underlying, double weight, double capital,
            double cashRate) {
        /** How the account, its correlations and gold.portfolio_members name it. */
        public String key() {
            return strategy + "/" + underlying;
        }
    }

    /**
     * What one portfolio produced.
     *
     * @param underlying the members' underlyings, comma-separated, as the portfolio's rows name it
     * @param members in the order of {@code outcome.members()}
     */
    public record Portfolio(int taskId, PortfolioDefinition definition, String underlying,
            List<MemberSimulation> members, PortfolioAccount.Outcome outcome, SimulationSummary metrics, int staleMarkContracts,
            SimulationStatistics statistics, Compared benchmark) {

        public String name() {
            return definition.name();
        }

        /** Member weights by key: the portfolio's {@code parameters} in the gold tables and the report. */
        public Map<String, Double> weights() {
            Map<String, Double> w = new LinkedHashMap<>();
            members.forEach(m -> w.put(m.key(), m.weight()));
            return w;
        }

        /** The report's portfolio section ({@link PortfolioSection}) of this portfolio. */
        public PortfolioSection.Model section() {
            return PortfolioSection.Model.of(name(), definition.margin() == Margin.REG_T ? "reg-t" : "cash", outcome,
                    members.stream().map(MemberSimulation::weight).toList());
        }

        public LocalDate dataStart() {
            return outcome.daily().get(0).date();
        }

        public LocalDate dataEnd() {
            return outcome.daily().get(outcome.daily().size() - 1).date();
        }
    }

    /** The topic of the account convention in a portfolio's {@code strategy_runs.conventions}. */
    public static final String ACCOUNT = "Account";

    private final SparkSession spark;
    private final GoldTables gold;
    /** The bootstrap settings of the account's intervals, as of every simulation's. */
    private final StationaryBootstrap.Settings bootstrap;

    private final String silver;
    /** The portfolios' CSV benchmark series by location, read by {@link #prepare} before any data. */
    private Map<String, BenchmarkSeries> benchmarks = Map.of();

    public PortfolioJob(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.gold = new GoldTables(spark, config);
        this.bootstrap = SimulationStatistics.settings(config);
        this.silver = new IcebergTables(spark, config).qualified(IcebergTables.SILVER);
    }

    /**
     * Reads the portfolios' CSV benchmark series: a bad one fails here, before the strategy run reads
     * any data, naming its file and line.
     */
    public PortfolioJob prepare(List<PortfolioDefinition> portfolios) {
        benchmarks = BenchmarkFile.read(portfolios.stream().flatMap(p -> p.benchmark().stream())
                .filter(b -> b.kind() == BenchmarkSpec.Kind.CSV).toList(), spark.sparkContext().hadoopConfiguration());
        return this;
    }

    /** The account against its benchmark, if it has one. */
    private Compared compare(PortfolioDefinition d, String underlying, PortfolioAccount.Outcome outcome,
            double cashRate) {
        BenchmarkSpec spec = d.benchmark().orElse(null);
        if (spec == null) {
            return null;
        }
        List<LocalDate> dates = outcome.daily().stream().map(DailyRow::date).toList();
        BenchmarkSeries series = spec.kind() == BenchmarkSpec.Kind.CSV ? benchmarks.get(spec.csv())
                : underlyingCloses(underlying, spec.nameFor(underlying), dates.get(0), dates.get(dates.size() - 1));
        if (series == null) {
            throw new IllegalStateException("the series of " + spec.where() + " was not read (prepare)");
        }
        double[] aligned = series.alignTo(dates);
        double[] equity = outcome.daily().stream().mapToDouble(DailyRow::equity).toArray();
        return new Compared(series.name(), BenchmarkComparison.compare(equity, outcome.capital(), aligned, cashRate),
                BenchmarkComparison.scaledEquity(aligned, outcome.capital()));
    }

    /**
     * The underlying's close on each day silver has it within the dates, as the simulations take it
     * ({@link ChainRows#underlyingClose}): the mid of its end-of-day bid and ask when both are above zero, else its
     * 15:45 active price (an index's). One row per day reaches the driver; a day without a usable
     * price is left out (the last one before it carries).
     */
    private BenchmarkSeries underlyingCloses(String underlying, String name, LocalDate from, LocalDate to) {
        List<Row> rows = spark.table(silver)
                .filter(col("underlying_symbol").equalTo(underlying).and(col("quote_date").between(from, to)))
                .groupBy(col("quote_date")).agg(functions.min(ChainRows.underlyingClose()).as("close"))
                .filter(col("close").gt(0))
                .orderBy(col("quote_date")).collectAsList();
        List<LocalDate> dates = new ArrayList<>();
        double[] values = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            dates.add(ChainRows.toDate(rows.get(i).get(0)));
            values[i] = rows.get(i).getDouble(1);
        }
        return new BenchmarkSeries(name, dates, values);
    }

    /** The tasks a portfolio's members run as, one per member, to be run with the configured ones. */
    public static List<StrategyTask> memberTasks(PortfolioDefinition portfolio) {
        List<StrategyTask> tasks = new ArrayList<>();
        for (PortfolioDefinition.Member m : portfolio.members()) {
            tasks.add(new StrategyTask(m.spec(), m.strategyClass()));
        }
        return tasks;
    }

    /**
     * Writes the portfolios of run {@code runId}, whose members {@link StrategyJob} has run.
     *
     * @param tasks the run's tasks, by task id
     * @param summaries the run's simulations (for the members' stale-mark counts)
     * @param firstTaskId the first task id no task of the run uses: the portfolios take it and the next ones
     * @return one per portfolio that has at least one member day, in plan order
     */
    public List<Portfolio> run(String runId, List<StrategyTask> tasks, List<TaskSummary> summaries, List<Plan> plans,
            int firstTaskId) {
        if (plans.isEmpty()) {
            return List.of();
        }
        List<List<MemberSimulation>> simulations = new ArrayList<>();
        List<PortfolioAccount> accounts = new ArrayList<>();
        Map<String, int[]> where = new HashMap<>(); // "task\0underlying" -> {portfolio, member}
        Set<Integer> memberTaskIds = new LinkedHashSet<>();
        for (int p = 0; p < plans.size(); p++) {
            Plan plan = plans.get(p);
            List<MemberSimulation> sims = new ArrayList<>();
            for (int m = 0; m < plan.definition().members().size(); m++) {
                PortfolioDefinition.Member member = plan.definition().members().get(m);
                int taskId = plan.memberTaskIds().get(m);
                StrategySpec spec = tasks.get(taskId).spec();
                for (String u : spec.underlyings()) {
                    where.put(taskId + "\u0000" + u, new int[] {p, sims.size()});
                    sims.add(new MemberSimulation(taskId, member.strategy(), u, member.weightPerUnderlying(),
                            spec.sizing().capital(), spec.cashRate()));
                }
                memberTaskIds.add(taskId);
            }
            simulations.add(sims);
            accounts.add(new PortfolioAccount(sims.stream()
                    .map(s -> new PortfolioAccount.Member(s.key(), s.capital())).toList()));
        }

        feed(runId, memberTaskIds, where, simulations, accounts);
        Map<Integer, List<double[]>> trades = tradePnls(runId, memberTaskIds);

        List<Portfolio> out = new ArrayList<>();
        for (int p = 0; p < plans.size(); p++) {
            PortfolioDefinition d = plans.get(p).definition();
            PortfolioAccount.Outcome outcome = accounts.get(p).result();
            if (outcome.daily().isEmpty()) {
                LOG.warn("Portfolio {}: no member has a day of data: skipped", d.name());
                continue;
            }
            List<MemberSimulation> sims = simulations.get(p);
            LocalDate last = outcome.daily().get(outcome.daily().size() - 1).date();
            List<Double> pnls = new ArrayList<>();
            for (int taskId : plans.get(p).memberTaskIds()) {
                for (double[] t : trades.getOrDefault(taskId, List.of())) {
                    if (t[0] <= last.toEpochDay()) {
                        pnls.add(t[1]);
                    }
                }
            }
            // the risk-free rate of the account's Sharpe: the members' cash rates weighted by their shares
            double cashRate = sims.stream().mapToDouble(s -> s.weight() * s.cashRate()).sum();
            SimulationSummary metrics = outcome.summary(cashRate, pnls.stream().mapToDouble(Double::doubleValue).toArray());
            int stale = summaries.stream().filter(s -> sims.stream()
                    .anyMatch(m -> m.taskId() == s.taskId() && m.underlying().equals(s.underlying())))
                    .mapToInt(TaskSummary::staleMarkContracts).sum();
            String underlying = String.join(",", sims.stream().map(MemberSimulation::underlying)
                    .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
            // the account's PSR and bootstrap intervals, as every simulation's: from its own equity series
            double[] equity = outcome.daily().stream().mapToDouble(DailyRow::equity).toArray();
            SimulationStatistics statistics = SimulationStatistics.of(outcome.capital(), equity, cashRate,
                    bootstrap);
            Portfolio portfolio = new Portfolio(firstTaskId + p, d, underlying, sims, outcome, metrics, stale,
                    statistics, compare(d, underlying, outcome, cashRate));
            outcome.notes().forEach(n -> LOG.info("Portfolio {}: {}", d.name(), n));
            out.add(portfolio);
        }
        if (!out.isEmpty()) {
            write(runId, tasks, plans, out);
        }
        return out;
    }

    /** The members' days, aggregated by date in Spark and streamed to the accounts in date order. */
    private void feed(String runId, Set<Integer> memberTaskIds, Map<String, int[]> where,
            List<List<MemberSimulation>> simulations, List<PortfolioAccount> accounts) {
        Dataset<Row> byDate = spark.table(gold.qualified(GoldTables.DAILY))
                .filter(col("run_id").equalTo(runId).and(col("task_id").isin(memberTaskIds.toArray())))
                .groupBy(col("date"))
                .agg(collect_list(struct(col("task_id"), col("underlying"), col("equity"), col("cash"),
                        col("exposure"))).as("members"))
                .orderBy(col("date"));
        Iterator<Row> dates = byDate.toLocalIterator();
        while (dates.hasNext()) {
            Row r = dates.next();
            LocalDate date = ChainRows.toDate(r.get(0));
            List<PortfolioAccount.MemberDay[]> rows = new ArrayList<>();
            simulations.forEach(s -> rows.add(null));
            for (Row m : r.<Row>getList(1)) {
                int[] at = where.get(m.getInt(0) + "\u0000" + m.getString(1));
                if (at == null) {
                    continue;
                }
                if (rows.get(at[0]) == null) {
                    rows.set(at[0], new PortfolioAccount.MemberDay[simulations.get(at[0]).size()]);
                }
                rows.get(at[0])[at[1]] = new PortfolioAccount.MemberDay(m.getDouble(2), m.getDouble(3),
                        m.getDouble(4));
            }
            for (int p = 0; p < accounts.size(); p++) {
                if (rows.get(p) != null) { // a date none of its members has is not the portfolio's
                    accounts.get(p).onDate(date, rows.get(p));
                }
            }
        }
    }

    /** Per member task, each trade's exit day (epoch day) and P&amp;L. */
    private Map<Integer, List<double[]>> tradePnls(String runId, Set<Integer> memberTaskIds) {
        Map<Integer, List<double[]>> out = new HashMap<>();
        Iterator<Row> rows = spark.table(gold.qualified(GoldTables.TRADES))
                .filter(col("run_id").equalTo(runId).and(col("task_id").isin(memberTaskIds.toArray())))
                .select(col("task_id"), col("exit_date"), col("pnl"))
                .toLocalIterator();
        while (rows.hasNext()) {
            Row r = rows.next();
            out.computeIfAbsent(r.getInt(0), k -> new ArrayList<>())
                    .add(new double[] {ChainRows.toDate(r.get(1)).toEpochDay(), r.getDouble(2)});
        }
        return out;
    }

    private void write(String runId, List<StrategyTask> tasks, List<Plan> plans, List<Portfolio> portfolios) {
        List<Row> daily = new ArrayList<>();
        List<Row> summary = new ArrayList<>();
        List<Row> members = new ArrayList<>();
        List<Row> runs = new ArrayList<>();
        Object startedAt = startedAt(runId);
        String version = StrategyJob.codeVersion();
        for (Portfolio p : portfolios) {
            Compared b = p.benchmark();
            for (int i = 0; i < p.outcome().daily().size(); i++) {
                DailyRow d = p.outcome().daily().get(i);
                Double benchmarkEquity = b == null || Double.isNaN(b.equity()[i]) ? null : b.equity()[i];
                daily.add(RowFactory.create(runId, p.taskId(), p.name(), p.underlying(), d.date(), d.equity(), d.cash(),
                        d.exposure(), d.dailyPnl(), d.drawdown(), benchmarkEquity));
            }
            SimulationSummary m = p.metrics();
            Row st = Simulations.statisticsRow(p.statistics());
            // in_sample_sharpe and out_of_sample_sharpe null (no check of a portfolio), then its statistics
            summary.add(RowFactory.create(runId, p.taskId(), p.name(), p.underlying(), p.weights(), m.totalReturn(),
                    m.cagr(), m.volatility(), m.sharpe(), m.sortino(), m.maxDrawdown(), m.calmar(), m.winRate(),
                    m.profitFactor(), m.tradeCount(), m.averageTrade(), m.averageExposure(), p.outcome().notes().size(),
                    p.outcome().ruinDate(), p.staleMarkContracts(), GoldTables.KIND_PORTFOLIO, null, null,
                    st.get(0), st.get(1), st.get(2), st.get(3), st.get(4), st.get(5), st.get(6), st.get(7), st.get(8),
                    st.get(9), b == null ? null : b.name(), b == null ? null : b.comparison().benchmarkReturn(),
                    b == null ? null : b.comparison().excessReturn(), b == null ? null : b.comparison().beta(),
                    b == null ? null : b.comparison().alpha(), b == null ? null : b.comparison().correlation(),
                    b == null ? null : b.comparison().days()));
            for (int i = 0; i < p.members().size(); i++) {
                MemberSimulation s = p.members().get(i);
                PortfolioAccount.MemberResult r = p.outcome().members().get(i);
                members.add(RowFactory.create(runId, p.taskId(), p.name(), s.taskId(), s.strategy(), s.underlying(),
                        s.weight(), s.capital(), r.pnl(), r.contribution(), r.returnContribution(),
                        r.correlations(), p.outcome().overMarginDays()));
            }
            Plan plan = plans.stream().filter(x -> x.definition() == p.definition()).findFirst().orElseThrow();
            String description = describe(plan, tasks);
            runs.add(RowFactory.create(runId, p.taskId(), p.name(), p.underlying(), null, p.weights(), description,
                    sha256(description), version, p.dataStart(), p.dataEnd(), startedAt, GoldTables.KIND_PORTFOLIO, null, null,
                    List.of(RowFactory.create(ACCOUNT, PortfolioAccount.ACCOUNT_RULE))));
        }
        append(daily, GoldTables.DAILY, GoldTables.DAILY_SCHEMA.fields(), runId);
        append(summary, GoldTables.SUMMARY, GoldTables.SUMMARY_SCHEMA.fields(), runId);
        append(members, GoldTables.PORTFOLIO_MEMBERS, GoldTables.PORTFOLIO_MEMBERS_SCHEMA.fields(), runId);
        // last, as StrategyJob does: a task listed in strategy_runs has its rows in the other tables
        append(runs, GoldTables.RUNS, GoldTables.RUNS_SCHEMA.fields(), runId);
    }

    /**
     * Rows holding the first values of a table's {@code fields}, as written here (as many as a row
     * has); null in the columns after them and in any column added to the table since.
     */
    private void append(List<Row> rows, String table, StructField[] fields, String runId) {
        int written = rows.isEmpty() ? fields.length : rows.get(0).length();
        Dataset<Row> df = spark.createDataFrame(rows, new StructType(java.util.Arrays.copyOf(fields, written)));
        gold.append(aligned(df, spark.table(gold.qualified(table)).schema()), table, runId);
    }

    /** {@code rows} with the columns of {@code target}, in its order: those it lacks as typed nulls. */
    static Dataset<Row> aligned(Dataset<Row> rows, StructType target) {
        Set<String> have = Set.of(rows.columns());
        List<Column> columns = new ArrayList<>();
        for (StructField f : target.fields()) {
            columns.add((have.contains(f.name()) ? col(f.name()) : lit(null)).cast(f.dataType()).as(f.name()));
        }
        return rows.select(columns.toArray(Column[]::new));
    }

    /** The run's start as its other tasks' rows have it (an Instant or a Timestamp, as the session reads them). */
    private Object startedAt(String runId) {
        Row r = spark.table(gold.qualified(GoldTables.RUNS)).filter(col("run_id").equalTo(runId))
                .agg(org.apache.spark.sql.functions.min(col("started_at"))).first();
        return r.isNullAt(0) ? Instant.now() : r.get(0);
    }

    /** The portfolio as a stable text (its {@code config_hash}): its settings and each member's task. */
    static String describe(Plan plan, List<StrategyTask> tasks) {
        PortfolioDefinition d = plan.definition();
        StringBuilder b = new StringBuilder("Portfolio[name=").append(d.name()).append(", capital=")
                .append(d.capital()).append(", margin=").append(d.margin() == Margin.REG_T ? "reg-t" : "cash")
                .append(", members=[");
        for (int i = 0; i < d.members().size(); i++) {
            PortfolioDefinition.Member m = d.members().get(i);
            b.append(i == 0 ? "" : ", ").append(m.strategy()).append(" weight=").append(m.weight()).append(' ')
                    .append(StrategyJob.describe(tasks.get(plan.memberTaskIds().get(i))));
        }
        b.append("]");
        d.benchmark().ifPresent(x -> b.append(", benchmark=").append(x.describe()));
        return b.append("]").toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
