package dev.tradingpipeline.jobs.maintenance;

import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteManifests;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * {@value MaintenanceJob#REWRITE_MANIFESTS}: rewrites a table's data manifests into as few as their
 * size calls for, when there is more than one.
 */
final class ManifestRewrite {
    /** Up to this many data manifests are rewritten on the driver, more by a Spark job. */
    static final int IN_DRIVER_MANIFESTS = 100;

    private final SparkSession spark;

    ManifestRewrite(SparkSession spark) {
        this.spark = spark;
    }

    ActionCounts run(Table table) {
        Snapshot current = table.currentSnapshot();
        if (current == null || current.dataManifests(table.io()).size() <= 1) {
            return ActionCounts.of(ActionCounts.NOTHING_TO_DO);
        }
        int rewritten;
        int added;
        int manifests = current.dataManifests(table.io()).size();
        if (manifests <= IN_DRIVER_MANIFESTS) {
            // a few manifests are merged on the driver in a moment; a Spark job would take seconds
            table.rewriteManifests().clusterBy(file -> "all").commit();
            Map<String, String> summary = table.currentSnapshot().summary();
            rewritten = Integer.parseInt(summary.getOrDefault("manifests-replaced", "0"));
            added = Integer.parseInt(summary.getOrDefault("manifests-created", "0"));
        } else {
            RewriteManifests.Result r = SparkActions.get(spark).rewriteManifests(table).execute();
            rewritten = count(r.rewrittenManifests());
            added = count(r.addedManifests());
        }
        return new ActionCounts(false, 0, 0, 0, rewritten, added, 0, 0, 0,
                String.format(Locale.ROOT, "%d manifests rewritten into %d", rewritten, added));
    }

    private static int count(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }
}
