package dev.tradingpipeline.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a batch's rows into silver: an append of days silver does not have (validated, so a day is
 * never there twice), else a MERGE on the natural key that reads only the batch's quote dates.
 */
final class SilverWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SilverWriter.class);

    private final SparkSession spark;
    private final IcebergTables tables;

    SilverWriter(SparkSession spark, IcebergTables tables) {
        this.spark = spark;
        this.tables = tables;
    }

    /**
     * Puts the batch's rows into silver. When silver has no rows yet for the batch's quote dates
     * (the usual bootstrap and daily case, told from table metadata alone) it appends. Otherwise
     * it merges on the natural key, with the batch's quote dates as a literal predicate on the
     * target, so the merge reads only those day partitions, never all of silver.
     */
    void write(Dataset<Row> incoming, Set<LocalDate> quoteDates, String batchId) {
        Long readAt = tables.snapshotIdOrNull(IcebergTables.SILVER);
        if (!hasAnyOf(quoteDates, readAt) && append(incoming, batchId, false, quoteDates, readAt)) {
            return;
        }
        // silver has some of these days (or another run appended them since it was read): merge
        String view = "incoming_" + batchId.replaceAll("[^A-Za-z0-9]", "_");
        incoming.createOrReplaceTempView(view);
        TreeSet<LocalDate> dates = new TreeSet<>(quoteDates);
        String datePredicate = dates.size() <= 400
                ? "t.quote_date IN (" + dates.stream().map(d -> "DATE '" + d + "'").collect(Collectors.joining(", ")) + ")"
                : "t.quote_date BETWEEN DATE '" + dates.first() + "' AND DATE '" + dates.last() + "'";
        String on = OptionEodSchema.NATURAL_KEY.stream().map(k -> "t." + k + " = s." + k)
                .collect(Collectors.joining(" AND "));
        String merge = "MERGE INTO " + tables.qualified(IcebergTables.SILVER) + " t USING " + view + " s ON "
                + datePredicate + " AND " + on
                + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *";
        try {
            CommitMetadata.withCommitProperties(Map.of(IcebergTables.BATCH_PROPERTY, batchId), () -> {
                spark.sql(merge);
                return null;
            }, RuntimeException.class);
        } finally {
            spark.catalog().dropTempView(view);
        }
    }

    /**
     * Appends rows for days silver did not have at snapshot {@code readAt}. They arrive grouped by
     * landing file, i.e. by quote date, in the vendor's order (underlying, root, expiration,
     * strike): written where they are, with no shuffle and no sort. Compaction sorts by the
     * table's sort order where it rewrites.
     *
     * <p>The append is an overwrite of those days (which held nothing) validated from
     * {@code readAt}: if another run added rows of them since, nothing is committed and this
     * returns false, so a day is never in silver twice, not even for a moment.
     *
     * @param asRead the rows as the batch's files were read, before its checks: marked
     *               {@link IcebergTables#AS_READ_PROPERTY}
     * @return false when another run appended rows of these days since {@code readAt}
     */
    boolean append(Dataset<Row> incoming, String batchId, boolean asRead, Set<LocalDate> days, Long readAt) {
        Map<String, String> options = new HashMap<>(Map.of("distribution-mode", "none",
                "use-table-distribution-and-ordering", "false", "fanout-enabled", "true"));
        if (asRead) {
            options.put("snapshot-property." + IcebergTables.AS_READ_PROPERTY, "true");
        }
        Column ofDays = col("quote_date").isin(days.stream().map(d -> (Object) d).toArray());
        try {
            tables.overwriteValidated(incoming, IcebergTables.SILVER, batchId, options, ofDays, readAt);
            return true;
        } catch (IcebergTables.ConflictingWriteException e) {
            LOG.warn("Batch {}: silver append not committed: {}", batchId, e.getMessage());
            return false;
        }
    }

    /**
     * Whether silver has data files in any of these quote-date partitions at a snapshot (null: the
     * table has none yet): manifests only, no data read.
     */
    boolean hasAnyOf(Set<LocalDate> quoteDates, Long snapshotId) {
        if (snapshotId == null || quoteDates.isEmpty()) {
            return false;
        }
        Table silver = tables.load(IcebergTables.SILVER);
        Expression filter = Expressions.in("quote_date", quoteDates.stream().map(LocalDate::toString).toArray());
        try (CloseableIterable<FileScanTask> files = silver.newScan().useSnapshot(snapshotId).filter(filter)
                .ignoreResiduals().planFiles()) {
            return files.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
