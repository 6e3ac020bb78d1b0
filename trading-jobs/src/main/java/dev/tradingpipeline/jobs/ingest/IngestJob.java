package dev.tradingpipeline.jobs.ingest;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.maintenance.TableScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads landing files into bronze, rejects and silver, batch by batch, recording each batch in
 * the ledger. Bronze holds every data line as landed, with its lineage; silver the typed,
 * validated rows, one per natural key.
 *
 * <p>A run is a sequence of steps, each a class of its own:
 * <ol>
 *   <li>list the landing files ({@link LandingScanner});
 *   <li>roll back what a previous run left unfinished ({@link CrashRecovery});
 *   <li>plan against the ledger: the files still to load ({@link BatchPlanner}), in batches of
 *       {@link BatchSizing#filesPerBatch};
 *   <li>load and commit each batch ({@link BatchLoader}, {@link BatchCommit}), going on without
 *       the files another run recorded first when a batch loses to it ({@link PendingFiles}),
 *       with a progress line per batch ({@link IngestProgress});
 *   <li>after a bootstrap, compact what it wrote ({@link BootstrapCompaction}).
 * </ol>
 *
 * <p>What a batch commits in which order, and why a run killed at any moment and started again
 * resumes with no duplicate and no lost row: {@link BatchCommit}.
 */
public final class IngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    /** What the job ingests: every pending file (bootstrap) or the new ones (daily). */
    public enum Mode { BOOTSTRAP, DAILY }

    /** Hook between the commits of a batch; tests use it to kill a run at a chosen point. */
    public interface BatchListener {
        /** Called when a batch starts, before it reads its files. */
        default void started(String batchId, int batchNumber) {
        }

        /**
         * Called once a batch has decided how it writes silver: appending its rows as read (no
         * day of it in silver yet) or building them from bronze. Before any commit of the batch.
         */
        default void planned(String batchId, int batchNumber, boolean appendsAsRead) {
        }

        /** Called after {@code step} (bronze, rejects, silver, ledger) of a batch committed. */
        void committed(String batchId, int batchNumber, String step);
    }

    /** How one file of the run ended. */
    public record FileOutcome(String path, String status, long accepted, long rejected, String error) {
    }

    /**
     * The run's result; {@link #succeeded()} when no file failed.
     *
     * @param compaction one line per table compacted after a bootstrap (empty when it did not run)
     */
    public record Result(Mode mode, int filesSeen, int filesPending, int batches, List<FileOutcome> outcomes,
            long rowsAccepted, long rowsRejected, long bytes, Duration elapsed, List<String> notes,
            List<String> compaction) {

        public List<FileOutcome> failed() {
            return outcomes.stream().filter(o -> LandingFileLedger.FAILED.equals(o.status())).toList();
        }

        public boolean succeeded() {
            return failed().isEmpty();
        }
    }

    private final SparkSession spark;
    private final TradingConfig config;
    private final IcebergTables tables;
    private final LandingFileLedger ledger;
    private final CrashRecovery recovery;
    private final BatchPlanner planner;
    private final BatchLoader loader;
    private BatchListener listener = (id, n, step) -> { };

    public IngestJob(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.config = config;
        this.tables = new IcebergTables(spark, config);
        this.ledger = new LandingFileLedger(spark, tables);
        LandingReader reader = new LandingReader(spark, config);
        BatchRows rows = new BatchRows(spark, tables);
        this.recovery = new CrashRecovery(spark, tables, ledger, rows);
        this.planner = new BatchPlanner(spark, ledger, reader);
        this.loader = new BatchLoader(spark, tables, reader, rows, new BatchCommit(tables, ledger, rows));
    }

    public IngestJob withListener(BatchListener l) {
        this.listener = l;
        return this;
    }

    public IcebergTables tables() {
        return tables;
    }

    /**
     * Runs the ingest.
     *
     * @param day with {@link Mode#DAILY}, only the files of this trading day
     */
    public Result run(Mode mode, Optional<LocalDate> day) {
        Instant start = Instant.now();
        tables.ensureIngestTables();
        requireInsideWarehouse();
        List<String> notes = new ArrayList<>();
        String landing = config.location(ConfigKeys.PATHS_LANDING);
        List<LandingFile> listed = listLanding(landing, notes);
        recovery.rollBackUnfinished(listed, notes);
        if (day.isPresent()) {
            listed = listed.stream().filter(f -> f.day().equals(day)).toList();
            if (listed.isEmpty()) {
                throw new IllegalStateException("No landing file for " + day.get() + " in " + landing);
            }
        }

        BatchPlanner.Plan plan = planner.plan(listed, notes);
        int perBatch = BatchSizing.filesPerBatch(spark, config);
        PendingFiles pending = new PendingFiles(ledger, plan, perBatch);
        IngestProgress progress = new IngestProgress(start);
        progress.planned(mode, listed.size(), landing, pending, perBatch);

        List<FileOutcome> outcomes = new ArrayList<>(plan.failedAgain());
        List<String> batchIds = new ArrayList<>();
        while (!pending.isEmpty()) {
            int number = batchIds.size() + 1;
            List<LandingFile> files = pending.nextBatch();
            Instant batchStart = Instant.now();
            BatchOutcome out;
            try {
                out = loader.load(number, files, pending.ledgerReadAt(), pending.runFiles(), listener, notes);
            } catch (LostRaceException lost) {
                pending.lost(lost, files, notes);
                continue;
            }
            pending.loaded(files, out.ledgerSnapshot());
            batchIds.add(out.batchId());
            outcomes.addAll(out.outcomes());
            progress.batchDone(number, out, files, batchStart, outcomes.size(), pending);
        }

        List<String> compaction = List.of();
        if (mode == Mode.BOOTSTRAP && !batchIds.isEmpty() && config.getBoolean(ConfigKeys.INGEST_COMPACT_AFTER_BOOTSTRAP)) {
            progress.compacting(batchIds.size());
            compaction = BootstrapCompaction.compact(spark, config, batchIds);
        }
        return new Result(mode, listed.size(), plan.pending().size(), batchIds.size(), outcomes, progress.accepted(),
                progress.rejected(), pending.totalBytes(), Duration.between(start, Instant.now()), notes, compaction);
    }

    /** The landing files in landing order; what the listing skipped goes to the notes. */
    private List<LandingFile> listLanding(String landing, List<String> notes) {
        try {
            LandingScanner.Listing listing = new LandingScanner(spark.sparkContext().hadoopConfiguration()).list(landing);
            listing.notes().forEach(n -> {
                LOG.warn(n);
                notes.add(n);
            });
            return listing.files();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Refuses, before anything is written, tables whose files are not under {@code paths.warehouse}
     * (a copied warehouse's metadata still names the original's files): an ingest must not write
     * into another warehouse.
     */
    private void requireInsideWarehouse() {
        String warehouse = config.location(ConfigKeys.PATHS_WAREHOUSE);
        for (String name : IcebergTables.INGEST_TABLES) {
            TableScope.of(tables.qualified(name), tables.load(name), warehouse,
                    spark.sparkContext().hadoopConfiguration(), "the ingest writes nothing");
        }
    }
}
