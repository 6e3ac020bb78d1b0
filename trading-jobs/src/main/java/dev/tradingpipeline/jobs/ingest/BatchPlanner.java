package dev.tradingpipeline.jobs.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a run against the ledger: which of the listed files are pending (not loaded as they are
 * now), less those that failed before and fail again the same way; and the ledger snapshot the
 * run's first ledger commit validates from ({@link BatchCommit}).
 */
final class BatchPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchPlanner.class);

    private final SparkSession spark;
    private final LandingFileLedger ledger;
    private final LandingReader reader;

    BatchPlanner(SparkSession spark, LandingFileLedger ledger, LandingReader reader) {
        this.spark = spark;
        this.ledger = ledger;
        this.reader = reader;
    }

    /**
     * What a run loads.
     *
     * @param ledgerReadAt the ledger snapshot the plan was read at (null while the ledger has none)
     * @param known        the latest ledger entry of every path, as of {@code ledgerReadAt} or later
     * @param pending      the files to load, in landing order
     * @param failedAgain  the files left out because they failed again as before
     */
    record Plan(Long ledgerReadAt, Map<String, LandingFileLedger.Entry> known, List<LandingFile> pending,
            List<IngestJob.FileOutcome> failedAgain) {
    }

    /** @param notes where a note goes for each file that failed again */
    Plan plan(List<LandingFile> listed, List<String> notes) {
        // the batches' ledger commits are validated from here: another run recording one of these
        // files since makes the batch that commits after it fail, with nothing recorded twice
        Long ledgerReadAt = ledger.snapshotId();
        Map<String, LandingFileLedger.Entry> known = ledger.latestByPath();
        List<LandingFile> pending = listed.stream()
                .filter(f -> known.get(f.path()) == null || !known.get(f.path()).covers(f))
                .toList();
        List<IngestJob.FileOutcome> failedAgain = new ArrayList<>();
        pending = withoutRepeatedFailures(pending, known, failedAgain, notes);
        return new Plan(ledgerReadAt, known, pending, failedAgain);
    }

    /**
     * The pending files, less those that failed before and fail again the same way (same bytes,
     * same error): they are read first, in one job that writes nothing, and reported as failed
     * in {@code outcomes} without a new ledger row. A changed file, or one that now reads
     * differently (a limit raised, say), stays pending and loads as usual.
     */
    private List<LandingFile> withoutRepeatedFailures(List<LandingFile> pending,
            Map<String, LandingFileLedger.Entry> known, List<IngestJob.FileOutcome> outcomes, List<String> notes) {
        List<LandingFileParser.Input> suspects = new ArrayList<>();
        for (LandingFile f : pending) {
            LandingFileLedger.Entry before = known.get(f.path());
            if (before != null && LandingFileLedger.FAILED.equals(before.status()) && before.fingerprint() != null
                    && before.sizeBytes() == f.size() && before.modifiedAt().toEpochMilli() == f.modifiedAtMillis()) {
                suspects.add(new LandingFileParser.Input(suspects.size(), f));
            }
        }
        if (suspects.isEmpty()) {
            return pending;
        }
        LOG.info("Checking {} file(s) that failed before and look unchanged", suspects.size());
        CollectionAccumulator<FileSummary> acc = spark.sparkContext().collectionAccumulator("recheck");
        spark.sparkContext().setJobGroup("trading-recheck", "re-reading " + suspects.size() + " failed file(s)", false);
        try {
            reader.read(suspects, LandingFileParser.Emit.NOTHING, acc, null).count();
        } finally {
            spark.sparkContext().clearJobGroup();
        }
        Set<String> repeated = new HashSet<>();
        for (FileSummary fs : acc.value()) {
            LandingFile f = suspects.get(fs.seq()).file();
            LandingFileLedger.Entry before = known.get(f.path());
            if (sameFailureAgain(before, f, fs)) {
                repeated.add(f.path());
                outcomes.add(new IngestJob.FileOutcome(f.path(), LandingFileLedger.FAILED, 0, 0, fs.error()));
                String note = f.name() + " is unchanged since it failed in batch " + before.batchId() + " at "
                        + before.finishedAt() + ", and fails the same way: not recorded again (replace or remove it): "
                        + fs.error();
                LOG.warn("FAILED {}: {}", f.path(), note);
                notes.add(note);
            }
        }
        return pending.stream().filter(f -> !repeated.contains(f.path())).toList();
    }

    /**
     * Whether a file failed again as its latest ledger row says it did: same size, modification
     * time and fingerprint of the bytes read, and the same error.
     */
    static boolean sameFailureAgain(LandingFileLedger.Entry before, LandingFile now, FileSummary read) {
        return before != null && LandingFileLedger.FAILED.equals(before.status()) && read.failed()
                && before.fingerprint() != null && before.fingerprint().equals(read.fingerprint())
                && before.sizeBytes() == now.size() && before.modifiedAt().toEpochMilli() == now.modifiedAtMillis()
                && read.error().equals(before.error());
    }
}
