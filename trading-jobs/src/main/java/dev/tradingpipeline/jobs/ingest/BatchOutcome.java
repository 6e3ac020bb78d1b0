package dev.tradingpipeline.jobs.ingest;

import java.util.List;

/**
 * What a committed batch did: its files' outcomes, row counts, the time of each step and its
 * ledger commit, where the run's next batch validates its own ledger commit from.
 */
record BatchOutcome(String batchId, List<IngestJob.FileOutcome> outcomes, long accepted, long rejected,
        String steps, long ledgerSnapshot) {
}
