package dev.tradingpipeline.jobs.ingest;

import java.util.Map;
import java.util.Set;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.sql.SparkSession;

/**
 * Deletes a batch's rows from an ingest table, in one of two kinds of commit (see
 * {@link BatchCommit}): one of the batch's own (files that broke part way, an append that turned
 * out wrong), or its rollback.
 */
final class BatchRows {
    private final SparkSession spark;
    private final IcebergTables tables;

    BatchRows(SparkSession spark, IcebergTables tables) {
        this.spark = spark;
        this.tables = tables;
    }

    /** Deletes a batch's rows of these files (all of them when paths is null), in a commit of the batch. */
    void delete(String table, String batchId, Set<String> paths) {
        String files = paths == null ? "" : " AND " + SourceFiles.sqlOfFiles(paths);
        CommitMetadata.withCommitProperties(Map.of(IcebergTables.BATCH_PROPERTY, batchId), () -> {
            spark.sql("DELETE FROM " + tables.qualified(table) + " WHERE batch_id = '" + batchId + "'" + files);
            return null;
        }, RuntimeException.class);
    }

    /** Deletes every row of a batch, in a commit marked as its rollback. */
    void rollBack(String table, String batchId) {
        CommitMetadata.withCommitProperties(Map.of(IcebergTables.ROLLED_BACK_PROPERTY, batchId), () -> {
            spark.sql("DELETE FROM " + tables.qualified(table) + " WHERE batch_id = '" + batchId + "'");
            return null;
        }, RuntimeException.class);
    }
}
