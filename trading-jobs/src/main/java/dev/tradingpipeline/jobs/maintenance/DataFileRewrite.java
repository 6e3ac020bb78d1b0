package dev.tradingpipeline.jobs.maintenance;

import static dev.tradingpipeline.jobs.maintenance.MaintenanceText.size;

import dev.tradingpipeline.jobs.ingest.IcebergTables;
import java.util.Locale;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.spark.sql.SparkSession;

/**
 * Compaction ({@value MaintenanceJob#REWRITE_DATA_FILES}): bin-packs partitions with two or more
 * files outside the target size range; silver is sorted instead, in its sort order.
 */
final class DataFileRewrite {
    private final SparkSession spark;

    DataFileRewrite(SparkSession spark) {
        this.spark = spark;
    }

    /** @param filter the data files to consider (all: {@code alwaysTrue()}) */
    ActionCounts run(MaintainedTable t, Expression filter) {
        Table table = t.load();
        if (table.currentSnapshot() == null) {
            return ActionCounts.of(ActionCounts.NOTHING_TO_DO);
        }
        RewriteDataFiles action = SparkActions.get(spark).rewriteDataFiles(table)
                .filter(filter)
                .option("target-file-size-bytes", String.valueOf(targetFileSize(table)))
                .option("min-input-files", "2")
                .option("partial-progress.enabled", "true");
        // silver is read by underlying and contract: its files stay in the table's sort order
        action = t.name().equals(IcebergTables.SILVER) && table.sortOrder().isSorted() ? action.sort() : action.binPack();
        RewriteDataFiles.Result r = action.execute();
        int rewritten = r.rewrittenDataFilesCount();
        int failedFiles = r.failedDataFilesCount();
        String text = rewritten == 0 && failedFiles == 0 ? ActionCounts.NOTHING_TO_DO
                : String.format(Locale.ROOT, "%d files (%s) rewritten into %d", rewritten, size(r.rewrittenBytesCount()),
                        r.addedDataFilesCount());
        if (failedFiles > 0) {
            text += String.format(Locale.ROOT, "; %d file(s) in %d group(s) not rewritten (the driver log has the cause)",
                    failedFiles, r.rewriteFailures().size());
        }
        return new ActionCounts(failedFiles > 0, rewritten, r.addedDataFilesCount(), r.rewrittenBytesCount(), 0, 0, 0,
                0, 0, text);
    }

    static long targetFileSize(Table table) {
        return PropertyUtil.propertyAsLong(table.properties(), TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    }
}
