package dev.tradingpipeline.jobs.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes a batch: commits its ledger rows, the commit that makes it done, or, when another run
 * recorded its files first, rolls it back. This is where the ingest's commit protocol is
 * described; the classes that take part link here.
 *
 * <h2>The commit protocol</h2>
 *
 * <p>A batch ({@link BatchLoader}) makes these Iceberg commits, in this order, each carrying the
 * batch id in its snapshot summary ({@link IcebergTables#BATCH_PROPERTY}):
 * <ol>
 *   <li>silver, only when every file of the batch is named for a day silver does not have (the
 *       bulk case): the accepted rows as read, an append marked
 *       {@link IcebergTables#AS_READ_PROPERTY};
 *   <li>bronze: every data line as landed; then deletes of the rows, in bronze and that silver
 *       append, of files that broke part way or changed while they were read (they load nothing);
 *   <li>rejects;
 *   <li>silver, in every other case, and in the bulk case when a file held other days than its
 *       name's or repeated a key (the append as read is deleted first): built from the batch's
 *       bronze lines, appended when silver has none of its days, else merged on the natural key
 *       within the batch's quote dates. So every silver row has a bronze line behind it;
 *   <li>the ledger rows, one per file ({@link #commit}): the batch is done once they are committed.
 * </ol>
 *
 * <p><b>A crash anywhere is safe.</b> A run starts by rolling back every batch that has commits
 * in bronze or rejects, or an append as read in silver, but no ledger rows ({@link CrashRecovery}):
 * those silver rows had not passed the checks that follow them. A rollback's deletes are marked
 * {@link IcebergTables#ROLLED_BACK_PROPERTY}, so a batch rolled back is not taken for unfinished
 * again. Silver built from bronze needs no repair: the batch's files are still pending, since the
 * ledger does not have them, and loading them again merges the same rows over them. So a job
 * killed at any moment and started again resumes after the last committed batch, with no
 * duplicate and no lost row.
 *
 * <p><b>Two runs at once</b> load every file once:
 * <ul>
 *   <li>the ledger commit is validated from the ledger snapshot the run planned from, or its own
 *       previous batch's ledger commit ({@link LandingFileLedger#record}): if another run recorded
 *       one of the run's files since, or rolled this batch back, nothing is committed and the
 *       batch's rows are rolled back; a run that lost this way goes on with the files no run has
 *       recorded ({@link PendingFiles#lost}). A batch that lost after merging into silver leaves
 *       that MERGE's rows, the same as the winner's;
 *   <li>an append of new days to silver is an overwrite of those days validated from the silver
 *       snapshot the batch planned from ({@link SilverWriter#append}): if another run appended any
 *       of them since, nothing is committed. An append as read then loses its batch before anything
 *       of it is committed; a batch building silver from bronze merges instead. So no reader ever
 *       sees a day twice;
 *   <li>a run that finds another run's batch unfinished first records the rollback in the ledger
 *       ({@link LandingFileLedger#recordRollback}), which fails if that batch's ledger rows arrived
 *       meanwhile (it finished: its rows stay); once recorded, that batch's own ledger commit
 *       fails, so it cannot finish without its rows.
 * </ul>
 */
final class BatchCommit {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCommit.class);

    private final IcebergTables tables;
    private final LandingFileLedger ledger;
    private final BatchRows rows;

    BatchCommit(IcebergTables tables, LandingFileLedger ledger, BatchRows rows) {
        this.tables = tables;
        this.ledger = ledger;
        this.rows = rows;
    }

    /** The batch's files as recorded, and its ledger commit. */
    record Committed(List<IngestJob.FileOutcome> outcomes, long ledgerSnapshot) {
    }

    /**
     * Records a batch's files in the ledger: loaded with their row counts, or failed with their
     * error.
     *
     * @param summaries      what reading each file found (a file without one failed)
     * @param appendedAsRead whether the batch's silver rows are its append as read
     * @param ledgerReadAt   the ledger snapshot the run planned from, or its previous batch's ledger commit
     * @param runFiles       every file the run loads: another run recording one since makes this commit fail
     * @throws LostRaceException when another run recorded files of this run first: the batch's rows are removed
     */
    Committed commit(String batchId, List<LandingFile> files, Map<String, FileSummary> summaries, Instant startedAt,
            boolean appendedAsRead, Long ledgerReadAt, Set<String> runFiles) {
        Instant finishedAt = Instant.now();
        List<LandingFileLedger.Entry> entries = new ArrayList<>();
        List<IngestJob.FileOutcome> outcomes = new ArrayList<>();
        for (LandingFile f : files) {
            FileSummary fs = summaries.get(f.path());
            String error = fs == null ? "no result from the reading task" : fs.error();
            String status = error == null ? LandingFileLedger.LOADED : LandingFileLedger.FAILED;
            long acc = error != null ? 0 : fs.accepted();
            long rej = error != null ? 0 : fs.rejected();
            entries.add(new LandingFileLedger.Entry(f.path(), f.name(), f.size(),
                    Instant.ofEpochMilli(f.modifiedAtMillis()), fs == null ? null : fs.fingerprint(),
                    fs == null ? null : fs.variant(), status, acc, rej, error, batchId,
                    fs == null ? null : fs.quoteDates(), startedAt, finishedAt));
            outcomes.add(new IngestJob.FileOutcome(f.path(), status, acc, rej, error));
            if (error != null) {
                LOG.warn("FAILED {}: {}", f.path(), error);
            }
        }
        try {
            return new Committed(outcomes, ledger.record(entries, batchId, ledgerReadAt, runFiles));
        } catch (LandingFileLedger.ConflictException e) {
            // another run got there first: this batch's rows go, as a rerun would remove them
            rollBack(batchId, appendedAsRead);
            if (e.rolledBack(batchId)) {
                throw new IllegalStateException("Batch " + batchId + " was rolled back by another ingest run,"
                        + " which found it unfinished: is another bootstrap or daily running on these tables? Its"
                        + " rows are removed and nothing of it is recorded; run one ingest at a time, and again"
                        + " to load what is still pending (" + e.getMessage() + ")", e);
            }
            throw new LostRaceException(batchId, "Batch " + batchId + ": another ingest run recorded files of"
                    + " this run in " + tables.qualified(IcebergTables.LEDGER) + " while this batch was loading:"
                    + " is another bootstrap or daily running on these tables? This batch's rows are removed, so"
                    + " nothing is loaded twice; run one ingest at a time (" + e.getMessage() + ")", e, false);
        }
    }

    /** Removes a batch's rows from its tables after its ledger commit lost to another run. */
    private void rollBack(String batchId, boolean appendedAsRead) {
        LOG.warn("Batch {} lost to another ingest run: removing its rows", batchId);
        rows.rollBack(IcebergTables.BRONZE, batchId);
        rows.rollBack(IcebergTables.REJECTS, batchId);
        if (appendedAsRead) {
            rows.rollBack(IcebergTables.SILVER, batchId);
        }
    }
}
