package dev.tradingpipeline.jobs.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's row counts so far and its progress lines: the plan, one line per batch done (rate,
 * ETA, time per step), the compaction starting.
 */
final class IngestProgress {
    // logged as IngestJob: IngestKillTest and the benchmarks read these lines by that name
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    private final Instant start;
    private long accepted;
    private long rejected;
    private long bytesDone;

    IngestProgress(Instant start) {
        this.start = start;
    }

    long accepted() {
        return accepted;
    }

    long rejected() {
        return rejected;
    }

    void planned(IngestJob.Mode mode, int listed, String landing, PendingFiles pending, int perBatch) {
        String modeName = mode.name().toLowerCase(Locale.ROOT);
        if (pending.isEmpty()) {
            LOG.info("{}: {} landing file(s) in {}, all loaded already: nothing to do", modeName, listed, landing);
        } else {
            LOG.info("{}: {} of {} landing file(s) to load ({}), {} batch(es) of up to {} file(s)", modeName,
                    pending.size(), listed, mb(pending.totalBytes()), pending.batchesLeft(), perBatch);
        }
    }

    /**
     * @param files     the batch's files
     * @param filesDone files with an outcome so far, this batch's included
     * @param pending   what is left, this batch no longer included
     */
    void batchDone(int number, BatchOutcome out, List<LandingFile> files, Instant batchStart, int filesDone,
            PendingFiles pending) {
        accepted += out.accepted();
        rejected += out.rejected();
        long batchBytes = PendingFiles.bytes(files);
        bytesDone += batchBytes;
        double secs = Math.max(0.001, Duration.between(batchStart, Instant.now()).toMillis() / 1000.0);
        double totalSecs = Math.max(0.001, Duration.between(start, Instant.now()).toMillis() / 1000.0);
        double rate = bytesDone / totalSecs;
        long etaSecs = rate <= 0 ? 0 : Math.round((pending.totalBytes() - bytesDone) / rate);
        int batchCount = number + pending.batchesLeft();
        LOG.info(String.format(Locale.ROOT,
                "batch %d/%d %s: files %d/%d, rows accepted %,d rejected %,d, %.1f MB/s, ETA %s (%s)",
                number, batchCount, out.batchId(), filesDone, filesDone + pending.size(), accepted,
                rejected, batchBytes / 1e6 / secs, formatDuration(etaSecs), out.steps()));
    }

    void compacting(int batches) {
        LOG.info("bootstrap: compacting what {} batch(es) wrote (ingest.compact-after-bootstrap=true)", batches);
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    static String formatDuration(long secs) {
        if (secs < 60) {
            return secs + "s";
        }
        if (secs < 3600) {
            return (secs / 60) + "m" + String.format(Locale.ROOT, "%02d", secs % 60) + "s";
        }
        return (secs / 3600) + "h" + String.format(Locale.ROOT, "%02d", (secs % 3600) / 60) + "m";
    }
}
