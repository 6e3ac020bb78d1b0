package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.core.tables.TableNames;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.spark.TableWriteTimeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's Iceberg tables: their fixed names, their DDL, and the table properties from
 * config. Creating is idempotent, and properties are only written when they differ, so a rerun
 * on unchanged data leaves every table's metadata as it was.
 */
public final class IcebergTables {
    private static final Logger LOG = LoggerFactory.getLogger(IcebergTables.class);

    public static final String BRONZE = TableNames.BRONZE;
    public static final String REJECTS = TableNames.REJECTS;
    public static final String SILVER = TableNames.SILVER;
    public static final String LEDGER = TableNames.LEDGER;
    public static final List<String> INGEST_TABLES = TableNames.INGEST;

    /**
     * Properties bronze and silver get when created (config's table-properties win): no Parquet
     * dictionary encoding, as their price, greek and volatility columns are nearly unique per day
     * and trying a dictionary for each of them was most of the write cost (zstd compresses the
     * plain values instead); and pages of up to 8 MB / 200,000 rows instead of 1 MB / 20,000, as
     * every page flush of 39 columns costs statistics, index entries and a compression call.
     */
    public static final Map<String, String> OPTION_TABLE_PROPERTIES = Map.of(
            "parquet.enable.dictionary", "false",
            "write.parquet.page-size-bytes", "8388608",
            "write.parquet.page-row-limit", "200000");

    /**
     * Silver's own: row groups of 32 MB instead of 128, so that a scan of one underlying skips
     * all but the few row groups of a day's file that hold it (rows are in underlying order).
     */
    public static final Map<String, String> SILVER_TABLE_PROPERTIES = Map.of(
            "write.parquet.row-group-size-bytes", "33554432");

    /** Snapshot summary property naming the batch a commit belongs to. */
    public static final String BATCH_PROPERTY = "trading.batch-id";
    /** Snapshot summary property of a silver append written as the batch's files were read. */
    public static final String AS_READ_PROPERTY = "trading.appended-as-read";
    /** Snapshot summary property of a commit that removed a batch's partial rows. */
    public static final String ROLLED_BACK_PROPERTY = "trading.rolled-back-batch-id";

    private final SparkSession spark;
    private final String catalog;
    private final Map<String, String> properties;

    public IcebergTables(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.catalog = config.get(ConfigKeys.CATALOG_NAME);
        this.properties = config.map("table-properties");
    }

    /** Catalog-qualified name, e.g. {@code trading.silver.option_eod}. */
    public String qualified(String table) {
        return catalog + "." + table;
    }

    public void ensureIngestTables() {
        for (String ns : List.of("bronze", "silver", "ops")) {
            spark.sql("CREATE NAMESPACE IF NOT EXISTS " + catalog + "." + ns);
        }
        String data = columns(OptionEodSchema.DATA_FIELDS);
        // bronze keeps every data line as landed, with its lineage; file_day is the trading
        // day the file's name gives (null when it gives none); line_cut marks a line kept cut
        // to LandingFileParser.MAX_LINE_CHARS (rejected: never typed into silver)
        create(BRONZE, "source_file STRING NOT NULL, line_number BIGINT NOT NULL, raw_line STRING NOT NULL,"
                + " file_day DATE, ingested_at TIMESTAMP NOT NULL, batch_id STRING NOT NULL, " + LINE_CUT + " BOOLEAN",
                "PARTITIONED BY (days(file_day))");
        create(REJECTS, "source_file STRING NOT NULL, line_number BIGINT NOT NULL, raw_line STRING,"
                + " reason STRING, ingested_at TIMESTAMP NOT NULL, batch_id STRING NOT NULL", "");
        // Day partitions only: a day's rows are in underlying order, so per-underlying scans skip
        // row groups by their statistics. (A bucket on the underlying as well made every bulk
        // append fan each task out to eight writers, a third of the ingest's cost.)
        boolean newSilver = create(SILVER, data + ", dte INT, mid_1545 DOUBLE,"
                + " source_file STRING NOT NULL, ingested_at TIMESTAMP NOT NULL, batch_id STRING NOT NULL",
                "PARTITIONED BY (days(quote_date))");
        if (newSilver) {
            // Sorted within each file for per-underlying pruning; hash distribution kept (not range).
            spark.sql("ALTER TABLE " + qualified(SILVER) + " WRITE DISTRIBUTED BY PARTITION LOCALLY ORDERED BY"
                    + " underlying_symbol, root, expiration, strike, option_type");
        }
        create(LEDGER, "path STRING NOT NULL, file_name STRING NOT NULL, size_bytes BIGINT NOT NULL,"
                + " modified_at TIMESTAMP NOT NULL, fingerprint STRING, variant STRING, status STRING NOT NULL,"
                + " rows_accepted BIGINT NOT NULL, rows_rejected BIGINT NOT NULL, error STRING,"
                + " batch_id STRING NOT NULL, quote_dates STRING, started_at TIMESTAMP NOT NULL,"
                + " finished_at TIMESTAMP NOT NULL", "");
        if (load(BRONZE).schema().findField("raw_line") == null) {
            throw new IllegalStateException(qualified(BRONZE) + " has the typed columns of an earlier version; bronze"
                    + " now keeps the landed lines (raw_line). Drop " + qualified(BRONZE) + ", " + qualified(SILVER)
                    + " and " + qualified(LEDGER) + " and run bootstrap again to reload every landing file.");
        }
        // bronze of an earlier version: its rows' line_cut stays null, which BronzeLineParser reads
        // from the line's length
        addMissingColumns(BRONZE, new org.apache.spark.sql.types.StructType()
                .add(LINE_CUT, org.apache.spark.sql.types.DataTypes.BooleanType));
        for (String t : INGEST_TABLES) {
            applyProperties(t);
        }
    }

    /** Bronze's column marking a line kept cut to {@link LandingFileParser#MAX_LINE_CHARS}. */
    public static final String LINE_CUT = "line_cut";

    private static String columns(List<StructField> fields) {
        return fields.stream()
                // data columns stay optional in the tables; validation guarantees the key's values
                .map(f -> f.name() + " " + f.dataType().sql())
                .collect(Collectors.joining(", "));
    }

    private boolean create(String table, String columns, String layout) {
        Map<String, String> own = new java.util.HashMap<>();
        if (table.equals(BRONZE) || table.equals(SILVER)) {
            own.putAll(OPTION_TABLE_PROPERTIES);
        }
        if (table.equals(SILVER)) {
            own.putAll(SILVER_TABLE_PROPERTIES);
        }
        return createIfMissing(table, columns, layout, columns.contains("batch_id") ? "batch_id" : null, own);
    }

    /**
     * Creates a table of this catalog when missing, with the config's table properties; true when
     * it did.
     *
     * @param columns        column DDL, e.g. {@code "a STRING, b INT"}
     * @param layout         partitioning clause, or empty
     * @param fullBoundsColumn a column whose full min/max are kept in file metadata (so its
     *                       values, such as a batch or run id, are found without reading data), or null
     */
    public boolean createIfMissing(String table, String columns, String layout, String fullBoundsColumn) {
        return createIfMissing(table, columns, layout, fullBoundsColumn, Map.of());
    }

    /** As above, with properties of this table that the config's table properties override. */
    public boolean createIfMissing(String table, String columns, String layout, String fullBoundsColumn,
            Map<String, String> tableDefaults) {
        if (exists(table)) {
            return false;
        }
        Map<String, String> all = new java.util.TreeMap<>(tableDefaults);
        all.putAll(properties);
        if (fullBoundsColumn != null) {
            all.put("write.metadata.metrics.column." + fullBoundsColumn, "full");
        }
        String props = all.entrySet().stream()
                .map(e -> "'" + e.getKey().replace("'", "\\'") + "'='" + e.getValue().replace("'", "\\'") + "'")
                .collect(Collectors.joining(", "));
        spark.sql("CREATE TABLE IF NOT EXISTS " + qualified(table) + " (" + columns + ") USING iceberg " + layout
                + (props.isEmpty() ? "" : " TBLPROPERTIES (" + props + ")"));
        LOG.info("Created table {}", qualified(table));
        return true;
    }

    public boolean exists(String table) {
        return spark.catalog().tableExists(qualified(table));
    }

    /**
     * Adds the columns a table made by an earlier version lacks (null in its existing rows); a
     * table that has them all gets no new metadata.
     */
    public void addMissingColumns(String table, org.apache.spark.sql.types.StructType columns) {
        addMissingColumns(table, columns, load(table));
    }

    /**
     * As {@link #addMissingColumns(String, org.apache.spark.sql.types.StructType)}, on the table as
     * just loaded (no second load); refreshes {@code loaded} when it added a column. True when it did.
     */
    public boolean addMissingColumns(String table, org.apache.spark.sql.types.StructType columns, Table loaded) {
        org.apache.iceberg.Schema current = loaded.schema();
        boolean added = false;
        for (StructField f : columns.fields()) {
            if (current.findField(f.name()) == null) {
                spark.sql("ALTER TABLE " + qualified(table) + " ADD COLUMN " + f.name() + " " + f.dataType().sql());
                LOG.info("Table {}: added column {}", qualified(table), f.name());
                added = true;
            }
        }
        if (added) {
            loaded.refresh();
        }
        return added;
    }

    /** Sets the config's table properties that differ; unchanged tables get no new metadata. */
    public void applyProperties(String name) {
        applyProperties(name, load(name));
    }

    /** As {@link #applyProperties(String)}, on the table as just loaded (no second load). */
    public void applyProperties(String name, Table table) {
        UpdateProperties update = table.updateProperties();
        List<String> changed = new ArrayList<>();
        properties.forEach((k, v) -> {
            if (!v.equals(table.properties().get(k))) {
                update.set(k, v);
                changed.add(k + "=" + v);
            }
        });
        if (!changed.isEmpty()) {
            try {
                update.commit();
            } catch (RuntimeException e) {
                throw TableWriteTimeouts.naming(qualified(name), "its table properties", e);
            }
            LOG.info("Table {}: set {}", qualified(name), String.join(", ", changed));
        }
    }

    public Table load(String table) {
        try {
            Table t = Spark3Util.loadIcebergTable(spark, qualified(table));
            t.refresh();
            return t;
        } catch (ParseException | NoSuchTableException e) {
            throw new IllegalStateException("Cannot load table " + qualified(table) + ": " + e.getMessage(), e);
        }
    }

    /** Appends rows to a table in one commit tagged with the batch id. */
    public void append(Dataset<Row> rows, String table, String batchId) {
        append(rows, table, batchId, Map.of());
    }

    /** Appends with Iceberg write options (e.g. {@code distribution-mode}) for this write only. */
    public void append(Dataset<Row> rows, String table, String batchId, Map<String, String> writeOptions) {
        try {
            rows.writeTo(qualified(table))
                    .options(writeOptions)
                    .option("snapshot-property." + BATCH_PROPERTY, batchId)
                    .append();
        } catch (NoSuchTableException e) {
            throw new IllegalStateException("Table " + qualified(table) + " disappeared during the run", e);
        } catch (RuntimeException e) {
            throw TableWriteTimeouts.naming(qualified(table), "an append of batch " + batchId, e);
        }
    }

    /** Another commit added rows where a validated write expected none: nothing was committed. */
    public static final class ConflictingWriteException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConflictingWriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Overwrites the rows matching {@code filter} with {@code rows} in one commit tagged with the
     * batch id, validated (serializable isolation) from snapshot {@code readAt}: if a commit since
     * added or deleted rows matching the filter, nothing is committed.
     *
     * @param readAt the snapshot the caller read the table at, or null for a table without one
     * @throws ConflictingWriteException when such a commit came first
     */
    public void overwriteValidated(Dataset<Row> rows, String table, String batchId, Map<String, String> writeOptions,
            org.apache.spark.sql.Column filter, Long readAt) {
        var writer = rows.writeTo(qualified(table))
                .options(writeOptions)
                .option("snapshot-property." + BATCH_PROPERTY, batchId)
                .option("isolation-level", "serializable");
        if (readAt != null) {
            writer = writer.option("validate-from-snapshot-id", Long.toString(readAt));
        }
        try {
            writer.overwrite(filter);
        } catch (NoSuchTableException e) {
            throw new IllegalStateException("Table " + qualified(table) + " disappeared during the run", e);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof org.apache.iceberg.exceptions.ValidationException) {
                    throw new ConflictingWriteException(t.getMessage(), e);
                }
            }
            throw TableWriteTimeouts.naming(qualified(table), "an overwrite of batch " + batchId, e);
        }
    }

    /** The table's current snapshot id, or null when it has none. */
    public Long snapshotIdOrNull(String table) {
        Snapshot s = load(table).currentSnapshot();
        return s == null ? null : s.snapshotId();
    }

    /** Live rows, read from the current snapshot's summary: no scan. */
    public long rowCount(String table) {
        Snapshot s = load(table).currentSnapshot();
        if (s == null) {
            return 0;
        }
        long records = Long.parseLong(s.summary().getOrDefault("total-records", "0"));
        long deletes = Long.parseLong(s.summary().getOrDefault("total-position-deletes", "0"));
        return records - deletes;
    }

    /** Current snapshot id, or -1 for an empty table; tests use it to see that a rerun changed nothing. */
    public long currentSnapshotId(String table) {
        Snapshot s = load(table).currentSnapshot();
        return s == null ? -1 : s.snapshotId();
    }
}
