package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.maintenance.MaintenanceJob;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.spark.sql.SparkSession;

/**
 * After a bootstrap ({@code ingest.compact-after-bootstrap}), compacts the files the run's batches
 * wrote (found by batch id in file metadata, so older data is not touched) and rewrites manifests
 * where there are several. The data is loaded whatever happens here: a failure is a line of the
 * result, and {@code mvn trading:maintain} does it later.
 */
final class BootstrapCompaction {
    private BootstrapCompaction() {
    }

    /** @return one line per table compacted */
    static List<String> compact(SparkSession spark, TradingConfig config, List<String> batchIds) {
        List<String> lines = new ArrayList<>();
        MaintenanceJob maintenance = new MaintenanceJob(spark, config);
        Expression written = Expressions.in("batch_id", batchIds.toArray());
        for (String table : IcebergTables.INGEST_TABLES) {
            MaintenanceJob.ActionSummary s = maintenance.compact(table, written);
            lines.add(s.failed() ? s.line() + " (the data is loaded; mvn trading:maintain compacts later)" : s.line());
        }
        return lines;
    }
}
