package dev.tradingpipeline.jobs.maintenance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * {@value MaintenanceJob#EXPIRE_SNAPSHOTS}: expires snapshots older than
 * {@code maintenance.expire-older-than}, keeping the newest {@code maintenance.retain-last} and
 * those an unfinished ingest batch still needs ({@link UnfinishedIngestBatches}); deletes only the
 * files they leave unreferenced under the table's location.
 */
final class SnapshotExpiry {
    /** Tables with up to this many snapshots are expired on the driver, larger ones by Spark jobs. */
    static final int IN_DRIVER_SNAPSHOTS = 1000;

    private final SparkSession spark;
    private final Duration olderThan;
    private final int retainLast;

    SnapshotExpiry(SparkSession spark, Duration olderThan, int retainLast) {
        this.spark = spark;
        this.olderThan = olderThan;
        this.retainLast = retainLast;
    }

    /** @param keepFrom the time from which snapshots are kept whatever their age, or null */
    ActionCounts run(MaintainedTable t, Long keepFrom) {
        Table table = t.load();
        Set<Long> before = snapshotIds(table);
        long cutoff = cutoff(keepFrom);
        // Iceberg commits the expiry, then hands over the files only expired snapshots referenced:
        // collected here, and only those under the table's location are deleted
        List<String> unreferenced = Collections.synchronizedList(new ArrayList<>());
        if (before.size() <= IN_DRIVER_SNAPSHOTS) {
            // a table of modest history is cleaned up on the driver in a moment; Spark jobs take seconds
            table.expireSnapshots()
                    .expireOlderThan(cutoff)
                    .retainLast(retainLast)
                    .deleteWith(unreferenced::add)
                    .commit();
        } else {
            SparkActions.get(spark).expireSnapshots(table)
                    .expireOlderThan(cutoff)
                    .retainLast(retainLast)
                    .deleteWith(unreferenced::add)
                    .execute();
        }
        OwnedFileDeletion.Deleted deleted = OwnedFileDeletion.delete(t, table, List.copyOf(unreferenced));
        table.refresh();
        Set<Long> expired = new HashSet<>(before);
        expired.removeAll(snapshotIds(table));
        return new ActionCounts(!deleted.refused().isEmpty(), 0, 0, 0, 0, 0, expired.size(), deleted.count(), 0,
                String.format(Locale.ROOT, "%d snapshots expired, %d files deleted", expired.size(), deleted.count())
                        + deleted.refusal(t.scope()));
    }

    /**
     * Snapshots an expiry would remove: older than the cutoff, not among the newest
     * {@code retain-last}, not the current one.
     */
    int wouldExpire(List<Snapshot> snapshots, Snapshot current, Long keepFrom) {
        long cutoff = cutoff(keepFrom);
        List<Snapshot> newestFirst = new ArrayList<>(snapshots);
        newestFirst.sort(Comparator.comparingLong(Snapshot::timestampMillis)
                .thenComparingLong(Snapshot::sequenceNumber).reversed());
        int expire = 0;
        for (int i = retainLast; i < newestFirst.size(); i++) {
            Snapshot s = newestFirst.get(i);
            if (s.timestampMillis() < cutoff && (current == null || s.snapshotId() != current.snapshotId())) {
                expire++;
            }
        }
        return expire;
    }

    /** The expiry cutoff: now minus the configured age, earlier when an unfinished batch needs older snapshots. */
    private long cutoff(Long keepFrom) {
        long cutoff = System.currentTimeMillis() - olderThan.toMillis();
        return keepFrom == null ? cutoff : Math.min(cutoff, keepFrom);
    }

    private static Set<Long> snapshotIds(Table table) {
        Set<Long> ids = new HashSet<>();
        table.snapshots().forEach(s -> ids.add(s.snapshotId()));
        return ids;
    }
}
