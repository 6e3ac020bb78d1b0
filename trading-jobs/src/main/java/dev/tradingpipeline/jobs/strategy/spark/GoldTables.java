package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.core.tables.TableNames;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.maintenance.TableScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The strategy mode's gold tables: names, schemas (the DDL is derived from them, so what the job
 * writes and what the table holds cannot drift apart) and creation with the config's table
 * properties, through {@link IcebergTables} as for the ingest tables.
 *
 * <p>Every row carries the {@code run_id} of the job run that wrote it and the {@code task_id}
 * (index of the task in the run) that, with the underlying, tells apart the grid points of a
 * sweep, which share a strategy name. A run appends one commit per table, tagged with the run id
 * as its batch; {@code strategy_runs} is written last, so a run listed there is complete.
 */
public final class GoldTables {

    public static final String RUNS = TableNames.RUNS;
    public static final String TRADES = TableNames.TRADES;
    public static final String DAILY = TableNames.DAILY;
    public static final String SUMMARY = TableNames.SUMMARY;
    public static final String WINDOWS = TableNames.WINDOWS;
    public static final String PORTFOLIO_MEMBERS = TableNames.PORTFOLIO_MEMBERS;
    public static final List<String> ALL = TableNames.GOLD;

    /**
     * Values of the {@code kind} column of strategy_runs and strategy_summary: what a task id
     * stands for. A row of a run written before the column existed reads null: a simulation.
     */
    public static final String KIND_SIMULATION = "simulation";
    public static final String KIND_WALK_FORWARD = "walk-forward";
    /** The out-of-sample days of the combination best in sample, at an in-sample split. */
    public static final String KIND_OUT_OF_SAMPLE = "out-of-sample";
    public static final String KIND_PORTFOLIO = "portfolio";

    private static final List<StructField> KEY = List.of(
            field("run_id", StringType),
            field("task_id", IntegerType),
            field("strategy", StringType),
            field("underlying", StringType));

    /** One market convention a simulation applied, as the report states it. */
    public static final StructType CONVENTION = schema(List.of(),
            field("topic", StringType),
            field("rule", StringType));

    /**
     * A task per underlying. {@code sweep} is the configured entry's name when the task is a grid
     * point of its sweep (else null), {@code swept_parameters} the swept parameters in the entry's
     * order, {@code conventions} what the simulation applied: what a report needs beyond the
     * results, so that a past run renders from the tables alone.
     */
    public static final StructType RUNS_WRITTEN = schema(KEY,
            field("strategy_class", StringType),
            field("parameters", DataTypes.createMapType(StringType, DoubleType)),
            field("spec", StringType),
            field("config_hash", StringType),
            field("code_version", StringType),
            field("data_start", DateType),
            field("data_end", DateType),
            field("started_at", TimestampType),
            field("kind", StringType),
            field("sweep", StringType),
            field("swept_parameters", DataTypes.createArrayType(StringType)),
            field("conventions", DataTypes.createArrayType(CONVENTION)));

    /**
     * What the whole run cost on EMR Serverless ({@link RunCostRecorder}): the same on each of the
     * run's rows (do not sum it over rows); null until the plugin's record-cost run writes it, and
     * on the local and spark targets, which have no bill.
     */
    public static final StructType RUN_COST = schema(List.of(),
            field("emr_job_run_id", StringType),
            field("billed_vcpu_hours", DoubleType),
            field("billed_memory_gb_hours", DoubleType),
            field("billed_storage_gb_hours", DoubleType),
            field("cost_usd", DataTypes.createDecimalType(18, 6)),
            field("cost_basis", StringType));

    /** strategy_runs: the columns a run writes ({@link #RUNS_WRITTEN}), then its cost ({@link #RUN_COST}). */
    public static final StructType RUNS_SCHEMA = schema(List.of(concat(RUNS_WRITTEN.fields(), RUN_COST.fields())));

    /** One leg of a trade; root, expiration, strike and option_type are null for an underlying leg. */
    public static final StructType LEG = schema(List.of(),
            field("instrument", StringType),
            field("root", StringType),
            field("expiration", DateType),
            field("strike", DoubleType),
            field("option_type", StringType),
            field("quantity", IntegerType),
            field("entry_price", DoubleType),
            field("exit_price", DoubleType),
            field("gross_pnl", DoubleType));

    /** A trade without the key columns: what an engine produces. */
    public static final StructType TRADE = schema(List.of(),
            field("position_id", LongType),
            field("entry_date", DateType),
            field("exit_date", DateType),
            field("exit_reason", StringType),
            field("legs", DataTypes.createArrayType(LEG)),
            field("entry_value", DoubleType),
            field("commissions", DoubleType),
            field("pnl", DoubleType));

    /** {@code benchmark_equity}: the benchmark scaled to the starting capital on its first day; null without one. */
    public static final StructType DAY = schema(List.of(),
            field("date", DateType),
            field("equity", DoubleType),
            field("cash", DoubleType),
            field("exposure", DoubleType),
            field("daily_pnl", DoubleType),
            field("drawdown", DoubleType),
            field("benchmark_equity", DoubleType));

    /**
     * A simulation against its benchmark ({@link dev.tradingpipeline.jobs.strategy.engine.BenchmarkComparison}):
     * all null without one, NaN for a figure that is undefined (too few common days);
     * {@code benchmark_days} counts the paired daily returns beta, alpha and correlation rest on.
     */
    public static final StructType BENCHMARK = schema(List.of(),
            field("benchmark", StringType),
            field("benchmark_return", DoubleType),
            field("excess_return", DoubleType),
            field("beta", DoubleType),
            field("alpha", DoubleType),
            field("correlation", DoubleType),
            field("benchmark_days", IntegerType));

    public static final StructType METRICS = schema(List.of(),
            field("total_return", DoubleType),
            field("cagr", DoubleType),
            field("volatility", DoubleType),
            field("sharpe", DoubleType),
            field("sortino", DoubleType),
            field("max_drawdown", DoubleType),
            field("calmar", DoubleType),
            field("win_rate", DoubleType),
            field("profit_factor", DoubleType),
            field("trade_count", IntegerType),
            field("average_trade", DoubleType),
            field("average_exposure", DoubleType));

    /**
     * A simulation's sampling statistics ({@code strategy.SimulationStatistics}): the probabilistic
     * Sharpe ratio against 0 and the stationary bootstrap's 5%-95% intervals; NaN where undefined,
     * the intervals null when no draw was made ({@code bootstrap_draws} 0); {@code bootstrap_seed} and
     * {@code bootstrap_mean_block} are the settings the intervals were drawn with, so that a re-render
     * states them.
     */
    public static final StructType STATISTICS = schema(List.of(),
            field("psr", DoubleType),
            field("sharpe_ci_low", DoubleType),
            field("sharpe_ci_high", DoubleType),
            field("cagr_ci_low", DoubleType),
            field("cagr_ci_high", DoubleType),
            field("max_drawdown_ci_low", DoubleType),
            field("max_drawdown_ci_high", DoubleType),
            field("bootstrap_draws", IntegerType),
            field("bootstrap_seed", LongType),
            field("bootstrap_mean_block", DoubleType));

    public static final StructType TRADES_SCHEMA = schema(KEY, TRADE.fields());
    public static final StructType DAILY_SCHEMA = schema(KEY, DAY.fields());
    public static final StructType SUMMARY_SCHEMA = schema(KEY, concat(
            new StructField[] {field("parameters", DataTypes.createMapType(StringType, DoubleType))},
            METRICS.fields(),
            new StructField[] {field("note_count", IntegerType), field("ruin_date", DataTypes.DateType),
                field("stale_mark_contracts", IntegerType), field("kind", StringType),
                field("in_sample_sharpe", DoubleType), field("out_of_sample_sharpe", DoubleType)},
            STATISTICS.fields(),
            BENCHMARK.fields(),
            new StructField[] {field("in_sample", METRICS)}));

    /**
     * {@link #WINDOWS}: {@code task_id} is the out-of-sample series' task; days are the first and
     * last trading days of each side; {@code selected_task_id} the combination chosen on the
     * training days, with its parameters; {@code train_metric} its {@code select_by} value there;
     * {@code test_sharpe} and {@code test_return} those of the test window's own run.
     */
    public static final StructType WINDOWS_SCHEMA = schema(KEY,
            field("window_number", IntegerType),
            field("train_start", DateType),
            field("train_end", DateType),
            field("test_start", DateType),
            field("test_end", DateType),
            field("select_by", StringType),
            field("selected_task_id", IntegerType),
            field("selected_parameters", DataTypes.createMapType(StringType, DoubleType)),
            field("train_metric", DoubleType),
            field("train_sharpe", DoubleType),
            field("test_sharpe", DoubleType),
            field("test_return", DoubleType),
            field("skipped", StringType));

    /**
     * {@code task_id} is the portfolio's, {@code member_task_id} the member simulation's (its rows in
     * the other tables); {@code strategy} is the member as the portfolio names it. {@code weight} and
     * {@code capital} are the simulation's share; {@code contribution} is its P&amp;L over the
     * portfolio's (NaN when that is 0), {@code return_contribution} its P&amp;L over the portfolio's
     * capital; {@code correlations} the Pearson correlation of its daily returns with each member's,
     * keyed {@code strategy/underlying}; {@code over_margin_days} the portfolio's count of dates on
     * which its members' summed exposure exceeded its equity (the same on each of its rows).
     */
    public static final StructType PORTFOLIO_MEMBERS_SCHEMA = schema(List.of(
            field("run_id", StringType),
            field("task_id", IntegerType),
            field("portfolio", StringType),
            field("member_task_id", IntegerType),
            field("strategy", StringType),
            field("underlying", StringType)),
            field("weight", DoubleType),
            field("capital", DoubleType),
            field("pnl", DoubleType),
            field("contribution", DoubleType),
            field("return_contribution", DoubleType),
            field("correlations", DataTypes.createMapType(StringType, DoubleType)),
            field("over_margin_days", IntegerType));

    private static final Map<String, StructType> SCHEMAS = new LinkedHashMap<>();

    static {
        SCHEMAS.put(RUNS, RUNS_SCHEMA);
        SCHEMAS.put(TRADES, TRADES_SCHEMA);
        SCHEMAS.put(DAILY, DAILY_SCHEMA);
        SCHEMAS.put(SUMMARY, SUMMARY_SCHEMA);
        SCHEMAS.put(WINDOWS, WINDOWS_SCHEMA);
        SCHEMAS.put(PORTFOLIO_MEMBERS, PORTFOLIO_MEMBERS_SCHEMA);
    }

    private final SparkSession spark;
    private final String catalog;
    private final IcebergTables tables;
    private final String warehouse;

    public GoldTables(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.catalog = config.get(ConfigKeys.CATALOG_NAME);
        this.tables = new IcebergTables(spark, config);
        this.warehouse = config.location(ConfigKeys.PATHS_WAREHOUSE);
    }

    public String qualified(String table) {
        return tables.qualified(table);
    }

    /**
     * Creates the tables when missing, adds the columns a table of an earlier version lacks
     * and brings their properties in line with config; refuses (before writing anything to it) a
     * table outside the warehouse. Each table's metadata is loaded once.
     *
     * @return the tables as loaded (and updated), by name: a run commits through them
     */
    public Map<String, Table> ensure() {
        Map<String, Table> loadedTables = new java.util.HashMap<>();
        if (!spark.catalog().databaseExists(catalog + ".gold")) {
            spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + ".gold");
        }
        SCHEMAS.forEach((table, schema) -> {
            String columns = java.util.Arrays.stream(schema.fields())
                    .map(f -> f.name() + " " + f.dataType().sql())
                    .collect(Collectors.joining(", "));
            // full bounds on run_id: a run's files are found from metadata alone
            tables.createIfMissing(table, columns, "", "run_id");
            Table loaded = tables.load(table);
            // a copied warehouse's tables still name the original's files: write nothing there
            TableScope.of(tables.qualified(table), loaded, warehouse,
                    spark.sparkContext().hadoopConfiguration(), "the strategy run writes nothing");
            tables.addMissingColumns(table, schema, loaded);
            tables.applyProperties(table, loaded);
            loadedTables.put(table, loaded);
        });
        return loadedTables;
    }

    /** Appends in one commit tagged with the run id. */
    public void append(Dataset<Row> rows, String table, String runId) {
        tables.append(rows, table, runId);
    }

    /**
     * Appends rows the driver already holds (a run's summaries, its runs rows), in
     * {@code schema}, in one commit tagged with the run id, without a Spark job ({@link GoldFiles#append}).
     */
    public void appendRows(List<Row> rows, StructType schema, String table, String runId) {
        // committed through the catalog's own table object: the session's next read sees it
        GoldFiles.append(tables.load(table), tables.qualified(table), rows, schema, runId);
    }

    /**
     * Writes rows the driver holds into one data file of the table ({@code loaded}: as
     * {@link #ensure} gave it), not committed ({@link #commitFiles}); null when there are none.
     */
    DataFile writeRows(Table loaded, List<Row> rows, StructType schema, String table, String runId) {
        return GoldFiles.write(loaded, qualified(table), rows, schema, runId);
    }

    /**
     * Appends data files written for the table ({@link GoldFiles.Writer}), in one commit tagged
     * with the run id, through the table as the session's catalog holds it now (loaded and
     * refreshed here): the session's next read sees the commit, however long ago the files'
     * table was loaded (the catalog's cache may hold another object by then).
     */
    void commitFiles(String table, List<DataFile> files, String runId) {
        GoldFiles.commit(tables.load(table), qualified(table), files, runId);
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    private static StructType schema(List<StructField> first, StructField... rest) {
        List<StructField> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return DataTypes.createStructType(all);
    }

    private static StructField[] concat(StructField[]... parts) {
        List<StructField> all = new ArrayList<>();
        for (StructField[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(new StructField[0]);
    }
}
