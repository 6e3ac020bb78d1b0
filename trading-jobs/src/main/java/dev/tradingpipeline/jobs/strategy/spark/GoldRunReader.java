package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.report.ReportEntry;
import dev.tradingpipeline.jobs.report.Sweep;
import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.engine.Conventions;
import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import dev.tradingpipeline.jobs.strategy.engine.Trade;
import dev.tradingpipeline.jobs.strategy.engine.TradeLeg;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads a strategy run back from the gold tables alone (strategy_runs, strategy_summary,
 * strategy_daily, strategy_trades) into what its report shows; and lists the runs. The strategy
 * mode builds the report of the run it just made through here too, so a re-render shows what
 * the run showed.
 *
 * <p>Only reads: nothing is created or altered, so the tables of an earlier version (without the
 * columns {@code sweep}, {@code swept_parameters}, {@code conventions} or {@code kind}) read as if
 * those were null: no sweep grouping, no conventions stated.
 *
 * <p>Driver memory: the summaries of every simulation are collected (one row each); the daily rows
 * and trades are read by run id (whose files Iceberg finds from their run_id bounds) and grouped
 * per simulation in Spark into one row of sorted arrays, so the driver holds no row per day or
 * trade beyond the entries it builds. The daily rows of every grid point of a sweep are needed
 * (the sweep's statistics are computed over all of them); trades only for the simulations the
 * report details.
 */
public final class GoldRunReader {

    /** A run id that stands for the newest run. */
    public static final String LATEST = "latest";

    /** What a report or a listing says when no strategy run has written the gold tables yet. */
    public static final String NO_RUN_YET = "no strategy run yet: run -Dmode=strategy first";

    /** The run ids an unknown id's message names. */
    static final int LATEST_NAMED = 5;

    /** What a run id may be: what names a report file. */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    /** A run id that is not in gold.strategy_runs; the message names the latest ones. */
    public static final class UnknownRunException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnknownRunException(String message) {
            super(message);
        }
    }

    /** No strategy run has written the gold tables yet. */
    public static final class NoRunsException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NoRunsException(String message) {
            super(message);
        }
    }

    private record SimulationKey(int taskId, String underlying) {
    }

    /** What strategy_runs says of a task (the same for each of its underlyings). */
    private record TaskInfo(String sweep, List<String> swept, List<Conventions.Convention> conventions, String spec) {
    }

    /** A simulation's days as gold.strategy_daily holds them, with its benchmark's (null before it has a value). */
    private record Days(List<DailyRow> rows, List<Double> benchmark) {
    }

    private final SparkSession spark;
    private final IcebergTables tables;

    public GoldRunReader(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.tables = new IcebergTables(spark, config);
    }

    /**
     * The tables every run has written: walk_forward_windows and portfolio_members came later (a
     * warehouse of an earlier version lacks them) and are read when they exist.
     */
    static final List<String> REQUIRED = List.of(GoldTables.RUNS, GoldTables.TRADES, GoldTables.DAILY,
            GoldTables.SUMMARY);

    /** Whether a strategy run has made the four gold tables. */
    public boolean tablesExist() {
        return REQUIRED.stream().allMatch(tables::exists);
    }

    /**
     * Which simulations a report shows in full, chosen from their summaries (entries without daily
     * rows or trades, in the run's order): the task ids to read daily rows and trades for, or null
     * for all of them.
     */
    @FunctionalInterface
    public interface Detail {
        Set<Integer> taskIds(List<GoldRun.Simulation> summaries);

        /** Every simulation in full. */
        Detail ALL = summaries -> null;

        /** The given tasks in full. */
        static Detail of(Set<Integer> taskIds) {
            Set<Integer> ids = Set.copyOf(taskIds);
            return summaries -> ids;
        }
    }

    /** Every simulation of the run with its daily rows and trades. */
    public GoldRun read(String runId) {
        return read(runId, Detail.ALL);
    }

    /**
     * The run as its report shows it.
     *
     * @param runId a run id of gold.strategy_runs, or {@value #LATEST}
     * @param detail the simulations the report shows in full (daily rows and trades); the others
     *     get their summary, and their daily rows when they are grid points of a sweep (its
     *     statistics need every point's equity), no trades
     * @throws NoRunsException when the gold tables do not exist
     * @throws UnknownRunException when the run is not in gold.strategy_runs
     */
    public GoldRun read(String runId, Detail detail) {
        requireTables();
        String id = resolve(runId);
        Dataset<Row> runsTable = table(GoldTables.RUNS);
        List<Row> runRows = runsTable.filter(col("run_id").equalTo(id))
                .select(col("task_id"), col("underlying"), col("started_at"),
                        optional(runsTable, "sweep", DataTypes.StringType),
                        optional(runsTable, "swept_parameters", DataTypes.createArrayType(DataTypes.StringType)),
                        optional(runsTable, "conventions", DataTypes.createArrayType(GoldTables.CONVENTION)),
                        col("spec"))
                .collectAsList();
        if (runRows.isEmpty()) {
            throw unknown(id);
        }
        Instant startedAt = null;
        Map<Integer, TaskInfo> tasks = new HashMap<>();
        Map<List<Conventions.Convention>, List<Conventions.Convention>> shared = new HashMap<>();
        for (Row r : runRows) {
            Instant s = r.getAs("started_at");
            if (s != null && (startedAt == null || s.isBefore(startedAt))) {
                startedAt = s;
            }
            int task = r.getInt(0);
            if (!tasks.containsKey(task)) {
                List<Conventions.Convention> conventions = conventions(r.isNullAt(5) ? null : r.<Row>getList(5));
                // a sweep's points share their conventions: one list for all of them
                List<String> swept = r.isNullAt(4) ? List.of() : List.copyOf(r.<String>getList(4));
                tasks.put(task, new TaskInfo(r.getString(3), swept, shared.computeIfAbsent(conventions, c -> c),
                        r.getString(6)));
            }
        }

        Dataset<Row> summaryTable = table(GoldTables.SUMMARY);
        List<Row> summaries = summaryTable.filter(col("run_id").equalTo(id))
                .select(col("task_id"), col("strategy"), col("underlying"), col("parameters"),
                        struct(Arrays.stream(GoldTables.METRICS.fieldNames()).map(f -> col(f)).toArray(Column[]::new))
                                .as("metrics"),
                        optional(summaryTable, "kind", DataTypes.StringType),
                        struct(optional(summaryTable, GoldTables.STATISTICS)).as("statistics"),
                        struct(optional(summaryTable, GoldTables.BENCHMARK)).as("benchmark"),
                        optional(summaryTable, "in_sample_sharpe", DataTypes.DoubleType),
                        optional(summaryTable, "out_of_sample_sharpe", DataTypes.DoubleType),
                        optional(summaryTable, "ruin_date", DataTypes.DateType),
                        optional(summaryTable, "in_sample", GoldTables.METRICS))
                .orderBy("task_id", "underlying")
                .collectAsList();

        List<GoldRun.Simulation> summarized = new ArrayList<>();
        for (Row r : summaries) {
            summarized.add(simulation(r, tasks, List.of(), List.of(), false));
        }
        Set<Integer> detailed = detail.taskIds(summarized);
        Set<Integer> sweepTasks = new HashSet<>();
        tasks.forEach((task, info) -> {
            if (info.sweep() != null) {
                sweepTasks.add(task);
            }
        });
        Set<Integer> dailyTasks = null;
        if (detailed != null) {
            dailyTasks = new HashSet<>(detailed);
            dailyTasks.addAll(sweepTasks);
        }
        Map<SimulationKey, Days> daily = daily(id, dailyTasks);
        Map<SimulationKey, List<Trade>> trades = trades(id, detailed);
        List<Row> windows = windows(id);
        List<Row> members = members(id);
        Map<Integer, Double> cashRates = GoldSections.cashRates(tasks.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue().spec()))),
                windows, members);
        GoldSections sections = new GoldSections(summaries, windows, members, task -> {
            TaskInfo info = tasks.get(task);
            return info == null ? null : info.sweep();
        }, task -> {
            TaskInfo info = tasks.get(task);
            return info == null ? null : info.spec();
        });

        List<GoldRun.Simulation> simulations = new ArrayList<>();
        Map<String, List<ReportEntry>> sweepEntries = new LinkedHashMap<>();
        Map<String, List<String>> sweptOf = new HashMap<>();
        for (Row r : summaries) {
            SimulationKey key = new SimulationKey(r.getInt(0), r.getString(2));
            Days days = daily.get(key);
            GoldRun.Simulation simulation = simulation(r, tasks, days == null ? List.of() : days.rows(),
                    trades.getOrDefault(key, List.of()), detailed == null || detailed.contains(key.taskId()));
            ReportEntry entry = simulation.entry().withCashRate(cashRates.getOrDefault(key.taskId(), 0.0));
            String benchmark = r.isNullAt(7) ? null : r.getStruct(7).getString(0);
            if (benchmark != null && days != null && days.benchmark().stream().anyMatch(java.util.Objects::nonNull)) {
                entry = entry.withBenchmark(benchmark, days.benchmark());
            }
            entry = entry.withSections(sections.ofSimulation(r));
            simulation = new GoldRun.Simulation(simulation.taskId(), simulation.kind(), simulation.sweep(),
                    simulation.detailed(), entry);
            simulations.add(simulation);
            TaskInfo info = tasks.get(key.taskId());
            if (info != null && info.sweep() != null && !info.swept().isEmpty()) {
                sweepEntries.computeIfAbsent(info.sweep(), k -> new ArrayList<>()).add(simulation.entry());
                sweptOf.putIfAbsent(info.sweep(), info.swept());
            }
        }
        List<Sweep> sweeps = new ArrayList<>();
        sweepEntries.forEach((name, entries) -> {
            List<String> grid = sweptOf.get(name);
            // a one-parameter sweep is a grid of one column
            sweeps.add(new Sweep(name, grid.get(0), grid.size() > 1 ? grid.get(1) : grid.get(0), entries)
                    .withSections(sections.ofSweep(name)));
        });
        // an out-of-sample check of an entry that is not a sweep goes with its series
        Map<Integer, List<dev.tradingpipeline.jobs.report.ReportSection>> unswept = sections.ofSeries(
                sweepEntries.keySet());
        if (!unswept.isEmpty()) {
            List<GoldRun.Simulation> withChecks = new ArrayList<>();
            for (GoldRun.Simulation sim : simulations) {
                List<dev.tradingpipeline.jobs.report.ReportSection> extra = unswept.get(sim.taskId());
                if (extra != null) {
                    List<dev.tradingpipeline.jobs.report.ReportSection> all = new ArrayList<>(sim.entry().sections());
                    all.addAll(extra);
                    sim = new GoldRun.Simulation(sim.taskId(), sim.kind(), sim.sweep(), sim.detailed(),
                            sim.entry().withSections(all));
                }
                withChecks.add(sim);
            }
            simulations = withChecks;
        }
        return new GoldRun(id, startedAt, simulations, sweeps);
    }

    /** A row of the summary query as a simulation, with the daily rows and trades given. */
    private static GoldRun.Simulation simulation(Row r, Map<Integer, TaskInfo> tasks, List<DailyRow> daily,
            List<Trade> trades, boolean detailed) {
        int task = r.getInt(0);
        TaskInfo info = tasks.getOrDefault(task, new TaskInfo(null, List.of(), List.of(), null));
        ReportEntry entry = new ReportEntry(r.getString(1), r.getString(2),
                parameters(r.isNullAt(3) ? Map.of() : r.<String, Double>getJavaMap(3), info.swept()),
                summary(r.getStruct(4)), daily, trades, info.conventions());
        return new GoldRun.Simulation(task, r.isNullAt(5) ? GoldTables.KIND_SIMULATION : r.getString(5), info.sweep(),
                detailed, entry);
    }

    /** The runs, newest first: at most {@code limit} of them, and how many there are. */
    public RunListing runs(int limit) {
        if (!tablesExist()) {
            return new RunListing(List.of(), 0);
        }
        Dataset<Row> runs = table(GoldTables.RUNS);
        // a sweep counts once, by its entry's name; runs of an earlier version have no sweep column:
        // their grid points' names lose the "[delta=0.2,...]" they were given
        Column name = coalesce(optional(runs, "sweep", DataTypes.StringType),
                regexp_replace(col("strategy"), "\\[[^\\[\\]]*\\]$", ""));
        Dataset<Row> perRun = runs.groupBy("run_id")
                .agg(max("started_at").as("started_at"), array_sort(collect_set(name)).as("strategies"),
                        // the whole run's cost, the same on each of its rows (EMR only)
                        max(optional(runs, "cost_usd", DataTypes.createDecimalType(18, 6))).as("cost_usd"));
        Dataset<Row> summary = table(GoldTables.SUMMARY);
        Dataset<Row> counts = summary.groupBy("run_id").agg(count(lit(1)).as("simulations"));
        Dataset<Row> best = summary.filter(col("sharpe").isNotNull().and(not(isnan(col("sharpe")))))
                .groupBy("run_id")
                .agg(max("sharpe").as("best_sharpe"),
                        max_by(concat_ws(" on ", col("strategy"), col("underlying")), col("sharpe")).as("best"));
        long total = perRun.count();
        List<Row> rows = perRun.join(counts, "run_id", "left").join(best, "run_id", "left")
                .orderBy(desc("started_at"), desc("run_id"))
                .select("run_id", "started_at", "strategies", "simulations", "best_sharpe", "best", "cost_usd")
                .limit(limit).collectAsList();
        List<RunListing.Run> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new RunListing.Run(r.getString(0), r.getAs("started_at"), r.<String>getList(2),
                    r.isNullAt(3) ? 0 : r.getLong(3), r.isNullAt(4) ? null : r.getDouble(4), r.getString(5),
                    r.isNullAt(6) ? null : r.getDecimal(6)));
        }
        return new RunListing(out, total);
    }

    private void requireTables() {
        List<String> missing = REQUIRED.stream().filter(t -> !tables.exists(t)).toList();
        if (!missing.isEmpty()) {
            throw new NoRunsException(NO_RUN_YET + " (" + String.join(", ", missing.stream()
                    .map(tables::qualified).toList()) + (missing.size() == 1 ? " does" : " do") + " not exist)");
        }
    }

    /** The run id, {@value #LATEST} resolved to the newest run. */
    private String resolve(String runId) {
        if (!LATEST.equalsIgnoreCase(runId)) {
            return runId;
        }
        return latestRunId().orElseThrow(() -> new NoRunsException(NO_RUN_YET + " ("
                + tables.qualified(GoldTables.RUNS) + " is empty)"));
    }

    /** The newest run's id, as {@value #LATEST} names it; empty while strategy_runs has no row. */
    public Optional<String> latestRunId() {
        List<Row> newest = latest(1);
        return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(0).getString(0));
    }

    private UnknownRunException unknown(String runId) {
        List<Row> latest = latest(LATEST_NAMED);
        StringBuilder b = new StringBuilder("no strategy run '").append(runId).append("' in ")
                .append(tables.qualified(GoldTables.RUNS));
        if (latest.isEmpty()) {
            b.append(", which is empty: run -Dmode=strategy first");
        } else {
            b.append("; the latest: ");
            for (int i = 0; i < latest.size(); i++) {
                Instant s = latest.get(i).getAs("started_at");
                b.append(i == 0 ? "" : ", ").append(latest.get(i).getString(0))
                        .append(s == null ? "" : " (" + STARTED.format(s) + ")");
            }
            b.append(" (mvn trading:report lists them all)");
        }
        return new UnknownRunException(b.toString());
    }

    private List<Row> latest(int n) {
        return table(GoldTables.RUNS).groupBy("run_id").agg(max("started_at").as("started_at"))
                .orderBy(desc("started_at"), desc("run_id")).limit(n).collectAsList();
    }

    /** Daily rows per simulation, in date order; {@code taskIds} null: every task of the run. */
    private Map<SimulationKey, Days> daily(String runId, Set<Integer> taskIds) {
        Map<SimulationKey, Days> out = new HashMap<>();
        Map<LocalDate, LocalDate> dates = new HashMap<>();
        Column benchmark = optional(table(GoldTables.DAILY), "benchmark_equity", DataTypes.DoubleType);
        for (Row r : perSimulation(GoldTables.DAILY, runId, taskIds, col("date"), col("equity"), col("cash"),
                col("exposure"), col("daily_pnl"), col("drawdown"), benchmark)) {
            List<Row> days = r.getList(2);
            List<DailyRow> rows = new ArrayList<>(days.size());
            List<Double> benchmarkEquity = new ArrayList<>(days.size());
            for (Row d : days) {
                // the simulations of a run share their dates: one LocalDate per date
                LocalDate date = dates.computeIfAbsent(d.getAs(0), x -> x);
                rows.add(new DailyRow(date, number(d, 1), number(d, 2), number(d, 3), number(d, 4), number(d, 5)));
                benchmarkEquity.add(d.isNullAt(6) ? null : d.getDouble(6));
            }
            out.put(new SimulationKey(r.getInt(0), r.getString(1)), new Days(rows, benchmarkEquity));
        }
        return out;
    }

    /** The run's rows of gold.walk_forward_windows (a few per check), by task and window; none without the table. */
    private List<Row> windows(String runId) {
        if (!tables.exists(GoldTables.WINDOWS)) {
            return List.of();
        }
        return table(GoldTables.WINDOWS).filter(col("run_id").equalTo(runId))
                .select(Arrays.stream(GoldTables.WINDOWS_SCHEMA.fieldNames()).map(f -> col(f)).toArray(Column[]::new))
                .orderBy("task_id", "underlying", "window_number").collectAsList();
    }

    /** The run's rows of gold.portfolio_members (one per member simulation); none without the table. */
    private List<Row> members(String runId) {
        if (!tables.exists(GoldTables.PORTFOLIO_MEMBERS)) {
            return List.of();
        }
        Dataset<Row> members = table(GoldTables.PORTFOLIO_MEMBERS);
        // over_margin_days came later: null in a table of an earlier version
        return members.filter(col("run_id").equalTo(runId))
                .select(optional(members, GoldTables.PORTFOLIO_MEMBERS_SCHEMA))
                .collectAsList();
    }

    /** Trades per simulation, by entry date then position; {@code taskIds} null: every task of the run. */
    private Map<SimulationKey, List<Trade>> trades(String runId, Set<Integer> taskIds) {
        Map<SimulationKey, List<Trade>> out = new HashMap<>();
        for (Row r : perSimulation(GoldTables.TRADES, runId, taskIds, col("entry_date"), col("position_id"),
                col("strategy"), col("exit_date"), col("exit_reason"), col("legs"), col("entry_value"),
                col("commissions"), col("pnl"))) {
            String underlying = r.getString(1);
            List<Row> all = r.getList(2);
            List<Trade> trades = new ArrayList<>(all.size());
            for (Row t : all) {
                List<TradeLeg> legs = new ArrayList<>();
                for (Row leg : t.<Row>getList(5)) {
                    String type = leg.getAs("option_type");
                    ContractKey contract = type == null ? null : new ContractKey(leg.getAs("root"),
                            leg.<LocalDate>getAs("expiration"), leg.<Double>getAs("strike"),
                            OptionRight.fromCode(type));
                    legs.add(new TradeLeg(contract, leg.<Integer>getAs("quantity"), leg.<Double>getAs("entry_price"),
                            leg.<Double>getAs("exit_price")));
                }
                trades.add(new Trade(t.getLong(1), t.getString(2), underlying, t.<LocalDate>getAs(0),
                        t.<LocalDate>getAs(3), ExitReason.valueOf(t.getString(4).toUpperCase(Locale.ROOT)), legs,
                        number(t, 6), number(t, 7), number(t, 8)));
            }
            out.put(new SimulationKey(r.getInt(0), underlying), trades);
        }
        return out;
    }

    /**
     * One row per simulation of the run: task_id, underlying, and its rows of {@code table} as an
     * array of structs of {@code fields}, sorted by them (so by the first field first).
     */
    private List<Row> perSimulation(String table, String runId, Set<Integer> taskIds, Column... fields) {
        if (taskIds != null && taskIds.isEmpty()) {
            return List.of();
        }
        Dataset<Row> rows = table(table).filter(col("run_id").equalTo(runId));
        if (taskIds != null) {
            rows = rows.filter(col("task_id").isin(new TreeSet<>(taskIds).toArray()));
        }
        return rows.groupBy("task_id", "underlying").agg(array_sort(collect_list(struct(fields))).as("rows"))
                .collectAsList();
    }

    /** Swept parameters first, in the sweep's order, then the others by name. */
    static Map<String, Double> parameters(Map<String, Double> all, List<String> swept) {
        Map<String, Double> ordered = new LinkedHashMap<>();
        swept.stream().filter(all::containsKey).forEach(p -> ordered.put(p, all.get(p)));
        new TreeSet<>(all.keySet()).forEach(p -> ordered.putIfAbsent(p, all.get(p)));
        return ordered;
    }

    private static List<Conventions.Convention> conventions(List<Row> rows) {
        if (rows == null) {
            return List.of();
        }
        return rows.stream().map(c -> new Conventions.Convention(c.getString(0), c.getString(1))).toList();
    }

    static SimulationSummary summary(Row m) {
        return new SimulationSummary(number(m, 0), number(m, 1), number(m, 2), number(m, 3), number(m, 4), number(m, 5),
                number(m, 6), number(m, 7), number(m, 8), m.isNullAt(9) ? 0 : m.getInt(9), number(m, 10),
                number(m, 11));
    }

    /** A double column; null (a column an earlier version did not write) reads as NaN, "n/a" in the report. */
    private static double number(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }

    private Dataset<Row> table(String name) {
        return spark.table(tables.qualified(name));
    }

    /** The struct's fields as columns, each null of its type when a table of an earlier version lacks it. */
    private static Column[] optional(Dataset<Row> table, org.apache.spark.sql.types.StructType fields) {
        return Arrays.stream(fields.fields()).map(f -> optional(table, f.name(), f.dataType())).toArray(Column[]::new);
    }

    /** The column, or null of its type when a table of an earlier version lacks it. */
    private static Column optional(Dataset<Row> table, String name, DataType type) {
        return Arrays.asList(table.columns()).contains(name) ? col(name) : lit(null).cast(type).as(name);
    }
}
