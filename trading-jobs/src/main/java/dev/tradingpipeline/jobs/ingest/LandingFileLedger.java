package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.jobs.spark.TableWriteTimeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger of landing files ({@code ops.landing_files}): one row per attempt to load a file,
 * appended in the same batch that loaded it, so the latest row of a path is its status. A batch
 * counts as committed once its ledger rows are.
 *
 * <p>The ledger is also where concurrent runs meet: Iceberg validates {@link #record} and
 * {@link #recordRollback} against each other, so of two runs loading the same files, or of a
 * batch and a run rolling it back, exactly one wins. The protocol these commits are part of:
 * {@link BatchCommit}.
 */
public final class LandingFileLedger {
    private static final Logger LOG = LoggerFactory.getLogger(LandingFileLedger.class);

    public static final String LOADED = "LOADED";
    public static final String FAILED = "FAILED";
    /**
     * A row of a batch whose rows a later run removed (the batch's job died mid-batch, or a
     * concurrent run found it unfinished): a record of the attempt, not the status of its file.
     */
    public static final String ROLLED_BACK = "ROLLED_BACK";

    /**
     * A batch's ledger commit found that, since its run read the ledger, another run recorded one
     * of the run's files or rolled the batch back: nothing was committed.
     */
    public static final class ConflictException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<Entry> conflicting;

        ConflictException(List<Entry> conflicting) {
            super("ops.landing_files has rows of another run for this batch's files: " + conflicting.stream()
                    .map(e -> e.fileName() + " " + e.status() + " by batch " + e.batchId()).distinct().toList());
            this.conflicting = List.copyOf(conflicting);
        }

        public List<Entry> conflicting() {
            return conflicting;
        }

        /** True when another run rolled the batch back, rather than loading its files. */
        public boolean rolledBack(String batchId) {
            return conflicting.stream().anyMatch(e -> e.batchId().equals(batchId) && ROLLED_BACK.equals(e.status()));
        }
    }

    /** One ledger row. */
    public record Entry(String path, String fileName, long sizeBytes, Instant modifiedAt, String fingerprint,
            String variant, String status, long rowsAccepted, long rowsRejected, String error, String batchId,
            String quoteDates, Instant startedAt, Instant finishedAt) {

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

    /** The rows of the ledger as of a snapshot. */
    private List<Entry> at(long snapshotId) {
        return spark.sql("SELECT * FROM " + tables.qualified(IcebergTables.LEDGER) + " VERSION AS OF " + snapshotId)
                .collectAsList().stream().map(Entry::of).toList();
    }

    /** The ledger's current snapshot, or null while it has none: where a run's reading of it starts. */
    public Long snapshotId() {
        Snapshot s = tables.load(IcebergTables.LEDGER).currentSnapshot();
        return s == null ? null : s.snapshotId();
    }

    /** The latest entry of every path ({@link #ROLLED_BACK} rows are not a file's status). */
    public Map<String, Entry> latestByPath() {
        Map<String, Entry> latest = new HashMap<>();
        for (Entry e : all()) {
            if (!ROLLED_BACK.equals(e.status())) {
                latest.merge(e.path(), e, (a, b) -> b.finishedAt().isAfter(a.finishedAt()) ? b : a);
            }
        }
        return latest;
    }

    /** Every batch the ledger has recorded: the committed ones (not those only rolled back). */
    public Set<String> committedBatches() {
        Set<String> ids = new HashSet<>();
        all().stream().filter(e -> !ROLLED_BACK.equals(e.status())).forEach(e -> ids.add(e.batchId()));
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
        // a batch is rolled back when its rows were removed after its last write: a batch still
        // running when another run rolled it back may have written again since
        Map<String, Integer> lastWrite = new HashMap<>();
        Map<String, Integer> lastRollBack = new HashMap<>();
        int n = 0;
        for (Snapshot s : table.snapshots()) {
            n++;
            String batch = s.summary().get(IcebergTables.BATCH_PROPERTY);
            if (batch != null) {
                written.merge(batch, s.timestampMillis(), Math::min);
                lastWrite.put(batch, n);
            }
            String rolledBack = s.summary().get(IcebergTables.ROLLED_BACK_PROPERTY);
            if (rolledBack != null) {
                lastRollBack.put(rolledBack, n);
            }
        }
        written.keySet().removeAll(committed);
        written.keySet().removeIf(b -> lastRollBack.getOrDefault(b, 0) > lastWrite.get(b));
        return written;
    }

    /**
     * Commits a batch's rows, unless since {@code readAt} (the ledger snapshot its run planned
     * from, or the run's own previous ledger commit) another run recorded a file of {@code runFiles}
     * or rolled the batch back.
     *
     * @param runFiles the paths of every file the run is loading
     * @return the snapshot of this commit, where the run's next batch validates from
     * @throws ConflictException when another run did: nothing is committed
     */
    public long record(List<Entry> entries, String batchId, Long readAt, Set<String> runFiles) {
        Expression rowsOfOthers = Expressions.or(Expressions.in("path", runFiles.toArray()),
                Expressions.equal("batch_id", batchId));
        return commit(entries, batchId, readAt, rowsOfOthers,
                e -> (runFiles.contains(e.path()) && !ROLLED_BACK.equals(e.status())) || e.batchId().equals(batchId),
                Map.of(IcebergTables.BATCH_PROPERTY, batchId));
    }

    /**
     * Records that the rows of an unfinished batch are about to be removed: one {@link #ROLLED_BACK}
     * row per file of it, unless the batch's own rows reached the ledger since {@code readAt} (its
     * run was still going, and has finished).
     *
     * @param files the batch's files (path, name, size and modification time as listed now, or 0)
     * @return false when the batch finished meanwhile: its rows must stay
     */
    public boolean recordRollback(String batchId, List<Entry> files, Long readAt) {
        Instant now = Instant.now();
        List<Entry> rows = files.stream().map(f -> new Entry(f.path(), f.fileName(), f.sizeBytes(), f.modifiedAt(),
                null, null, ROLLED_BACK, 0, 0, "the batch did not finish (its job was killed or failed mid-batch, or"
                        + " it lost to another run): its rows were removed by a later run", batchId, null, now, now))
                .toList();
        try {
            commit(rows, batchId, readAt, Expressions.equal("batch_id", batchId),
                    e -> e.batchId().equals(batchId) && !ROLLED_BACK.equals(e.status()),
                    Map.of(IcebergTables.ROLLED_BACK_PROPERTY, batchId));
            return true;
        } catch (ConflictException finished) {
            return false;
        }
    }

    /**
     * Adds rows in one data file, with Iceberg validating that no data matching {@code conflicts}
     * was added since {@code from}. File statistics can only tell that a file may hold such rows
     * (paths are kept truncated), so when validation fails the rows added since are read and
     * checked one by one; if none conflicts, the commit is tried again from the snapshot read.
     */
    private long commit(List<Entry> entries, String batchId, Long from, Expression conflicts,
            Predicate<Entry> conflicting, Map<String, String> summary) {
        try {
            return commitOnce(entries, batchId, from, conflicts, conflicting, summary);
        } catch (RuntimeException e) {
            throw TableWriteTimeouts.naming(tables.qualified(IcebergTables.LEDGER), "the ledger rows of batch " + batchId, e);
        }
    }

    private long commitOnce(List<Entry> entries, String batchId, Long from, Expression conflicts,
            Predicate<Entry> conflicting, Map<String, String> summary) {
        Table table = tables.load(IcebergTables.LEDGER);
        DataFile file = write(table, entries, batchId);
        LOG.info("Committing {} of {} row(s) of batch {} to table {}",
                summary.containsKey(IcebergTables.ROLLED_BACK_PROPERTY) ? "rollback record" : "append", entries.size(),
                batchId, tables.qualified(IcebergTables.LEDGER));
        Long validFrom = from;
        for (int attempt = 1; ; attempt++) {
            OverwriteFiles add = table.newOverwrite().addFile(file).conflictDetectionFilter(conflicts)
                    .validateNoConflictingData();
            if (validFrom != null) {
                add.validateFromSnapshot(validFrom);
            }
            summary.forEach(add::set);
            try {
                add.commit();
                return committed(table, summary);
            } catch (ValidationException e) {
                table.refresh();
                long now = table.currentSnapshot().snapshotId();
                List<Entry> found = addedSince(validFrom, now).stream().filter(conflicting).toList();
                if (!found.isEmpty() || attempt == 10) {
                    table.io().deleteFile(file.path().toString());
                    if (found.isEmpty()) {
                        throw new IllegalStateException("Cannot commit to " + tables.qualified(IcebergTables.LEDGER)
                                + " after " + attempt + " attempts: " + e.getMessage(), e);
                    }
                    throw new ConflictException(found);
                }
                validFrom = now;
            }
        }
    }

    /** The snapshot just committed with these summary properties (others may have committed since). */
    private static long committed(Table table, Map<String, String> summary) {
        for (Snapshot s = table.currentSnapshot(); s != null;
                s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
            if (s.summary().entrySet().containsAll(summary.entrySet())) {
                return s.snapshotId();
            }
        }
        throw new IllegalStateException("The commit to " + table.name() + " is not among its snapshots");
    }

    /** Rows in the ledger now that were not there at {@code from} (all of them when from is null). */
    private List<Entry> addedSince(Long from, long now) {
        List<Entry> added = new ArrayList<>(at(now));
        if (from != null) {
            for (Entry before : at(from)) {
                added.remove(before);
            }
        }
        return added;
    }

    /** The rows as one Parquet data file of the table, written with its properties and metrics settings. */
    private static DataFile write(Table table, List<Entry> entries, String batchId) {
        Schema schema = table.schema();
        String name = FileFormat.PARQUET.addExtension("ledger-" + batchId + "-" + UUID.randomUUID());
        OutputFile out = table.io().newOutputFile(table.locationProvider().newDataLocation(name));
        try {
            DataWriter<Record> writer = Parquet.writeData(out).forTable(table)
                    .createWriterFunc(GenericParquetWriter::create).overwrite().build();
            try (writer) {
                for (Entry e : entries) {
                    writer.write(record(schema, e));
                }
            }
            return writer.toDataFile();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the ledger rows of batch " + batchId, e);
        }
    }

    private static Record record(Schema schema, Entry e) {
        GenericRecord r = GenericRecord.create(schema);
        r.setField("path", e.path());
        r.setField("file_name", e.fileName());
        r.setField("size_bytes", e.sizeBytes());
        r.setField("modified_at", utc(e.modifiedAt()));
        r.setField("fingerprint", e.fingerprint());
        r.setField("variant", e.variant());
        r.setField("status", e.status());
        r.setField("rows_accepted", e.rowsAccepted());
        r.setField("rows_rejected", e.rowsRejected());
        r.setField("error", e.error());
        r.setField("batch_id", e.batchId());
        r.setField("quote_dates", e.quoteDates());
        r.setField("started_at", utc(e.startedAt()));
        r.setField("finished_at", utc(e.finishedAt()));
        return r;
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
