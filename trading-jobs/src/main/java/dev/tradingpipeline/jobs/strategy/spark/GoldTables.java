package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.tradingpipeline.jobs.config.ConfigKeys;
import dev.tradingpipeline.jobs.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.maintenance.TableScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

    public static final String RUNS = "gold.strategy_runs";
    public static final String TRADES = "gold.strategy_trades";
    public static final String DAILY = "gold.strategy_daily";
    public static final String SUMMARY = "gold.strategy_summary";
    public static final List<String> ALL = List.of(RUNS, TRADES, DAILY, SUMMARY);

    /**
     * Values of the {@code kind} column of strategy_runs and strategy_summary: what a task id
     * stands for. A row of a run written before the column existed reads null: a simulation.
     */
    public static final String KIND_SIMULATION = "simulation";
    public static final String KIND_WALK_FORWARD = "walk-forward";
    public static final String KIND_PORTFOLIO = "portfolio";

    private static final List<StructField> KEY = List.of(
            field("run_id", StringType),
            field("task_id", IntegerType),
            field("strategy", StringType),
            field("underlying", StringType));

    public static final StructType RUNS_SCHEMA = schema(KEY,
            field("strategy_class", StringType),
            field("parameters", DataTypes.createMapType(StringType, DoubleType)),
            field("spec", StringType),
            field("config_hash", StringType),
            field("code_version", StringType),
            field("data_start", DateType),
            field("data_end", DateType),
            field("started_at", TimestampType),
            field("kind", StringType));

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

    public static final StructType DAY = schema(List.of(),
            field("date", DateType),
            field("equity", DoubleType),
            field("cash", DoubleType),
            field("exposure", DoubleType),
            field("daily_pnl", DoubleType),
            field("drawdown", DoubleType));

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

    public static final StructType TRADES_SCHEMA = schema(KEY, TRADE.fields());
    public static final StructType DAILY_SCHEMA = schema(KEY, DAY.fields());
    public static final StructType SUMMARY_SCHEMA = schema(KEY, concat(
            new StructField[] {field("parameters", DataTypes.createMapType(StringType, DoubleType))},
            METRICS.fields(),
            new StructField[] {field("note_count", IntegerType), field("ruin_date", DataTypes.DateType),
                field("stale_mark_contracts", IntegerType), field("kind", StringType)}));

    private static final Map<String, StructType> SCHEMAS = new LinkedHashMap<>();

    static {
        SCHEMAS.put(RUNS, RUNS_SCHEMA);
        SCHEMAS.put(TRADES, TRADES_SCHEMA);
        SCHEMAS.put(DAILY, DAILY_SCHEMA);
        SCHEMAS.put(SUMMARY, SUMMARY_SCHEMA);
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
     * Creates the four tables when missing, adds the columns a table of an earlier version lacks
     * and brings their properties in line with config; refuses (before writing anything to it) a
     * table outside the warehouse. Each table's metadata is loaded once.
     */
    public void ensure() {
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
        });
    }

    /** Appends in one commit tagged with the run id. */
    public void append(Dataset<Row> rows, String table, String runId) {
        tables.append(rows, table, runId);
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
