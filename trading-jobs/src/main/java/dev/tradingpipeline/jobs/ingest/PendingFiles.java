package dev.tradingpipeline.jobs.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files a run still has to load, taken a batch at a time, with the ledger snapshot the next
 * batch's ledger commit validates from. A batch lost to another run ({@link #lost}) drops the
 * files that run recorded, and the run goes on with the rest; it stops after losing
 * {@link #MAX_LOST_RACES} batches.
 */
final class PendingFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PendingFiles.class);

    /** Batches a run may lose to another run loading the same files before it gives up. */
    static final int MAX_LOST_RACES = 3;
    /** How long a run that lost a silver append waits for the other run to record those files. */
    static final Duration AWAIT_OTHER_RUN = Duration.ofSeconds(60);

    private final LandingFileLedger ledger;
    private final Map<String, LandingFileLedger.Entry> known;
    private final List<LandingFile> queue;
    private final int perBatch;
    private Long ledgerReadAt;
    private Set<String> runFiles;
    private long totalBytes;
    private int lostRaces;

    PendingFiles(LandingFileLedger ledger, BatchPlanner.Plan plan, int perBatch) {
        this.ledger = ledger;
        this.known = plan.known();
        this.queue = new ArrayList<>(plan.pending());
        this.perBatch = perBatch;
        this.ledgerReadAt = plan.ledgerReadAt();
        this.runFiles = paths(queue);
        this.totalBytes = bytes(queue);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The next batch's files (they stay pending until {@link #loaded}). */
    List<LandingFile> nextBatch() {
        return List.copyOf(queue.subList(0, Math.min(queue.size(), perBatch)));
    }

    /** The ledger snapshot the next batch's ledger commit validates from. */
    Long ledgerReadAt() {
        return ledgerReadAt;
    }

    /** Every file the run still loads: another run recording one makes the next ledger commit fail. */
    Set<String> runFiles() {
        return runFiles;
    }

    /** Bytes of the files the run loads, less those other runs took. */
    long totalBytes() {
        return totalBytes;
    }

    int size() {
        return queue.size();
    }

    int batchesLeft() {
        return (queue.size() + perBatch - 1) / perBatch;
    }

    /** The batch taken from {@link #nextBatch} is recorded, in this ledger commit. */
    void loaded(List<LandingFile> batch, long ledgerSnapshot) {
        queue.subList(0, batch.size()).clear();
        ledgerReadAt = ledgerSnapshot;
    }

    /**
     * The batch taken from {@link #nextBatch} lost to another run, which recorded files of this
     * run first: the batch's rows are gone. Drops the files nobody recorded since this run
     * planned, validated from now.
     *
     * @throws IllegalStateException when the run has lost {@link #MAX_LOST_RACES} batches already
     */
    void lost(LostRaceException lost, List<LandingFile> batch, List<String> notes) {
        if (++lostRaces > MAX_LOST_RACES) {
            throw new IllegalStateException(lost.getMessage() + "; this run stops after losing "
                    + MAX_LOST_RACES + " batches to it", lost);
        }
        if (lost.beforeOtherRecorded()) {
            // the other run appended the batch's days to silver and is finishing its batch: give
            // it time to record the files, rather than merging into its days while it does
            awaitRecorded(batch);
        }
        // the snapshot first: what is read after it is at least as new, so a file recorded in
        // between is never taken for free
        ledgerReadAt = ledger.snapshotId();
        Map<String, LandingFileLedger.Entry> recorded = ledger.latestByPath();
        List<LandingFile> taken = queue.stream()
                .filter(f -> !Objects.equals(recorded.get(f.path()), known.get(f.path()))).toList();
        queue.removeAll(taken);
        runFiles = paths(queue);
        totalBytes -= bytes(taken);
        String note = "batch " + lost.batchId() + " lost to another ingest run, which recorded "
                + taken.size() + " of this run's files first: "
                + (lost.beforeOtherRecorded() ? "nothing of it was committed" : "its rows are removed")
                + ", and the run goes on with the " + queue.size() + " file(s) no run has recorded";
        LOG.warn(note);
        notes.add(note);
    }

    /**
     * Waits until another run has recorded one of these files in the ledger, or for
     * {@link #AWAIT_OTHER_RUN} (that run died: the files then load here).
     */
    private void awaitRecorded(List<LandingFile> files) {
        Instant deadline = Instant.now().plus(AWAIT_OTHER_RUN);
        Map<String, LandingFileLedger.Entry> ledgerNow = ledger.latestByPath();
        while (noneRecorded(files, ledgerNow) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for another ingest run", e);
            }
            ledgerNow = ledger.latestByPath();
        }
    }

    private boolean noneRecorded(List<LandingFile> files, Map<String, LandingFileLedger.Entry> now) {
        return files.stream().allMatch(f -> Objects.equals(now.get(f.path()), known.get(f.path())));
    }

    private static Set<String> paths(List<LandingFile> files) {
        return files.stream().map(LandingFile::path).collect(Collectors.toSet());
    }

    static long bytes(List<LandingFile> files) {
        return files.stream().mapToLong(LandingFile::size).sum();
    }
}
