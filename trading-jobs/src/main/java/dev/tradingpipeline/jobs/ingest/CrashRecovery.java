package dev.tradingpipeline.jobs.ingest;

import static org.apache.spark.sql.functions.col;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a run loads anything, removes the rows of batches that never reached the ledger: their
 * bronze and reject rows, and their silver rows where the batch appended them as read. Why that
 * is all a crash leaves to repair: {@link BatchCommit}.
 */
final class CrashRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(CrashRecovery.class);

    private final SparkSession spark;
    private final IcebergTables tables;
    private final LandingFileLedger ledger;
    private final BatchRows rows;

    CrashRecovery(SparkSession spark, IcebergTables tables, LandingFileLedger ledger, BatchRows rows) {
        this.spark = spark;
        this.tables = tables;
        this.ledger = ledger;
        this.rows = rows;
    }

    /**
     * Rolls back every unfinished batch, its rollback recorded in the ledger before its rows go:
     * the batch may be another run's, still loading ({@link BatchCommit}).
     *
     * @param listed the landing files as listed now, for the ledger's record of the rollback
     * @param notes  where the run's notes go: one per table cleaned, or per batch left alone
     */
    void rollBackUnfinished(List<LandingFile> listed, List<String> notes) {
        Long readAt = ledger.snapshotId();
        Set<String> committed = ledger.committedBatches();
        Map<String, Set<String>> unfinishedIn = new LinkedHashMap<>();
        for (String name : List.of(IcebergTables.BRONZE, IcebergTables.REJECTS, IcebergTables.SILVER)) {
            Table table = tables.load(name);
            Set<String> unfinished = LandingFileLedger.unfinishedBatches(table, committed).keySet();
            if (name.equals(IcebergTables.SILVER)) {
                Set<String> asRead = new HashSet<>();
                table.snapshots().forEach(snap -> {
                    if ("true".equals(snap.summary().get(IcebergTables.AS_READ_PROPERTY))) {
                        asRead.add(snap.summary().get(IcebergTables.BATCH_PROPERTY));
                    }
                });
                unfinished = unfinished.stream().filter(asRead::contains).collect(Collectors.toSet());
            }
            unfinished.forEach(b -> unfinishedIn.computeIfAbsent(b, k -> new TreeSet<>()).add(name));
        }
        Map<String, LandingFile> byPath = new HashMap<>();
        listed.forEach(f -> byPath.put(f.path(), f));
        for (Map.Entry<String, Set<String>> batch : unfinishedIn.entrySet()) {
            String batchId = batch.getKey();
            List<LandingFileLedger.Entry> files = filesOf(batchId, batch.getValue(), byPath);
            if (!files.isEmpty() && !ledger.recordRollback(batchId, files, readAt)) {
                String note = "batch " + batchId + " finished while this run started (another ingest run is"
                        + " running?): its rows stay";
                LOG.warn(note);
                notes.add(note);
                continue;
            }
            for (String name : batch.getValue()) {
                String note = "removing rows of unfinished batch " + batchId + " from " + tables.qualified(name);
                LOG.warn("Resuming: {}", note);
                notes.add(note);
                rows.rollBack(name, batchId);
            }
        }
    }

    /** The landing files a batch has rows of in these tables, as listed now (size 0 when gone). */
    private List<LandingFileLedger.Entry> filesOf(String batchId, Set<String> tableNames,
            Map<String, LandingFile> listed) {
        Set<String> paths = new TreeSet<>();
        Dataset<Row> sources = null;
        for (String name : tableNames) {
            Dataset<Row> of = spark.table(tables.qualified(name)).filter(col("batch_id").equalTo(batchId))
                    .select("source_file");
            sources = sources == null ? of : sources.union(of);
        }
        sources.distinct().collectAsList().forEach(r -> paths.add(SourceFiles.landingPath(r.getString(0))));
        List<LandingFileLedger.Entry> files = new ArrayList<>();
        for (String path : paths) {
            LandingFile f = listed.get(path);
            files.add(new LandingFileLedger.Entry(path, f != null ? f.name() : path.substring(path.lastIndexOf('/') + 1),
                    f != null ? f.size() : 0, Instant.ofEpochMilli(f != null ? f.modifiedAtMillis() : 0), null, null,
                    LandingFileLedger.ROLLED_BACK, 0, 0, null, batchId, null, null, null));
        }
        return files;
    }
}
