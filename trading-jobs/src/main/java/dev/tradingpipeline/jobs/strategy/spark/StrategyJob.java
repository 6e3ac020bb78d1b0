package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.core.runs.RunIds;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.statistics.StationaryBootstrap;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSeries;
import dev.tradingpipeline.jobs.strategy.engine.Conventions;
import dev.tradingpipeline.jobs.strategy.engine.SettlementStyles;
import dev.tradingpipeline.jobs.strategy.engine.SimulationStatistics;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import dev.tradingpipeline.jobs.strategy.engine.StrategyLoader;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.spark.source.SerializableTableWithSize;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code strategy} mode: backtests strategy tasks on silver and appends the outcome to the
 * gold tables under one new run id.
 *
 * <p>Silver is read pruned ({@link SilverChainScan}), its rows are packed into one block per
 * day and underlying as they are read and routed to shards (one underlying and a share of its
 * simulations each, or a portfolio's members on all their underlyings, run in one shared account)
 * in date order ({@link DayBlocks}), with every trading day of each underlying's data within the
 * tasks' dates (read apart, two columns: {@link SilverChainScan#days}) so that a day the pruned
 * chain has no row for still reaches the engines, and every shard runs its engines over the days in one pass
 * ({@link Simulations}); the chain never reaches the driver. Simulations of an underlying are split over several shards when the cluster has
 * more cores than underlyings, each shard then reading its own copy of the underlying's rows.
 *
 * <p>Without out-of-sample checks a run is one Spark job: each shard writes its simulations'
 * trades and days into gold data files ({@link ShardFiles}) and sends the driver their summaries,
 * and the driver commits the tables. With checks, the pass is cached for them to read
 * ({@link Pass}) and the gold rows are appended through Spark.
 */
public final class StrategyJob {
    private static final Logger LOG = LoggerFactory.getLogger(StrategyJob.class);

    private final SparkSession spark;
    private final IcebergTables tables;
    private final GoldTables gold;
    private final TradingConfig config;
    /** The tasks' CSV benchmark series by location, read before any data ({@link #prepare}). */
    private Map<String, BenchmarkSeries> benchmarks = Map.of();
    /** The gold tables as {@link GoldTables#ensure} loaded them for this run: its files are written for them. */
    private Map<String, org.apache.iceberg.Table> goldTables;
    /** The run id the caller chose ({@code --run-id}), or null: the run makes its own. */
    private String givenRunId;

    public StrategyJob(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.config = config;
        this.tables = new IcebergTables(spark, config);
        this.gold = new GoldTables(spark, config);
    }

    public GoldTables gold() {
        return gold;
    }

    /**
     * Runs under {@code runId} instead of a new id ({@link RunIds#newRunId}); the run fails before
     * it reads any data when {@code gold.strategy_runs} holds that id already.
     */
    public StrategyJob withRunId(String runId) {
        String problem = RunIds.newRunIdProblem(runId);
        if (problem != null) {
            throw new IllegalArgumentException("run id: " + problem);
        }
        this.givenRunId = runId;
        return this;
    }

    private void refuseTakenRunId(String runId) {
        if (!spark.table(gold.qualified(GoldTables.RUNS)).filter(col("run_id").equalTo(runId)).limit(1)
                .isEmpty()) {
            throw new IllegalStateException("run id " + runId + " is in " + gold.qualified(GoldTables.RUNS)
                    + " already: a new run needs a new id");
        }
    }

    /** The bootstrap settings of every simulation's intervals, derived series' included. */
    StationaryBootstrap.Settings bootstrap() {
        return SimulationStatistics.settings(config);
    }

    /** The pruned silver rows the tasks need, for inspection and benchmarks (no strategy runs). */
    public Dataset<Row> silverScan(List<StrategyTask> tasks) {
        return SilverChainScan.read(spark, tables.qualified(IcebergTables.SILVER), tasks);
    }

    /**
     * The tasks' calendar: a {@code (underlying_symbol, quote_date)} per silver row within their
     * dates, two columns read ({@link SilverChainScan#days}); null when the scan has every day.
     */
    public Dataset<Row> silverDays(List<StrategyTask> tasks) {
        return SilverChainScan.days(spark, tables.qualified(IcebergTables.SILVER), () -> tables.load(IcebergTables.SILVER),
                tasks);
    }

    public StrategyRunResult run(List<StrategyTask> tasks) {
        return run(tasks, List.of(), tasks.size());
    }

    /**
     * Runs the tasks, then the out-of-sample checks of some of them (a second pass over silver for
     * the test windows of a walk-forward), and appends everything under one new run id:
     * one commit per table, {@code strategy_runs} last.
     *
     * @param checks the out-of-sample checks, each of a group of the tasks (a sweep's combinations)
     * @param firstDerivedTaskId the first task id free after every configured task: the series the
     *     checks derive are numbered from it, one per check
     */
    public StrategyRunResult run(List<StrategyTask> tasks, List<OutOfSample.Check> checks, int firstDerivedTaskId) {
        return run(tasks, checks, firstDerivedTaskId, List.of());
    }

    /**
     * The tasks of one portfolio, which run in one shard as the members of one shared account
     * ({@link dev.tradingpipeline.jobs.strategy.engine.SharedAccount}), in this order.
     *
     * @param name the portfolio's, which the members' notes name the account by
     */
    public record SharedAccountTasks(String name, List<Integer> taskIds) {
        public SharedAccountTasks {
            java.util.Objects.requireNonNull(name, "name");
            taskIds = List.copyOf(taskIds);
            if (taskIds.isEmpty()) {
                throw new IllegalArgumentException("account '" + name + "' has no member task");
            }
        }
    }

    /**
     * As {@link #run(List, List, int)}, with the tasks of each of {@code accounts} run together in
     * one shared account (a portfolio's members) instead of each on its own.
     */
    public StrategyRunResult run(List<StrategyTask> tasks, List<OutOfSample.Check> checks, int firstDerivedTaskId,
            List<SharedAccountTasks> accounts) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no strategy to run");
        }
        SettlementStyles settlement = prepare(tasks);
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String runId = givenRunId != null ? givenRunId : RunIds.newRunId(startedAt);
        if (checks.isEmpty()) {
            return simulateAndWrite(runId, startedAt, tasks, settlement, accounts);
        }
        prepareGold();
        try (Pass pass = simulate(tasks, settlement, accounts)) {
            return finish(runId, startedAt, tasks, checks, firstDerivedTaskId, accounts, settlement, pass);
        }
    }

    /**
     * A run without out-of-sample checks, in one Spark job: the shards write their trades and days
     * into gold data files ({@link ShardFiles}) and send back their simulations' summaries, then the
     * driver commits the files and the summaries at once, and {@code strategy_runs} last.
     */
    private StrategyRunResult simulateAndWrite(String runId, Instant startedAt, List<StrategyTask> tasks,
            SettlementStyles settlement, List<SharedAccountTasks> accounts) {
        Map<Integer, List<Simulations.Simulation>> shards = shards(tasks, spark.sparkContext().defaultParallelism(),
                accounts);
        StationaryBootstrap.Settings bootstrap = SimulationStatistics.settings(config);
        // the gold tables are made ready while silver's scan is planned (both metadata only): no data
        // is read, and nothing written, before both are done
        JavaPairRDD<Long, byte[]> routed = DriverThreads.runAll("gold-prepare-" + runId, List.of(this::prepareGold),
                () -> route(silverScan(tasks), silverDays(tasks), shards));
        org.apache.iceberg.Table tradesTable = goldTables.get(GoldTables.TRADES);
        org.apache.iceberg.Table dailyTable = goldTables.get(GoldTables.DAILY);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // the tasks travel once to each executor, not with every task: a 1,000-point sweep's are over 1 MB
        Broadcast<Simulations> simulations = jsc.broadcast(
                new Simulations(tasks, shards, settlement, bootstrap, benchmarks));
        Broadcast<ShardFiles.Targets> targets = jsc.broadcast(new ShardFiles.Targets(
                SerializableTableWithSize.copyOf(tradesTable), gold.qualified(GoldTables.TRADES),
                SerializableTableWithSize.copyOf(dailyTable), gold.qualified(GoldTables.DAILY), runId));
        List<ShardFiles.Written> written;
        try {
            written = routed.mapPartitions(new ShardFiles(simulations, targets), true).collect();
        } finally {
            simulations.unpersist(false);
            targets.unpersist(false);
        }
        List<TaskSummary> summaries = summaries(tasks,
                written.stream().flatMap(w -> w.summaries().stream()).toList(), bootstrap);
        List<SummaryLine> lines = summaries.stream()
                .map(s -> new SummaryLine(s, GoldTables.KIND_SIMULATION, null, null)).toList();
        List<Runnable> appends = List.of(
                () -> gold.commitFiles(GoldTables.TRADES,
                        written.stream().map(ShardFiles.Written::trades).filter(f -> f != null).toList(), runId),
                () -> gold.commitFiles(GoldTables.DAILY,
                        written.stream().map(ShardFiles.Written::daily).filter(f -> f != null).toList(), runId));
        return record(runId, startedAt, tasks, summaries, lines, List.of(), appends, settlement, accounts,
                shards.size(), List.of());
    }

    private StrategyRunResult finish(String runId, Instant startedAt, List<StrategyTask> tasks,
            List<OutOfSample.Check> checks, int firstDerivedTaskId, List<SharedAccountTasks> accounts,
            SettlementStyles settlement, Pass pass) {
        try (OutOfSample.Outcome oos = new OutOfSample(spark, this, settlement)
                .run(runId, pass, tasks, checks, firstDerivedTaskId)) {
            List<TaskSummary> summaries = pass.summaries();
            List<SummaryLine> lines = new ArrayList<>();
            for (TaskSummary s : summaries) {
                Double[] sharpes = oos.sharpes(s.taskId(), s.underlying());
                lines.add(new SummaryLine(s, GoldTables.KIND_SIMULATION, sharpes[0], sharpes[1]));
            }
            lines.addAll(oos.summaries());
            List<Runnable> appends = new ArrayList<>();
            appends.add(() -> gold.append(union(trades(runId, pass.results()), oos.trades()), GoldTables.TRADES,
                    runId));
            appends.add(() -> gold.append(union(daily(runId, pass.results()), oos.daily()), GoldTables.DAILY, runId));
            if (oos.windows() != null) {
                appends.add(() -> gold.append(oos.windows(), GoldTables.WINDOWS, runId));
            }
            return record(runId, startedAt, tasks, summaries, lines, oos.runs(), appends, settlement, accounts,
                    pass.shards(), oos.series());
        }
    }

    /**
     * Commits a run: the {@code appends} and {@code strategy_summary}'s rows at once, each on its
     * own thread (analysing a Dataset takes a while too); meanwhile this thread prepares
     * {@code strategy_runs}' rows, committed last, once the others have: a run listed in
     * {@code strategy_runs} has all its rows in the others.
     *
     * @param moreRuns the {@code strategy_runs} lines of derived series, after the tasks'
     */
    private StrategyRunResult record(String runId, Instant startedAt, List<StrategyTask> tasks,
            List<TaskSummary> summaries, List<SummaryLine> lines, List<RunLine> moreRuns, List<Runnable> appends,
            SettlementStyles settlement, List<SharedAccountTasks> accounts, int shards,
            List<OutOfSampleSeries> series) {
        long committing = System.nanoTime();
        List<String> withoutData = withoutData(tasks, summaries);
        withoutData.forEach(s -> LOG.warn("No silver data for {} within its dates: skipped", s));
        List<Runnable> all = new ArrayList<>(appends);
        all.add(() -> gold.appendRows(summaryRows(runId, lines), GoldTables.SUMMARY_SCHEMA, GoldTables.SUMMARY,
                runId));
        // strategy_runs' file is written meanwhile; only its commit waits for the others'
        org.apache.iceberg.DataFile runsFile = DriverThreads.runAll("gold-append-" + runId, all, () -> {
            List<RunLine> runs = runLines(tasks, summaries, settlement, accounts);
            runs.addAll(moreRuns);
            return gold.writeRows(goldTables.get(GoldTables.RUNS), runRows(runId, startedAt, runs),
                    GoldTables.RUNS_WRITTEN, GoldTables.RUNS, runId);
        });
        gold.commitFiles(GoldTables.RUNS, runsFile == null ? List.of() : List.of(runsFile), runId);

        long notes = summaries.stream().mapToLong(TaskSummary::noteCount).sum();
        LOG.info("Strategy run {}: {} simulation(s) over {} shard(s), {} note(s), {} out-of-sample series;"
                + " {} s from the start, {} s of it committing the gold tables", runId, summaries.size(), shards, notes,
                series.size(), seconds(Duration.between(startedAt, Instant.now()).toNanos()),
                seconds(System.nanoTime() - committing));
        return new StrategyRunResult(runId, summaries, notes, withoutData, series);
    }

    /**
     * Creates or updates the gold tables ({@link GoldTables#ensure}) and refuses a given run id
     * that {@code strategy_runs} has already.
     */
    private void prepareGold() {
        goldTables = gold.ensure();
        if (givenRunId != null) {
            refuseTakenRunId(givenRunId);
        }
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e9);
    }

    /** Fails before any data is read on a class that does not load, a bad settlement table or no silver. */
    private SettlementStyles prepare(List<StrategyTask> tasks) {
        for (StrategyTask t : tasks) {
            // a wrong class name fails here, before any data is read
            StrategyLoader.load(t.className(), t.spec(), Thread.currentThread().getContextClassLoader());
        }
        // a bad settlement table fails before any data is read, too
        SettlementStyles settlement = SettlementFile.styles(config, spark.sparkContext().hadoopConfiguration());
        // and so does a bad benchmark series; a small one travels to the executors with the tasks
        benchmarks = BenchmarkFile.read(tasks.stream().flatMap(t -> t.benchmark().stream()).toList(),
                spark.sparkContext().hadoopConfiguration());
        if (!tables.exists(IcebergTables.SILVER)) {
            throw new IllegalStateException("Table " + tables.qualified(IcebergTables.SILVER)
                    + " does not exist: load data first (ingest mode)");
        }
        return settlement;
    }

    /**
     * One pass of simulations over silver: one row per simulation ({@link Simulations#SCHEMA}),
     * persisted until closed, and the simulations' summaries (collected when first asked for: a
     * few numbers each). Nothing runs until the rows or the summaries are first used.
     */
    static final class Pass implements AutoCloseable {
        private final Dataset<Row> results;
        private final java.util.function.Supplier<List<TaskSummary>> collect;
        private final int shards;
        private final Runnable release;
        private List<TaskSummary> summaries;

        private Pass(Dataset<Row> results, java.util.function.Supplier<List<TaskSummary>> collect, int shards,
                Runnable release) {
            this.results = results;
            this.collect = collect;
            this.shards = shards;
            this.release = release;
        }

        Dataset<Row> results() {
            return results;
        }

        /** One per simulation that had data, in task order then underlying order. */
        synchronized List<TaskSummary> summaries() {
            if (summaries == null) {
                summaries = List.copyOf(collect.get());
            }
            return summaries;
        }

        int shards() {
            return shards;
        }

        @Override
        public void close() {
            results.unpersist();
            release.run();
        }
    }

    /** Runs the tasks over silver (task ids are their indices in {@code tasks}); close the pass when done. */
    Pass simulate(List<StrategyTask> tasks, SettlementStyles settlement) {
        return simulate(tasks, settlement, List.of());
    }

    /** As {@link #simulate(List, SettlementStyles)}, each of {@code accounts} in a shard of its own. */
    Pass simulate(List<StrategyTask> tasks, SettlementStyles settlement, List<SharedAccountTasks> accounts) {
        Map<Integer, List<Simulations.Simulation>> shards = shards(tasks, spark.sparkContext().defaultParallelism(),
                accounts);
        StationaryBootstrap.Settings bootstrap = SimulationStatistics.settings(config);
        // the tasks travel once to each executor, not with every task: a 1,000-point sweep's are over 1 MB
        Broadcast<Simulations> simulations = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(new Simulations(tasks, shards, settlement, bootstrap, benchmarks));
        JavaRDD<Row> simulated = route(silverScan(tasks), silverDays(tasks), shards)
                .mapPartitions(blocks -> simulations.value().call(blocks), true);
        Dataset<Row> results = spark.createDataFrame(simulated, Simulations.SCHEMA)
                .persist(StorageLevel.MEMORY_AND_DISK());
        return new Pass(results, () -> summaries(tasks, results.select(col("task_id"), col("strategy"),
                col("underlying"), col("data_start"), col("data_end"), col("metrics"),
                size(col("notes")).as("note_count"), col("ruin_date"), col("stale_mark_contracts"),
                col("statistics"), col("benchmark")).collectAsList(), bootstrap), shards.size(),
                () -> simulations.unpersist(false));
    }

    /** The trades of a pass's simulations as gold rows. */
    static Dataset<Row> trades(String runId, Dataset<Row> results) {
        return results.select(col("task_id"), col("strategy"), col("underlying"), explode(col("trades")).as("t"))
                .select(lit(runId).as("run_id"), col("task_id"), col("strategy"), col("underlying"), col("t.*"));
    }

    /** The days of a pass's simulations as gold rows. */
    static Dataset<Row> daily(String runId, Dataset<Row> results) {
        return results.select(col("task_id"), col("strategy"), col("underlying"), explode(col("daily")).as("d"))
                .select(lit(runId).as("run_id"), col("task_id"), col("strategy"), col("underlying"), col("d.*"));
    }

    private static Dataset<Row> union(Dataset<Row> rows, Dataset<Row> more) {
        return more == null ? rows : rows.unionByName(more, true);
    }

    /**
     * The chain's rows (a scan in {@link ChainRows#COLUMNS} order) packed into day blocks
     * ({@link DayBlocks}) where they are read, shard i's in partition i, in date order: the shuffle
     * carries one block per shard, day and underlying, not the rows. A portfolio's shard, which
     * spans its members' underlyings, gets each date's blocks of all of them before the next date.
     */
    static JavaPairRDD<Long, byte[]> route(Dataset<Row> chain, Map<Integer, List<Simulations.Simulation>> shards) {
        return route(chain, null, shards);
    }

    /**
     * As {@link #route(Dataset, Map)}, with the days of {@code calendar} ({@link SilverChainScan#days},
     * or null) added as empty blocks: every day the data has for an underlying reaches its shards,
     * whether or not the pruned chain has a row that day. The chain's rows are not touched.
     */
    static JavaPairRDD<Long, byte[]> route(Dataset<Row> chain, Dataset<Row> calendar,
            Map<Integer, List<Simulations.Simulation>> shards) {
        Map<Integer, List<String>> underlyings = new TreeMap<>();
        shards.forEach((shard, sims) -> underlyings.put(shard,
                sims.stream().map(Simulations.Simulation::underlying).distinct().toList()));
        Map<String, long[]> destinations = DayBlocks.destinations(underlyings);
        JavaPairRDD<Long, byte[]> blocks = chain.queryExecution().toRdd().toJavaRDD()
                .mapPartitionsToPair(new DayBlocks.Encode(destinations));
        if (calendar != null) {
            blocks = blocks.union(calendar.queryExecution().toRdd().toJavaRDD()
                    .mapPartitionsToPair(new DayBlocks.Encode(destinations, true)));
        }
        return blocks.repartitionAndSortWithinPartitions(new DayBlocks.ShardPartitioner(shards.size()));
    }

    static Map<Integer, List<Simulations.Simulation>> shards(List<StrategyTask> tasks, int parallelism) {
        return shards(tasks, parallelism, List.of());
    }

    /**
     * Groups the simulations (task x underlying) into shards of one underlying each: as many
     * shards per underlying as its simulations, at most {@code parallelism / underlyings}
     * (at least one), simulations dealt round-robin. Shard numbers start at 0. Then one shard per
     * shared account, after those: its tasks' simulations in its order (each task's underlyings in
     * the task's order), whatever their underlyings.
     */
    static Map<Integer, List<Simulations.Simulation>> shards(List<StrategyTask> tasks, int parallelism,
            List<SharedAccountTasks> accounts) {
        java.util.Set<Integer> inAccounts = new java.util.HashSet<>();
        List<List<Simulations.Simulation>> accountShards = new ArrayList<>();
        for (SharedAccountTasks a : accounts) {
            List<Simulations.Simulation> sims = new ArrayList<>();
            for (int task : a.taskIds()) {
                if (task < 0 || task >= tasks.size() || !inAccounts.add(task)) {
                    throw new IllegalArgumentException("account '" + a.name() + "': task " + task
                            + " is no task or is in another account");
                }
                tasks.get(task).spec().underlyings().forEach(u -> sims.add(new Simulations.Simulation(task, u, a.name())));
            }
            if (sims.stream().map(Simulations.Simulation::underlying).distinct().count() > DayBlocks.MAX_UNDERLYINGS) {
                throw new IllegalArgumentException("account '" + a.name() + "' spans more than "
                        + DayBlocks.MAX_UNDERLYINGS + " underlyings");
            }
            accountShards.add(sims);
        }
        Map<String, List<Simulations.Simulation>> byUnderlying = new TreeMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            if (inAccounts.contains(i)) {
                continue;
            }
            for (String u : tasks.get(i).spec().underlyings()) {
                byUnderlying.computeIfAbsent(u, k -> new ArrayList<>()).add(new Simulations.Simulation(i, u));
            }
        }
        int perUnderlying = Math.max(1, parallelism / Math.max(1, byUnderlying.size()));
        Map<Integer, List<Simulations.Simulation>> shards = new LinkedHashMap<>();
        int next = 0;
        for (List<Simulations.Simulation> sims : byUnderlying.values()) {
            int n = Math.min(sims.size(), perUnderlying);
            for (int i = 0; i < sims.size(); i++) {
                shards.computeIfAbsent(next + i % n, k -> new ArrayList<>()).add(sims.get(i));
            }
            next += n;
        }
        for (List<Simulations.Simulation> sims : accountShards) {
            shards.put(next++, sims);
        }
        return shards;
    }

    static List<TaskSummary> summaries(List<StrategyTask> tasks, List<Row> rows,
            StationaryBootstrap.Settings bootstrap) {
        Map<String, Row> byKey = new HashMap<>();
        for (Row r : rows) {
            byKey.put(r.getInt(0) + "\u0000" + r.getString(2), r);
        }
        List<TaskSummary> out = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            StrategySpec spec = tasks.get(i).spec();
            for (String u : spec.underlyings()) {
                Row r = byKey.get(i + "\u0000" + u);
                if (r != null) {
                    Row benchmark = r.isNullAt(10) ? null : r.getStruct(10);
                    out.add(new TaskSummary(i, spec.name(), u, spec.parameters(), ChainRows.toDate(r.get(3)),
                            ChainRows.toDate(r.get(4)), Simulations.summary(r.getStruct(5)), r.getInt(6),
                            r.isNullAt(7) ? null : ChainRows.toDate(r.get(7)), r.getInt(8),
                            Simulations.statistics(r.getStruct(9), bootstrap),
                            benchmark == null ? null : benchmark.getString(0), Simulations.comparison(benchmark)));
                }
            }
        }
        return out;
    }

    private static List<String> withoutData(List<StrategyTask> tasks, List<TaskSummary> summaries) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            StrategySpec spec = tasks.get(i).spec();
            for (String u : spec.underlyings()) {
                int task = i;
                if (summaries.stream().noneMatch(s -> s.taskId() == task && s.underlying().equals(u))) {
                    missing.add(spec.name() + " on " + u);
                }
            }
        }
        return missing;
    }

    /** A row of gold.strategy_summary: a simulation's outcome, what it is, and its out-of-sample Sharpe ratios. */
    record SummaryLine(TaskSummary summary, String kind, Double inSampleSharpe, Double outOfSampleSharpe,
            SimulationSummary inSample) {
        SummaryLine(TaskSummary summary, String kind, Double inSampleSharpe, Double outOfSampleSharpe) {
            this(summary, kind, inSampleSharpe, outOfSampleSharpe, null);
        }
    }

    /**
     * A row of gold.strategy_runs: what a task id stands for.
     *
     * @param sweep the sweep's entry name of a grid point, else null
     * @param sweptParameters the sweep's parameter names, in order, else null
     * @param conventions the market conventions the task applied, as the report states them
     */
    record RunLine(int taskId, String strategy, String underlying, String strategyClass, Map<String, Double> parameters,
            String description, LocalDate dataStart, LocalDate dataEnd, String kind, String sweep,
            List<String> sweptParameters, List<Conventions.Convention> conventions) {
    }

    private static List<Row> summaryRows(String runId, List<SummaryLine> lines) {
        List<Row> rows = new ArrayList<>();
        for (SummaryLine line : lines) {
            TaskSummary s = line.summary();
            var m = s.metrics();
            var b = s.benchmarkComparison();
            Row st = Simulations.statisticsRow(s.statistics());
            rows.add(RowFactory.create(runId, s.taskId(), s.strategy(), s.underlying(), s.parameters(),
                    m.totalReturn(), m.cagr(), m.volatility(), m.sharpe(), m.sortino(), m.maxDrawdown(), m.calmar(),
                    m.winRate(), m.profitFactor(), m.tradeCount(), m.averageTrade(), m.averageExposure(),
                    s.noteCount(), s.ruinDate(), s.staleMarkContracts(), line.kind(), line.inSampleSharpe(),
                    line.outOfSampleSharpe(),
                    st.get(0), st.get(1), st.get(2), st.get(3), st.get(4), st.get(5), st.get(6), st.get(7),
                    st.get(8), st.get(9),
                    s.benchmark(), b == null ? null : b.benchmarkReturn(), b == null ? null : b.excessReturn(),
                    b == null ? null : b.beta(), b == null ? null : b.alpha(), b == null ? null : b.correlation(),
                    b == null ? null : b.days(), line.inSample() == null ? null : Simulations.metricsRow(line.inSample())));
        }
        return rows;
    }

    private static List<RunLine> runLines(List<StrategyTask> tasks, List<TaskSummary> summaries,
            SettlementStyles settlement, List<SharedAccountTasks> accounts) {
        Map<Integer, SharedAccountTasks> accountOf = new HashMap<>();
        accounts.forEach(a -> a.taskIds().forEach(t -> accountOf.put(t, a)));
        List<RunLine> lines = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            StrategyTask task = tasks.get(i);
            StrategySpec spec = task.spec();
            String description = describe(task);
            String sweep = task.sweep().map(StrategyTask.SweepPoint::name).orElse(null);
            List<String> swept = task.sweep().map(StrategyTask.SweepPoint::parameters).orElse(null);
            SharedAccountTasks account = accountOf.get(i);
            List<Conventions.Convention> conventions = account == null ? Conventions.of(spec, settlement)
                    : Conventions.ofMember(spec, settlement, account.name(), spec.sizing().capital()
                            / account.taskIds().stream().mapToDouble(t -> tasks.get(t).spec().sizing().capital()
                                    * tasks.get(t).spec().underlyings().size()).sum());
            for (String u : spec.underlyings()) {
                int taskId = i;
                TaskSummary s = summaries.stream().filter(x -> x.taskId() == taskId && x.underlying().equals(u))
                        .findFirst().orElse(null);
                lines.add(new RunLine(i, spec.name(), u, task.className(), spec.parameters(), description,
                        s == null ? null : s.dataStart(), s == null ? null : s.dataEnd(), GoldTables.KIND_SIMULATION,
                        sweep, swept, conventions));
            }
        }
        return lines;
    }

    private static List<Row> runRows(String runId, Instant startedAt, List<RunLine> lines) {
        String version = codeVersion();
        List<Row> rows = new ArrayList<>();
        for (RunLine l : lines) {
            rows.add(RowFactory.create(runId, l.taskId(), l.strategy(), l.underlying(), l.strategyClass(),
                    l.parameters(), l.description(), sha256(l.description()), version, l.dataStart(), l.dataEnd(),
                    startedAt, l.kind(), l.sweep(), l.sweptParameters(), l.conventions() == null ? null
                            : l.conventions().stream().map(c -> RowFactory.create(c.topic(), c.rule())).toList()));
        }
        return rows;
    }

    /**
     * The task as a stable text: the spec's record form with its parameters sorted (a
     * {@code Map.copyOf} iterates in an order that changes between JVMs) and the class name.
     * Equal text, equal {@code config_hash}: two runs with one hash ran the same settings.
     */
    static String describe(StrategyTask task) {
        StrategySpec s = task.spec();
        return "StrategySpec[name=" + s.name() + ", underlyings=" + s.underlyings() + ", start=" + s.start()
                + ", end=" + s.end() + ", legs=" + s.legs() + ", entry=" + s.entry() + ", exits=" + s.exits()
                + ", fills=" + s.fills() + ", sizing=" + s.sizing() + ", cashRate=" + s.cashRate()
                + ", parameters=" + new TreeMap<>(s.parameters()) + ", assignment=" + s.assignment()
                + (s.universe().isDefault() ? "" : ", universe=" + s.universe()) + "]"
                + task.strategyClass().map(c -> " class=" + c).orElse("")
                + task.benchmark().map(b -> " benchmark=" + b.describe()).orElse("");
    }

    /** The jar's {@code Implementation-Version}, or "dev" when run from classes (tests, IDE). */
    static String codeVersion() {
        String v = StrategyJob.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }
}
