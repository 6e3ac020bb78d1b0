package dev.tradingpipeline.jobs.maintenance;

import static dev.tradingpipeline.jobs.maintenance.MaintenanceText.message;

import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.ingest.LandingFileLedger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For bronze and rejects, the time of the first commit of an ingest batch the ledger does not
 * know (a run died or is running): the next ingest finds that batch's rows from the snapshot
 * summaries, so snapshots from then on are not expired ({@link SnapshotExpiry}). When that cannot
 * be told, the table's snapshots are not expired at all.
 */
final class UnfinishedIngestBatches {
    private static final Logger LOG = LoggerFactory.getLogger(UnfinishedIngestBatches.class);

    private UnfinishedIngestBatches() {
    }

    /**
     * @param present the tables maintenance looks after
     * @param notes   where a note goes for each table whose snapshots are kept
     * @return per table, the time from which its snapshots are kept (0: all of them)
     */
    static Map<String, Long> keepFrom(SparkSession spark, IcebergTables tables, List<String> present,
            List<String> notes) {
        Map<String, Long> keepFrom = new LinkedHashMap<>();
        List<String> guarded = present.stream()
                .filter(t -> t.equals(IcebergTables.BRONZE) || t.equals(IcebergTables.REJECTS)).toList();
        if (guarded.isEmpty()) {
            return keepFrom;
        }
        Set<String> committed;
        try {
            committed = tables.exists(IcebergTables.LEDGER) ? new LandingFileLedger(spark, tables).committedBatches()
                    : Set.of();
        } catch (RuntimeException e) {
            LOG.error("Cannot read the ledger {}", tables.qualified(IcebergTables.LEDGER), e);
            for (String name : guarded) {
                keepFrom.put(name, 0L);
                notes.add(name + ": no snapshot expired: the ledger, which tells unfinished ingest batches, cannot be"
                        + " read (" + message(e) + ")");
            }
            return keepFrom;
        }
        for (String name : guarded) {
            Map<String, Long> unfinished;
            try {
                unfinished = LandingFileLedger.unfinishedBatches(tables.load(name), committed);
            } catch (RuntimeException e) {
                // its actions fail and say why; should one succeed after all, it expires nothing
                LOG.error("Cannot read the snapshots of {}", tables.qualified(name), e);
                keepFrom.put(name, 0L);
                continue;
            }
            if (!unfinished.isEmpty()) {
                long from = unfinished.values().stream().mapToLong(Long::longValue).min().getAsLong();
                keepFrom.put(name, from);
                notes.add(name + ": snapshots since " + Instant.ofEpochMilli(from) + " are kept: ingest batch(es) "
                        + String.join(", ", unfinished.keySet())
                        + " did not finish (the next bootstrap or daily removes their rows)");
            }
        }
        return keepFrom;
    }
}
