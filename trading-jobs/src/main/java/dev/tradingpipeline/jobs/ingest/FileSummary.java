package dev.tradingpipeline.jobs.ingest;

import java.io.Serializable;

/**
 * What reading one landing file found: its fingerprint and layout, line counts, the quote dates
 * it holds, whether it repeats a key, and the error that stopped it, if any.
 *
 * @param rowsEmitted    accepted rows handed to the writer before the file ended or failed
 * @param rejectsSpilled more rejects than were collected on the side: re-read them as rows
 */
public record FileSummary(String path, int seq, long size, String fingerprint, String variant, long lines,
        long dataLines, long accepted, long rejected, String quoteDates, boolean duplicateKeys, String error,
        long rowsEmitted, boolean rejectsSpilled) implements Serializable {

    public boolean failed() {
        return error != null;
    }

    /** This summary, the file having failed with this error. */
    public FileSummary withError(String message) {
        return new FileSummary(path, seq, size, fingerprint, variant, lines, dataLines, accepted, rejected, quoteDates,
                duplicateKeys, message, rowsEmitted, rejectsSpilled);
    }
}
