package dev.tradingpipeline.jobs.ingest;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The ledger of landing files ({@code ops.landing_files}): one row per attempt to load a file,
 * appended in the same batch that loaded it, so the latest row of a path is its status. A batch
 * counts as committed once its ledger rows are.
 */
public final class LandingFileLedger {

    public static final String LOADED = "LOADED";
    public static final String FAILED = "FAILED";

    /** One ledger row. */
    public record Entry(String path, String fileName, long sizeBytes, Instant modifiedAt, String fingerprint,
            String variant, String status, long rowsAccepted, long rowsRejected, String error, String batchId,
            String quoteDates, Instant startedAt, Instant finishedAt) {

        Row toRow() {
            return RowFactory.create(path, fileName, sizeBytes, modifiedAt, fingerprint, variant, status,
                    rowsAccepted, rowsRejected, error, batchId, quoteDates, startedAt, finishedAt);
        }

        static Entry of(Row r) {
            return new Entry(r.getString(0), r.getString(1), r.getLong(2), r.getAs(3), r.getString(4),
                    r.getString(5), r.getString(6), r.getLong(7), r.getLong(8), r.getString(9), r.getString(10),
                    r.getString(11), r.getAs(12), r.getAs(13));
        }

        /** True when this entry says the file, as listed now, is already loaded. */
        public boolean covers(LandingFile f) {
            return LOADED.equals(status) && sizeBytes == f.size()
                    && modifiedAt.toEpochMilli() == f.modifiedAtMillis();
        }
    }

    private final SparkSession spark;
    private final IcebergTables tables;

    public LandingFileLedger(SparkSession spark, IcebergTables tables) {
        this.spark = spark;
        this.tables = tables;
    }

    private List<Entry> all() {
        return spark.table(tables.qualified(IcebergTables.LEDGER)).collectAsList().stream().map(Entry::of).toList();
    }

    /** The latest entry of every path. */
    public Map<String, Entry> latestByPath() {
        Map<String, Entry> latest = new HashMap<>();
        for (Entry e : all()) {
            latest.merge(e.path(), e, (a, b) -> b.finishedAt().isAfter(a.finishedAt()) ? b : a);
        }
        return latest;
    }

    /** Every batch the ledger has recorded: the committed ones. */
    public Set<String> committedBatches() {
        Set<String> ids = new HashSet<>();
        all().forEach(e -> ids.add(e.batchId()));
        return ids;
    }

    /**
     * Batches with commits in a table (bronze or rejects) that neither reached the ledger nor were
     * rolled back, each with the time of its first commit: what an ingest must still clean up. It
     * reads the table's snapshot summaries, so those snapshots must not be expired before then.
     *
     * @param committed the ledger's batches, {@link #committedBatches()}
     */
    public static Map<String, Long> unfinishedBatches(Table table, Set<String> committed) {
        Map<String, Long> written = new LinkedHashMap<>();
        Set<String> rolledBack = new HashSet<>();
        for (Snapshot s : table.snapshots()) {
            String batch = s.summary().get(IcebergTables.BATCH_PROPERTY);
            if (batch != null) {
                written.merge(batch, s.timestampMillis(), Math::min);
            }
            Optional.ofNullable(s.summary().get(IcebergTables.ROLLED_BACK_PROPERTY)).ifPresent(rolledBack::add);
        }
        written.keySet().removeAll(committed);
        written.keySet().removeAll(rolledBack);
        return written;
    }

    public void record(List<Entry> entries, String batchId) {
        StructType schema = spark.table(tables.qualified(IcebergTables.LEDGER)).schema();
        List<Row> rows = entries.stream().map(Entry::toRow).toList();
        // a batch's ledger rows are a handful: one file, not one per default partition
        tables.append(spark.createDataFrame(rows, schema).coalesce(1), IcebergTables.LEDGER, batchId);
    }
}
