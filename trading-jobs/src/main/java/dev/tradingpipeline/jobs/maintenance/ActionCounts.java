package dev.tradingpipeline.jobs.maintenance;

/** What one maintenance action did to one table, before its timing is known ({@link MaintenanceJob.ActionSummary}). */
record ActionCounts(boolean failed, int filesRewritten, int filesAdded, long bytesRewritten, int manifestsRewritten,
        int manifestsAdded, int snapshotsExpired, long filesDeleted, int orphanFiles, String text) {

    static final String NOTHING_TO_DO = "nothing to do";

    static ActionCounts of(String text) {
        return new ActionCounts(false, 0, 0, 0, 0, 0, 0, 0, 0, text);
    }

    static ActionCounts failure(String text) {
        return new ActionCounts(true, 0, 0, 0, 0, 0, 0, 0, 0, text);
    }
}
