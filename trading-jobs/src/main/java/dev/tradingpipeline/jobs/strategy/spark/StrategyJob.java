package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import dev.tradingpipeline.jobs.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.strategy.SettlementStyles;
import dev.tradingpipeline.jobs.strategy.StrategyLoader;
import dev.tradingpipeline.jobs.strategy.StrategySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code strategy} mode: backtests strategy tasks on silver and appends the outcome to the
 * gold tables under one new run id.
 *
 * <p>Silver is read pruned ({@link SilverChainScan}), its rows are routed to shards (one
 * underlying and a share of its simulations each), sorted by date within each shard, and every
 * shard runs its engines over the days in one pass ({@link Simulations}); the chain never reaches
 * the driver. Simulations of an underlying are split over several shards when the cluster has
 * more cores than underlyings, each shard then reading its own copy of the underlying's rows.
 */
public final class StrategyJob {
    private static final Logger LOG = LoggerFactory.getLogger(StrategyJob.class);
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The local properties {@code SparkContext.setJobGroup} sets. */
    private static final List<String> JOB_GROUP_PROPERTIES = List.of("spark.jobGroup.id", "spark.job.description",
            "spark.job.interruptOnCancel");

    private final SparkSession spark;
    private final IcebergTables tables;
    private final GoldTables gold;
    private final TradingConfig config;

    public StrategyJob(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.config = config;
        this.tables = new IcebergTables(spark, config);
        this.gold = new GoldTables(spark, config);
    }

    public GoldTables gold() {
        return gold;
    }

    /** The pruned silver rows the tasks need, for inspection and benchmarks (no strategy runs). */
    public Dataset<Row> silverScan(List<StrategyTask> tasks) {
        return SilverChainScan.read(spark, tables.qualified(IcebergTables.SILVER), tasks);
    }

    public StrategyRunResult run(List<StrategyTask> tasks) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no strategy to run");
        }
        for (StrategyTask t : tasks) {
            // a wrong class name fails here, before any data is read
            StrategyLoader.load(t.className(), t.spec(), Thread.currentThread().getContextClassLoader());
        }
        // a bad settlement table fails before any data is read, too
        SettlementStyles settlement = SettlementFile.styles(config, spark.sparkContext().hadoopConfiguration());
        if (!tables.exists(IcebergTables.SILVER)) {
            throw new IllegalStateException("Table " + tables.qualified(IcebergTables.SILVER)
                    + " does not exist: load data first (ingest mode)");
        }
        long t0 = System.nanoTime();
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String runId = RUN_ID_TIME.format(startedAt) + "-" + UUID.randomUUID().toString().substring(0, 8);
        // The gold tables are checked (created, given new columns, refused when outside the
        // warehouse) while the simulations run: nothing is written to gold before both are done,
        // and a refusal cancels the simulations at once.
        String jobGroup = "trading-strategy-" + runId;
        DriverThreads.Background ensured = DriverThreads.start("gold-tables-" + runId, gold::ensure,
                failure -> spark.sparkContext().cancelJobGroup(jobGroup));

        Map<Integer, List<Simulations.Simulation>> shards = shards(tasks,
                spark.sparkContext().defaultParallelism());
        Dataset<Row> routed = route(spark, silverScan(tasks), shards);
        Dataset<Row> results = routed
                .mapPartitions(new Simulations(tasks, shards, settlement), ExpressionEncoder.apply(Simulations.SCHEMA, true))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Row> collected = simulate(results, jobGroup, runId, ensured);
            ensured.join();
            long t1 = System.nanoTime();
            List<TaskSummary> summaries = summaries(tasks, collected);
            List<String> withoutData = withoutData(tasks, summaries);
            withoutData.forEach(s -> LOG.warn("No silver data for {} within its dates: skipped", s));

            // three independent commits at once, each reading the persisted results or the summaries
            // (each thread builds its own rows: analysing a Dataset takes a while too); meanwhile this
            // thread prepares strategy_runs' rows, committed last, once the others have committed: a run
            // listed in strategy_runs has all its rows in the other tables
            Dataset<Row> runs = DriverThreads.runAll("gold-append-" + runId, List.of(
                    () -> gold.append(results.select(col("task_id"), col("strategy"), col("underlying"),
                                    explode(col("trades")).as("t"))
                            .select(lit(runId).as("run_id"), col("task_id"), col("strategy"), col("underlying"),
                                    col("t.*")), GoldTables.TRADES, runId),
                    () -> gold.append(results.select(col("task_id"), col("strategy"), col("underlying"),
                                    explode(col("daily")).as("d"))
                            .select(lit(runId).as("run_id"), col("task_id"), col("strategy"), col("underlying"),
                                    col("d.*")), GoldTables.DAILY, runId),
                    () -> gold.append(summaryRows(runId, summaries), GoldTables.SUMMARY, runId)),
                    () -> runRows(runId, startedAt, tasks, summaries));
            gold.append(runs, GoldTables.RUNS, runId);
            long t2 = System.nanoTime();

            long notes = summaries.stream().mapToLong(TaskSummary::noteCount).sum();
            LOG.info(String.format(java.util.Locale.ROOT, "Strategy run %s: %d simulation(s) over %d shard(s),"
                    + " %d note(s); %.1f s (simulations %.1f s, gold tables %.1f s)", runId, summaries.size(),
                    shards.size(), notes, (t2 - t0) / 1e9, (t1 - t0) / 1e9, (t2 - t1) / 1e9));
            return new StrategyRunResult(runId, summaries, notes, withoutData);
        } finally {
            ensured.joinQuietly();
            results.unpersist();
        }
    }

    /**
     * Runs the simulations (filling the persisted {@code results}) and collects their summary
     * columns, in a job group that a failure of {@code ensured} cancels; that failure is then
     * what is thrown.
     */
    private List<Row> simulate(Dataset<Row> results, String jobGroup, String runId,
            DriverThreads.Background ensured) {
        var context = spark.sparkContext();
        Map<String, String> before = new HashMap<>();
        for (String p : JOB_GROUP_PROPERTIES) {
            before.put(p, context.getLocalProperty(p));
        }
        context.setJobGroup(jobGroup, "strategy run " + runId, false);
        try {
            if (ensured.failed()) {
                ensured.join();
            }
            return results.select(col("task_id"), col("strategy"), col("underlying"),
                    col("data_start"), col("data_end"), col("metrics"), size(col("notes")).as("note_count"),
                    col("ruin_date"), col("stale_mark_contracts"))
                    .collectAsList();
        } catch (Exception e) { // a cancelled job ends in a SparkException, which Java sees as checked
            if (ensured.failed()) {
                try {
                    ensured.join();
                } catch (RuntimeException refused) {
                    if (refused != e) {
                        refused.addSuppressed(e);
                    }
                    throw refused;
                }
            }
            throw e;
        } finally {
            before.forEach(context::setLocalProperty); // the caller's job group, if any, again
        }
    }

    /**
     * The chain's rows with their shard number first, then {@link ChainRows#COLUMNS}: shard i in
     * partition i ({@link ShardPartitions}), sorted by date within it.
     */
    static Dataset<Row> route(SparkSession spark, Dataset<Row> chain,
            Map<Integer, List<Simulations.Simulation>> shards) {
        int[] partitionKeys = ShardPartitions.keys(shards.size());
        List<Row> shardRows = new ArrayList<>();
        shards.forEach((shard, sims) -> shardRows.add(RowFactory.create(sims.get(0).underlying(), shard,
                partitionKeys[shard])));
        Dataset<Row> shardOf = spark.createDataFrame(shardRows, DataTypes.createStructType(List.of(
                DataTypes.createStructField("shard_underlying", DataTypes.StringType, false),
                DataTypes.createStructField("shard", DataTypes.IntegerType, false),
                DataTypes.createStructField("shard_partition", DataTypes.IntegerType, false))));

        List<org.apache.spark.sql.Column> cols = new ArrayList<>();
        cols.add(col("shard"));
        for (String c : ChainRows.COLUMNS) {
            cols.add(col(c));
        }
        List<org.apache.spark.sql.Column> shuffled = new ArrayList<>(cols);
        shuffled.add(col("shard_partition"));
        return chain
                .join(functions.broadcast(shardOf), col("underlying_symbol").equalTo(col("shard_underlying")))
                .select(shuffled.toArray(org.apache.spark.sql.Column[]::new))
                .repartition(shards.size(), col("shard_partition"))
                // one long key for (shard, date): Spark sorts it by its prefix alone (a radix sort),
                // where two keys made every row of a partition (one shard) tie on the prefix and
                // be compared in full
                .sortWithinPartitions(functions.expr("shiftleft(CAST(shard AS BIGINT), 32) + unix_date(quote_date)"))
                .select(cols.toArray(org.apache.spark.sql.Column[]::new));
    }

    /**
     * Groups the simulations (task x underlying) into shards of one underlying each: as many
     * shards per underlying as its simulations, at most {@code parallelism / underlyings}
     * (at least one), simulations dealt round-robin. Shard numbers start at 0.
     */
    static Map<Integer, List<Simulations.Simulation>> shards(List<StrategyTask> tasks, int parallelism) {
        Map<String, List<Simulations.Simulation>> byUnderlying = new TreeMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            for (String u : tasks.get(i).spec().underlyings()) {
                byUnderlying.computeIfAbsent(u, k -> new ArrayList<>()).add(new Simulations.Simulation(i, u));
            }
        }
        int perUnderlying = Math.max(1, parallelism / byUnderlying.size());
        Map<Integer, List<Simulations.Simulation>> shards = new LinkedHashMap<>();
        int next = 0;
        for (List<Simulations.Simulation> sims : byUnderlying.values()) {
            int n = Math.min(sims.size(), perUnderlying);
            for (int i = 0; i < sims.size(); i++) {
                shards.computeIfAbsent(next + i % n, k -> new ArrayList<>()).add(sims.get(i));
            }
            next += n;
        }
        return shards;
    }

    private static List<TaskSummary> summaries(List<StrategyTask> tasks, List<Row> rows) {
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
                    out.add(new TaskSummary(i, spec.name(), u, spec.parameters(), ChainRows.toDate(r.get(3)),
                            ChainRows.toDate(r.get(4)), Simulations.summary(r.getStruct(5)), r.getInt(6),
                            r.isNullAt(7) ? null : ChainRows.toDate(r.get(7)), r.getInt(8)));
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

    private Dataset<Row> summaryRows(String runId, List<TaskSummary> summaries) {
        List<Row> rows = new ArrayList<>();
        for (TaskSummary s : summaries) {
            var m = s.metrics();
            rows.add(RowFactory.create(runId, s.taskId(), s.strategy(), s.underlying(), s.parameters(),
                    m.totalReturn(), m.cagr(), m.volatility(), m.sharpe(), m.sortino(), m.maxDrawdown(), m.calmar(),
                    m.winRate(), m.profitFactor(), m.tradeCount(), m.averageTrade(), m.averageExposure(),
                    s.noteCount(), s.ruinDate(), s.staleMarkContracts(), GoldTables.KIND_SIMULATION));
        }
        return spark.createDataFrame(rows, GoldTables.SUMMARY_SCHEMA);
    }

    private Dataset<Row> runRows(String runId, Instant startedAt, List<StrategyTask> tasks,
            List<TaskSummary> summaries) {
        String version = codeVersion();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            StrategyTask task = tasks.get(i);
            StrategySpec spec = task.spec();
            String description = describe(task);
            String hash = sha256(description);
            for (String u : spec.underlyings()) {
                int taskId = i;
                TaskSummary s = summaries.stream().filter(x -> x.taskId() == taskId && x.underlying().equals(u))
                        .findFirst().orElse(null);
                LocalDate start = s == null ? null : s.dataStart();
                LocalDate end = s == null ? null : s.dataEnd();
                rows.add(RowFactory.create(runId, i, spec.name(), u, task.className(), spec.parameters(),
                        description, hash, version, start, end, startedAt, GoldTables.KIND_SIMULATION));
            }
        }
        return spark.createDataFrame(rows, GoldTables.RUNS_SCHEMA);
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
                + task.strategyClass().map(c -> " class=" + c).orElse("");
    }

    /** The jar's {@code Implementation-Version}, or "dev" when run from classes (tests, IDE). */
    static String codeVersion() {
        String v = StrategyJob.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
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
