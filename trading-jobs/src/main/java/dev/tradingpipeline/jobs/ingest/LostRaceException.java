package dev.tradingpipeline.jobs.ingest;

/**
 * A batch lost to another run loading the same files (see {@link BatchCommit}): nothing of it
 * is recorded and its rows are removed, and the run may go on with the files nobody has
 * recorded ({@link PendingFiles#lost}).
 */
final class LostRaceException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final String batchId;
    private final boolean beforeOtherRecorded;

    LostRaceException(String batchId, String message, Throwable cause, boolean beforeOtherRecorded) {
        super(message, cause);
        this.batchId = batchId;
        this.beforeOtherRecorded = beforeOtherRecorded;
    }

    String batchId() {
        return batchId;
    }

    /** Lost at its silver append, nothing committed: the other run may not have recorded its files yet. */
    boolean beforeOtherRecorded() {
        return beforeOtherRecorded;
    }
}
