package dev.tradingpipeline.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.maintenance.MaintenanceJob;
import dev.tradingpipeline.jobs.maintenance.TableScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads landing files into bronze, rejects and silver, batch by batch, recording each batch in
 * the ledger.
 *
 * <p>Bronze holds every data line as landed, with its lineage; silver the typed, validated rows,
 * one per natural key. A batch types its files once. When every file names a day silver does not
 * have (the bulk case), the accepted rows stream straight into silver (an append marked
 * {@link IcebergTables#AS_READ_PROPERTY}) while per-file summaries and rejected lines come back
 * through accumulators; the files' lines are then copied to bronze without parsing. If a file
 * held other days than its name's or repeated a key, that append is deleted and silver is built
 * from the batch's bronze lines instead, as in every other case: lines to bronze first (validated
 * on the way), then silver from bronze, typed again, de-duplicated when keys may repeat, merged
 * on the natural key within the batch's quote dates. So every silver row has a bronze line
 * behind it once the batch is done.
 *
 * <p>Every commit carries the batch id in its snapshot summary. A batch is done once its ledger
 * rows are committed. A run that finds bronze or rejects commits of a batch the ledger does not
 * know (the job died mid-batch) deletes those rows first, and the batch's append-as-read in
 * silver; a MERGE into silver needs no repair because merging the same files again gives the
 * same rows. So a job killed at any moment and started again resumes after the last committed
 * batch, with no duplicate and no lost row.
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
    private BatchListener listener = (id, n, step) -> { };

    public IngestJob(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.config = config;
        this.tables = new IcebergTables(spark, config);
        this.ledger = new LandingFileLedger(spark, tables);
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
        List<LandingFile> listed;
        try {
            LandingScanner.Listing listing = new LandingScanner(spark.sparkContext().hadoopConfiguration()).list(landing);
            listed = listing.files();
            listing.notes().forEach(n -> {
                LOG.warn(n);
                notes.add(n);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        recoverPartialBatches(notes, listed);

        if (day.isPresent()) {
            listed = listed.stream().filter(f -> f.day().equals(day)).toList();
            if (listed.isEmpty()) {
                throw new IllegalStateException("No landing file for " + day.get() + " in " + landing);
            }
        }
        // the batches' ledger commits are validated from here: another run recording one of these
        // files since makes the batch that commits after it fail, with nothing recorded twice
        Long ledgerReadAt = ledger.snapshotId();
        Map<String, LandingFileLedger.Entry> known = ledger.latestByPath();
        List<LandingFile> pending = listed.stream()
                .filter(f -> known.get(f.path()) == null || !known.get(f.path()).covers(f))
                .toList();
        List<FileOutcome> outcomes = new ArrayList<>();
        pending = withoutRepeatedFailures(pending, known, outcomes, notes);
        Set<String> runFiles = pending.stream().map(LandingFile::path).collect(Collectors.toSet());
        int perBatch = filesPerBatch();
        int batches = (pending.size() + perBatch - 1) / perBatch;
        long totalBytes = pending.stream().mapToLong(LandingFile::size).sum();
        String modeName = mode.name().toLowerCase(Locale.ROOT);
        if (pending.isEmpty()) {
            LOG.info("{}: {} landing file(s) in {}, all loaded already: nothing to do", modeName, listed.size(), landing);
        } else {
            LOG.info("{}: {} of {} landing file(s) to load ({}), {} batch(es) of up to {} file(s)", modeName,
                    pending.size(), listed.size(), mb(totalBytes), batches, perBatch);
        }

        List<String> batchIds = new ArrayList<>();
        long accepted = 0;
        long rejected = 0;
        long bytesDone = 0;
        List<LandingFile> queue = new ArrayList<>(pending);
        int lostRaces = 0;
        for (int b = 0; !queue.isEmpty(); b++) {
            List<LandingFile> files = List.copyOf(queue.subList(0, Math.min(queue.size(), perBatch)));
            Instant batchStart = Instant.now();
            BatchOutcome out;
            try {
                out = loadBatch(b + 1, files, notes, ledgerReadAt, runFiles);
            } catch (LostRaceException lost) {
                // another run recorded files of this run first: the batch's rows are gone; go on
                // with the files nobody has recorded since this run planned, validated from now
                if (++lostRaces > MAX_LOST_RACES) {
                    throw new IllegalStateException(lost.getMessage() + "; this run stops after losing "
                            + MAX_LOST_RACES + " batches to it", lost);
                }
                if (lost.beforeOtherRecorded()) {
                    // the other run appended the batch's days to silver and is finishing its
                    // batch: give it time to record the files, rather than merging into its days
                    // while it does
                    awaitRecorded(files, known);
                }
                // the snapshot first: what is read after it is at least as new, so a file
                // recorded in between is never taken for free
                ledgerReadAt = ledger.snapshotId();
                Map<String, LandingFileLedger.Entry> recorded = ledger.latestByPath();
                List<LandingFile> taken = queue.stream()
                        .filter(f -> !Objects.equals(recorded.get(f.path()), known.get(f.path()))).toList();
                queue.removeAll(taken);
                runFiles = queue.stream().map(LandingFile::path).collect(Collectors.toSet());
                totalBytes -= taken.stream().mapToLong(LandingFile::size).sum();
                String note = "batch " + lost.batchId() + " lost to another ingest run, which recorded "
                        + taken.size() + " of this run's files first: "
                        + (lost.beforeOtherRecorded() ? "nothing of it was committed" : "its rows are removed")
                        + ", and the run goes on with the " + queue.size() + " file(s) no run has recorded";
                LOG.warn(note);
                notes.add(note);
                b--;
                continue;
            }
            queue.subList(0, files.size()).clear();
            ledgerReadAt = out.ledgerSnapshot();
            batchIds.add(out.batchId());
            outcomes.addAll(out.outcomes());
            accepted += out.accepted();
            rejected += out.rejected();
            long batchBytes = files.stream().mapToLong(LandingFile::size).sum();
            bytesDone += batchBytes;
            double secs = Math.max(0.001, Duration.between(batchStart, Instant.now()).toMillis() / 1000.0);
            double totalSecs = Math.max(0.001, Duration.between(start, Instant.now()).toMillis() / 1000.0);
            double rate = bytesDone / totalSecs;
            long etaSecs = rate <= 0 ? 0 : Math.round((totalBytes - bytesDone) / rate);
            int batchCount = b + 1 + (queue.size() + perBatch - 1) / perBatch;
            LOG.info(String.format(Locale.ROOT,
                    "batch %d/%d %s: files %d/%d, rows accepted %,d rejected %,d, %.1f MB/s, ETA %s (%s)",
                    b + 1, batchCount, out.batchId(), outcomes.size(), outcomes.size() + queue.size(), accepted,
                    rejected, batchBytes / 1e6 / secs, formatDuration(etaSecs), out.steps()));
        }
        batches = batchIds.size();
        List<String> compaction = new ArrayList<>();
        if (mode == Mode.BOOTSTRAP && !batchIds.isEmpty() && config.getBoolean(ConfigKeys.INGEST_COMPACT_AFTER_BOOTSTRAP)) {
            compactWhatWasWritten(batchIds, compaction);
        }
        return new Result(mode, listed.size(), pending.size(), batches, outcomes, accepted, rejected, totalBytes,
                Duration.between(start, Instant.now()), notes,
                compaction);
    }

    /**
     * Compacts the files this run's batches wrote (found by batch id in file metadata, so older
     * data is not touched) and rewrites manifests where there are several. The data is loaded
     * whatever happens here: a failure is a note, and {@code mvn trading:maintain} does it later.
     */
    private void compactWhatWasWritten(List<String> batchIds, List<String> lines) {
        LOG.info("bootstrap: compacting what {} batch(es) wrote (ingest.compact-after-bootstrap=true)", batchIds.size());
        MaintenanceJob maintenance = new MaintenanceJob(spark, config);
        Expression written = Expressions.in("batch_id", batchIds.toArray());
        for (String table : IcebergTables.INGEST_TABLES) {
            MaintenanceJob.ActionSummary s = maintenance.compact(table, written);
            lines.add(s.failed() ? s.line() + " (the data is loaded; mvn trading:maintain compacts later)" : s.line());
        }
    }

    /** How long a run that lost a silver append waits for the other run to record those files. */
    static final Duration AWAIT_OTHER_RUN = Duration.ofSeconds(60);

    /**
     * Waits until another run has recorded one of these files in the ledger, or for
     * {@link #AWAIT_OTHER_RUN} (that run died: the files then load here).
     */
    private void awaitRecorded(List<LandingFile> files, Map<String, LandingFileLedger.Entry> known) {
        Instant deadline = Instant.now().plus(AWAIT_OTHER_RUN);
        Map<String, LandingFileLedger.Entry> ledgerNow = ledger.latestByPath();
        while (noneRecorded(files, known, ledgerNow) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for another ingest run", e);
            }
            ledgerNow = ledger.latestByPath();
        }
    }

    private static boolean noneRecorded(List<LandingFile> files, Map<String, LandingFileLedger.Entry> known,
            Map<String, LandingFileLedger.Entry> now) {
        return files.stream().allMatch(f -> Objects.equals(now.get(f.path()), known.get(f.path())));
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

    /** Batches a run may lose to another run loading the same files before it gives up. */
    static final int MAX_LOST_RACES = 3;

    /**
     * A batch's ledger commit found that another run had recorded files of this run first; the
     * batch's rows are removed, and the run may go on with the files nobody has recorded.
     */
    static final class LostRaceException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final String batchId;

        private final boolean beforeOtherRecorded;

        LostRaceException(String batchId, String message, Throwable cause) {
            this(batchId, message, cause, false);
        }

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

    private record BatchOutcome(String batchId, List<FileOutcome> outcomes, long accepted, long rejected,
            String steps, long ledgerSnapshot) {
    }

    /** Wall time of each step of a batch, for the progress line. */
    private static final class StepTimer {
        private final StringBuilder steps = new StringBuilder();
        private long last = System.nanoTime();

        void step(String name) {
            long now = System.nanoTime();
            steps.append(steps.length() == 0 ? "" : " ").append(name).append(' ')
                    .append(String.format(Locale.ROOT, "%.1fs", (now - last) / 1e9));
            last = now;
        }

        @Override
        public String toString() {
            return steps.toString();
        }
    }

    /**
     * Loads a batch.
     *
     * @param ledgerReadAt the ledger snapshot the run planned from, or its previous batch's ledger commit
     * @param runFiles     every file the run loads: another run recording one since makes this batch fail
     */
    private BatchOutcome loadBatch(int number, List<LandingFile> files, List<String> notes, Long ledgerReadAt,
            Set<String> runFiles) {
        String batchId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        Instant startedAt = Instant.now();
        List<LandingFileParser.Input> inputs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            inputs.add(new LandingFileParser.Input(i, files.get(i)));
        }
        listener.started(batchId, number);
        spark.sparkContext().setJobGroup("trading-" + batchId, "ingest batch " + number + " (" + files.size() + " files)",
                false);
        try {
            StepTimer timer = new StepTimer();
            Instant ingestedAt = Instant.now();
            CollectionAccumulator<FileSummary> summaryAcc = spark.sparkContext().collectionAccumulator("files-" + batchId);
            CollectionAccumulator<RejectedLine> rejectAcc = spark.sparkContext().collectionAccumulator("rejects-" + batchId);
            Map<String, FileSummary> summaries = new HashMap<>();
            Set<String> partialBronze = new TreeSet<>();
            Set<String> partialSilver = new TreeSet<>();
            // silver as this batch sees it: its appends are validated from here, so that of two
            // runs appending the same days, the second fails instead of showing a day twice
            Long silverReadAt = tables.snapshotIdOrNull(IcebergTables.SILVER);
            Set<LocalDate> fileDays = distinctFileDays(files);
            boolean direct = fileDays != null && !silverHasAnyOf(fileDays, silverReadAt);
            listener.planned(batchId, number, direct);
            if (direct && !appendSilver(toSilver(withLineage(read(inputs, LandingFileParser.Emit.ACCEPTED, summaryAcc,
                    rejectAcc), ingestedAt, batchId), null), batchId, true, fileDays, silverReadAt)) {
                // another run appended some of these days first: nothing of this batch was
                // committed, and the run goes on with what that run does not record
                throw new LostRaceException(batchId, "Batch " + batchId + ": another ingest run appended days of it"
                        + " to " + tables.qualified(IcebergTables.SILVER) + " first; nothing of this batch was"
                        + " committed", null, true);
            }
            if (direct) {
                // Every file is for a day silver does not have yet (the bulk case): the files are
                // typed once, straight into silver, then their lines go to bronze as landed
                // without being parsed again. Checked below against what the files held.
                summaryAcc.value().forEach(fs -> summaries.put(fs.path(), fs));
                summaries.values().stream().filter(fs -> fs.failed() && fs.rowsEmitted() > 0)
                        .forEach(fs -> partialSilver.add(fs.path()));
                timer.step("silver");
                listener.committed(batchId, number, "silver");

                List<LandingFileParser.Input> read = inputs.stream()
                        .filter(in -> summaries.containsKey(in.file().path()) && !summaries.get(in.file().path()).failed())
                        .toList();
                CollectionAccumulator<FileSummary> linesAcc = spark.sparkContext().collectionAccumulator("lines-" + batchId);
                if (!read.isEmpty()) {
                    writeBronze(read(read, LandingFileParser.Emit.LINES_UNCHECKED, linesAcc, null), files, batchId,
                            ingestedAt);
                }
                for (FileSummary again : linesAcc.value()) {
                    FileSummary first = summaries.get(again.path());
                    String changed = again.failed() ? again.error()
                            : !again.fingerprint().equals(first.fingerprint()) || again.dataLines() != first.dataLines()
                                    ? "the file changed while it was being loaded (" + first.fingerprint() + ", then "
                                            + again.fingerprint() + "): load it again once it is complete"
                                    : null;
                    if (changed != null) {
                        summaries.put(again.path(), first.withError(changed));
                        partialSilver.add(again.path());
                        if (again.rowsEmitted() > 0) {
                            partialBronze.add(again.path());
                        }
                    }
                }
            } else {
                // Days silver has already, or files named for no day: every line goes to bronze
                // as landed (validated on the way), and silver is built from bronze below.
                writeBronze(read(inputs, LandingFileParser.Emit.LINES, summaryAcc, rejectAcc), files, batchId,
                        ingestedAt);
                summaryAcc.value().forEach(fs -> summaries.put(fs.path(), fs));
                summaries.values().stream().filter(fs -> fs.failed() && fs.rowsEmitted() > 0)
                        .forEach(fs -> partialBronze.add(fs.path()));
            }
            // A file that broke part way (e.g. a truncated archive) loads nothing.
            if (!partialBronze.isEmpty()) {
                deleteFrom(IcebergTables.BRONZE, batchId, partialBronze);
            }
            if (!partialSilver.isEmpty()) {
                deleteFrom(IcebergTables.SILVER, batchId, partialSilver);
            }
            timer.step("bronze");
            listener.committed(batchId, number, "bronze");

            long accepted = 0;
            long rejected = 0;
            Set<LocalDate> quoteDates = new TreeSet<>();
            // De-duplication costs a shuffle: needed only when a file repeats a key or two
            // files of the batch share a quote date.
            boolean keysMayRepeat = false;
            List<LandingFileParser.Input> spilled = new ArrayList<>();
            for (FileSummary fs : summaries.values()) {
                if (fs.failed()) {
                    continue;
                }
                accepted += fs.accepted();
                rejected += fs.rejected();
                keysMayRepeat |= fs.duplicateKeys();
                if (!fs.quoteDates().isEmpty()) {
                    for (String d : fs.quoteDates().split(",")) {
                        keysMayRepeat |= !quoteDates.add(LocalDate.parse(d));
                    }
                }
                if (fs.rejectsSpilled()) {
                    spilled.add(inputs.get(fs.seq()));
                }
            }
            if (rejected > 0) {
                writeRejects(rejectAcc.value(), summaries, spilled, batchId, ingestedAt);
            }
            timer.step("rejects");
            listener.committed(batchId, number, "rejects");

            if (direct) {
                String surprise = directSurprise(files, summaries);
                if (surprise != null) {
                    // The files held what their names did not say: the rows appended above go,
                    // and silver is built from bronze like any other batch.
                    String note = "batch " + batchId + ": " + surprise + "; its silver rows were built from bronze";
                    LOG.warn(note);
                    notes.add(note);
                    deleteFrom(IcebergTables.SILVER, batchId, null);
                    direct = false;
                }
            }
            if (!direct) {
                if (accepted > 0) {
                    writeSilver(fromBronze(batchId, summaries, keysMayRepeat ? landingOrder(inputs) : null), quoteDates,
                            batchId);
                }
                timer.step("silver");
                listener.committed(batchId, number, "silver");
            }

            Instant finishedAt = Instant.now();
            List<LandingFileLedger.Entry> entries = new ArrayList<>();
            List<FileOutcome> outcomes = new ArrayList<>();
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
                outcomes.add(new FileOutcome(f.path(), status, acc, rej, error));
                if (error != null) {
                    LOG.warn("FAILED {}: {}", f.path(), error);
                }
            }
            long ledgerSnapshot;
            try {
                ledgerSnapshot = ledger.record(entries, batchId, ledgerReadAt, runFiles);
            } catch (LandingFileLedger.ConflictException e) {
                // another run got there first: this batch's rows go, as a rerun would remove them
                rollBack(batchId, direct);
                if (e.rolledBack(batchId)) {
                    throw new IllegalStateException("Batch " + batchId + " was rolled back by another ingest run,"
                            + " which found it unfinished: is another bootstrap or daily running on these tables? Its"
                            + " rows are removed and nothing of it is recorded; run one ingest at a time, and again"
                            + " to load what is still pending (" + e.getMessage() + ")", e);
                }
                throw new LostRaceException(batchId, "Batch " + batchId + ": another ingest run recorded files of"
                        + " this run in " + tables.qualified(IcebergTables.LEDGER) + " while this batch was loading:"
                        + " is another bootstrap or daily running on these tables? This batch's rows are removed, so"
                        + " nothing is loaded twice; run one ingest at a time (" + e.getMessage() + ")", e);
            }
            timer.step("ledger");
            listener.committed(batchId, number, "ledger");
            return new BatchOutcome(batchId, outcomes, accepted, rejected, timer.toString(), ledgerSnapshot);
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    /**
     * The pending files, less those that failed before and fail again the same way (same bytes,
     * same error): they are read first, in one job that writes nothing, and reported as failed
     * in {@code outcomes} without a new ledger row. A changed file, or one that now reads
     * differently (a limit raised, say), stays pending and loads as usual.
     */
    private List<LandingFile> withoutRepeatedFailures(List<LandingFile> pending, Map<String, LandingFileLedger.Entry> known,
            List<FileOutcome> outcomes, List<String> notes) {
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
            read(suspects, LandingFileParser.Emit.NOTHING, acc, null).count();
        } finally {
            spark.sparkContext().clearJobGroup();
        }
        Set<String> repeated = new HashSet<>();
        for (FileSummary fs : acc.value()) {
            LandingFile f = suspects.get(fs.seq()).file();
            LandingFileLedger.Entry before = known.get(f.path());
            if (sameFailureAgain(before, f, fs)) {
                repeated.add(f.path());
                outcomes.add(new FileOutcome(f.path(), LandingFileLedger.FAILED, 0, 0, fs.error()));
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

    /** The batch's files read in Spark tasks, one task per file. */
    private Dataset<Row> read(List<LandingFileParser.Input> inputs, LandingFileParser.Emit emit,
            CollectionAccumulator<FileSummary> summaries, CollectionAccumulator<RejectedLine> rejects) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> rows = jsc.parallelize(inputs, inputs.size()).mapPartitions(new LandingFileParser(
                new HadoopConf(spark.sparkContext().hadoopConfiguration()),
                config.getBytes(ConfigKeys.INGEST_MAX_UNCOMPRESSED_SIZE), emit, summaries, rejects));
        StructType schema = switch (emit) {
            case ACCEPTED -> OptionEodSchema.ACCEPTED;
            case REJECTED -> OptionEodSchema.REJECTED;
            case LINES, LINES_UNCHECKED -> OptionEodSchema.LINES;
            case NOTHING -> OptionEodSchema.REJECTED;
        };
        return spark.createDataFrame(rows, schema);
    }

    private static Dataset<Row> withLineage(Dataset<Row> accepted, Instant ingestedAt, String batchId) {
        return accepted.withColumn("ingested_at", lit(ingestedAt)).withColumn("batch_id", lit(batchId));
    }

    /**
     * The trading days the batch's files name, when every file names one and no two the same
     * (null otherwise): if silver has none of them, the rows can be appended as they are read.
     */
    private static Set<LocalDate> distinctFileDays(List<LandingFile> files) {
        Set<LocalDate> days = new TreeSet<>();
        for (LandingFile f : files) {
            if (f.day().isEmpty() || !days.add(f.day().get())) {
                return null;
            }
        }
        return days;
    }

    /**
     * Why a batch appended to silver as read needs building from bronze after all: a file holds
     * days other than its name's, or repeats a key. Null when the append stands.
     */
    private static String directSurprise(List<LandingFile> files, Map<String, FileSummary> summaries) {
        for (LandingFile f : files) {
            FileSummary fs = summaries.get(f.path());
            if (fs == null || fs.failed() || fs.accepted() == 0) {
                continue;
            }
            String day = f.day().map(LocalDate::toString).orElse("");
            if (!fs.quoteDates().equals(day)) {
                return f.name() + " holds quote dates " + fs.quoteDates() + ", not only " + day;
            }
            if (fs.duplicateKeys()) {
                return f.name() + " repeats a natural key";
            }
        }
        return null;
    }

    /** The batch's bronze lines, typed again (accepted lines only), with their lineage. */
    private Dataset<Row> fromBronze(String batchId, Map<String, FileSummary> summaries, Column landingOrder) {
        Map<String, String> variants = new HashMap<>();
        summaries.values().stream().filter(fs -> !fs.failed() && fs.variant() != null)
                .forEach(fs -> variants.put(fs.path(), fs.variant()));
        JavaRDD<Row> lines = spark.table(tables.qualified(IcebergTables.BRONZE))
                .filter(col("batch_id").equalTo(batchId))
                .select("source_file", "line_number", "raw_line", "ingested_at", "batch_id", IcebergTables.LINE_CUT)
                .javaRDD();
        Dataset<Row> typed = spark.createDataFrame(lines.mapPartitions(new BronzeLineParser(variants)),
                OptionEodSchema.TYPED_LINES);
        return toSilver(typed, landingOrder);
    }

    /** Rows of this landing file: its own lines, or those of its entries when it is an archive. */
    private static Column ofFile(String path) {
        return col("source_file").equalTo(path)
                .or(col("source_file").startsWith(path + LandingFileParser.ENTRY_SEPARATOR));
    }

    /** Position of each row's file in landing order, for "the file landed last wins". */
    private static Column landingOrder(List<LandingFileParser.Input> inputs) {
        Column order = lit(-1);
        for (LandingFileParser.Input in : inputs) {
            order = when(ofFile(in.file().path()), in.seq()).otherwise(order);
        }
        return order;
    }

    private void writeBronze(Dataset<Row> lines, List<LandingFile> files, String batchId, Instant ingestedAt) {
        // the trading day each file's name gives, or null
        Column fileDay = lit(null).cast(DataTypes.DateType);
        for (LandingFile f : files) {
            if (f.day().isPresent()) {
                fileDay = when(ofFile(f.path()), lit(f.day().get())).otherwise(fileDay);
            }
        }
        // Bronze keeps lines as they come: each task writes its own file's lines, so no shuffle;
        // fanout copes with a task's files of several days.
        tables.append(lines.select(col("source_file"), col("line_number"), col("raw_line"), fileDay.as("file_day"),
                        lit(ingestedAt).as("ingested_at"), lit(batchId).as("batch_id"), col(IcebergTables.LINE_CUT)),
                IcebergTables.BRONZE, batchId, Map.of("distribution-mode", "none", "fanout-enabled", "true"));
    }

    /** Deletes a batch's rows from a table: those of these files, or all of them when paths is null. */
    private void deleteFrom(String table, String batchId, Set<String> paths) {
        String files = paths == null ? "" : " AND (" + paths.stream().map(p -> {
            String quoted = "'" + p.replace("\\", "\\\\").replace("'", "\\'");
            return "source_file = " + quoted + "' OR startswith(source_file, " + quoted + LandingFileParser.ENTRY_SEPARATOR
                    + "')";
        }).collect(Collectors.joining(" OR ")) + ")";
        CommitMetadata.withCommitProperties(Map.of(IcebergTables.BATCH_PROPERTY, batchId), () -> {
            spark.sql("DELETE FROM " + tables.qualified(table) + " WHERE batch_id = '" + batchId + "'" + files);
            return null;
        }, RuntimeException.class);
    }

    /** Rejects of the files that did not fail: those collected on the side, plus re-read ones. */
    private void writeRejects(List<RejectedLine> collected, Map<String, FileSummary> summaries,
            List<LandingFileParser.Input> spilled, String batchId, Instant ingestedAt) {
        Set<String> spilledPaths = new HashSet<>();
        spilled.forEach(in -> spilledPaths.add(in.file().path()));
        Map<String, RejectedLine> unique = new LinkedHashMap<>();
        for (RejectedLine r : collected) {
            FileSummary fs = summaries.get(r.path());
            if (fs != null && !fs.failed() && !spilledPaths.contains(r.path())) {
                unique.put(r.source() + "\n" + r.lineNumber(), r);
            }
        }
        List<Row> rows = unique.values().stream()
                .map(r -> RowFactory.create(r.source(), r.lineNumber(), r.rawLine(), r.reason()))
                .toList();
        Dataset<Row> rejects = spark.createDataFrame(rows, OptionEodSchema.REJECTED);
        if (!spilled.isEmpty()) {
            rejects = rejects.unionByName(read(spilled, LandingFileParser.Emit.REJECTED, null, null));
        }
        tables.append(rejects.select(col("source_file"), col("line_number"), col("raw_line"), col("reason"),
                lit(ingestedAt).as("ingested_at"), lit(batchId).as("batch_id")), IcebergTables.REJECTS, batchId);
    }

    /**
     * The silver rows of a batch's bronze rows: typed columns, derived {@code dte} and
     * {@code mid_1545}, greeks unknown where the vendor's implied volatility is 0; and, when keys
     * may repeat, one row per natural key, the line of the file landed last winning.
     *
     * @param landingOrder a file's position in landing order, or null when keys cannot repeat
     */
    public static Dataset<Row> toSilver(Dataset<Row> bronzeRows, Column landingOrder) {
        Column ivUnknown = col("implied_volatility_1545").equalTo(0.0);
        List<Column> cols = new ArrayList<>();
        for (var f : OptionEodSchema.DATA_FIELDS) {
            if (OptionEodSchema.GREEKS.contains(f.name())) {
                // an implied volatility of 0 is the vendor's failed calculation: greeks unknown
                cols.add(when(ivUnknown, lit(null).cast(f.dataType())).otherwise(col(f.name())).as(f.name()));
            } else {
                cols.add(col(f.name()));
            }
        }
        cols.add(datediff(col("expiration"), col("quote_date")).as("dte"));
        cols.add(col("bid_1545").plus(col("ask_1545")).divide(2).as("mid_1545"));
        cols.add(col("source_file"));
        cols.add(col("ingested_at"));
        cols.add(col("batch_id"));
        Dataset<Row> unique = bronzeRows;
        if (landingOrder != null) {
            WindowSpec latestFirst = Window.partitionBy(OptionEodSchema.NATURAL_KEY.stream().map(c -> col(c))
                            .toArray(Column[]::new))
                    .orderBy(landingOrder.desc(), col("line_number").desc());
            unique = bronzeRows.withColumn("_rank", row_number().over(latestFirst)).filter(col("_rank").equalTo(1));
        }
        return unique.select(cols.toArray(Column[]::new));
    }

    /**
     * Puts the batch's rows into silver. When silver has no rows yet for the batch's quote dates
     * (the usual bootstrap and daily case, told from table metadata alone) it appends. Otherwise
     * it merges on the natural key, with the batch's quote dates as a literal predicate on the
     * target, so the merge reads only those day partitions, never all of silver.
     */
    private void writeSilver(Dataset<Row> incoming, Set<LocalDate> quoteDates, String batchId) {
        Long readAt = tables.snapshotIdOrNull(IcebergTables.SILVER);
        if (!silverHasAnyOf(quoteDates, readAt) && appendSilver(incoming, batchId, false, quoteDates, readAt)) {
            return;
        }
        // silver has some of these days (or another run appended them since it was read): merge
        String view = "incoming_" + batchId.replaceAll("[^A-Za-z0-9]", "_");
        incoming.createOrReplaceTempView(view);
        TreeSet<LocalDate> dates = new TreeSet<>(quoteDates);
        String datePredicate = dates.size() <= 400
                ? "t.quote_date IN (" + dates.stream().map(d -> "DATE '" + d + "'").collect(Collectors.joining(", ")) + ")"
                : "t.quote_date BETWEEN DATE '" + dates.first() + "' AND DATE '" + dates.last() + "'";
        String on = OptionEodSchema.NATURAL_KEY.stream().map(k -> "t." + k + " = s." + k)
                .collect(Collectors.joining(" AND "));
        String merge = "MERGE INTO " + tables.qualified(IcebergTables.SILVER) + " t USING " + view + " s ON "
                + datePredicate + " AND " + on
                + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *";
        try {
            CommitMetadata.withCommitProperties(Map.of(IcebergTables.BATCH_PROPERTY, batchId), () -> {
                spark.sql(merge);
                return null;
            }, RuntimeException.class);
        } finally {
            spark.catalog().dropTempView(view);
        }
    }

    /**
     * Appends rows for days silver did not have at snapshot {@code readAt}. They arrive grouped by
     * landing file, i.e. by quote date, in the vendor's order (underlying, root, expiration,
     * strike): written where they are, with no shuffle and no sort. Compaction sorts by the
     * table's sort order where it rewrites.
     *
     * <p>The append is an overwrite of those days (which held nothing) validated from
     * {@code readAt}: if another run added rows of them since, nothing is committed and this
     * returns false, so a day is never in silver twice, not even for a moment.
     *
     * @return false when another run appended rows of these days since {@code readAt}
     */
    private boolean appendSilver(Dataset<Row> incoming, String batchId, boolean asRead, Set<LocalDate> days,
            Long readAt) {
        Map<String, String> options = new HashMap<>(Map.of("distribution-mode", "none",
                "use-table-distribution-and-ordering", "false", "fanout-enabled", "true"));
        if (asRead) {
            options.put("snapshot-property." + IcebergTables.AS_READ_PROPERTY, "true");
        }
        Column ofDays = col("quote_date").isin(days.stream().map(d -> (Object) d).toArray());
        try {
            tables.overwriteValidated(incoming, IcebergTables.SILVER, batchId, options, ofDays, readAt);
            return true;
        } catch (IcebergTables.ConflictingWriteException e) {
            LOG.warn("Batch {}: silver append not committed: {}", batchId, e.getMessage());
            return false;
        }
    }

    /**
     * Whether silver has data files in any of these quote-date partitions at a snapshot (null: the
     * table has none yet): manifests only, no data read.
     */
    private boolean silverHasAnyOf(Set<LocalDate> quoteDates, Long snapshotId) {
        if (snapshotId == null || quoteDates.isEmpty()) {
            return false;
        }
        Table silver = tables.load(IcebergTables.SILVER);
        Expression filter = Expressions.in("quote_date", quoteDates.stream().map(LocalDate::toString).toArray());
        try (CloseableIterable<FileScanTask> files = silver.newScan().useSnapshot(snapshotId).filter(filter)
                .ignoreResiduals().planFiles()) {
            return files.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Removes bronze and reject rows of batches that never reached the ledger, and their silver
     * rows where the batch appended them as read (they may not have passed the checks that follow
     * that append). A batch's MERGE into silver needs no repair: merging the same files again
     * gives the same rows.
     *
     * <p>Such a batch's job usually died; it may also be another run, still loading. So before its
     * rows go, the rollback is recorded in the ledger, which fails if the batch's own ledger rows
     * arrived since this run read it (the batch finished: its rows stay); and once recorded, the
     * batch's own ledger commit fails, so it cannot finish without its rows.
     *
     * @param listed the landing files as listed now, for the ledger's record of the rollback
     */
    private void recoverPartialBatches(List<String> notes, List<LandingFile> listed) {
        Long readAt = ledger.snapshotId();
        Set<String> committed = ledger.committedBatches();
        Map<String, Set<String>> unfinishedIn = new LinkedHashMap<>();
        for (String name : List.of(IcebergTables.BRONZE, IcebergTables.REJECTS, IcebergTables.SILVER)) {
            Table table = tables.load(name);
            Set<String> unfinished = LandingFileLedger.unfinishedBatches(table, committed).keySet();
            if (name.equals(IcebergTables.SILVER)) {
                Set<String> asRead = new HashSet<>();
                table.snapshots().forEach(snap -> {
                    if ("true".equals(snap.summary().get(IcebergTables.AS_READ_PROPERTY))) {
                        asRead.add(snap.summary().get(IcebergTables.BATCH_PROPERTY));
                    }
                });
                unfinished = unfinished.stream().filter(asRead::contains).collect(Collectors.toSet());
            }
            unfinished.forEach(b -> unfinishedIn.computeIfAbsent(b, k -> new TreeSet<>()).add(name));
        }
        Map<String, LandingFile> byPath = new HashMap<>();
        listed.forEach(f -> byPath.put(f.path(), f));
        for (Map.Entry<String, Set<String>> batch : unfinishedIn.entrySet()) {
            String batchId = batch.getKey();
            List<LandingFileLedger.Entry> files = filesOf(batchId, batch.getValue(), byPath);
            if (!files.isEmpty() && !ledger.recordRollback(batchId, files, readAt)) {
                String note = "batch " + batchId + " finished while this run started (another ingest run is"
                        + " running?): its rows stay";
                LOG.warn(note);
                notes.add(note);
                continue;
            }
            for (String name : batch.getValue()) {
                String note = "removing rows of unfinished batch " + batchId + " from " + tables.qualified(name);
                LOG.warn("Resuming: {}", note);
                notes.add(note);
                removeRows(name, batchId);
            }
        }
    }

    /** The landing files a batch has rows of in these tables, as listed now (size 0 when gone). */
    private List<LandingFileLedger.Entry> filesOf(String batchId, Set<String> tableNames,
            Map<String, LandingFile> listed) {
        Set<String> paths = new TreeSet<>();
        Dataset<Row> sources = null;
        for (String name : tableNames) {
            Dataset<Row> of = spark.table(tables.qualified(name)).filter(col("batch_id").equalTo(batchId))
                    .select("source_file");
            sources = sources == null ? of : sources.union(of);
        }
        sources.distinct().collectAsList().forEach(r -> {
            String source = r.getString(0);
            int entry = source.indexOf(LandingFileParser.ENTRY_SEPARATOR);
            paths.add(entry < 0 ? source : source.substring(0, entry));
        });
        List<LandingFileLedger.Entry> files = new ArrayList<>();
        for (String path : paths) {
            LandingFile f = listed.get(path);
            files.add(new LandingFileLedger.Entry(path, f != null ? f.name() : path.substring(path.lastIndexOf('/') + 1),
                    f != null ? f.size() : 0, Instant.ofEpochMilli(f != null ? f.modifiedAtMillis() : 0), null, null,
                    LandingFileLedger.ROLLED_BACK, 0, 0, null, batchId, null, null, null));
        }
        return files;
    }

    /** Removes a batch's rows from its tables after its ledger commit lost to another run. */
    private void rollBack(String batchId, boolean appendedAsRead) {
        LOG.warn("Batch {} lost to another ingest run: removing its rows", batchId);
        removeRows(IcebergTables.BRONZE, batchId);
        removeRows(IcebergTables.REJECTS, batchId);
        if (appendedAsRead) {
            removeRows(IcebergTables.SILVER, batchId);
        }
    }

    /** Deletes every row of a batch from a table, in a commit marked as its rollback. */
    private void removeRows(String name, String batchId) {
        CommitMetadata.withCommitProperties(Map.of(IcebergTables.ROLLED_BACK_PROPERTY, batchId), () -> {
            spark.sql("DELETE FROM " + tables.qualified(name) + " WHERE batch_id = '" + batchId + "'");
            return null;
        }, RuntimeException.class);
    }

    /** {@code ingest.files-per-batch}, with {@code auto} sized to the job's cores. */
    private int filesPerBatch() {
        String value = config.get(ConfigKeys.INGEST_FILES_PER_BATCH).trim();
        if (!value.equals("auto")) {
            return Integer.parseInt(value);
        }
        int cores = jobCores(spark.sparkContext().getConf(), spark.sparkContext().defaultParallelism());
        int perBatch = autoFilesPerBatch(cores);
        LOG.info("{}=auto: {} file(s) per batch for {} core(s)", ConfigKeys.INGEST_FILES_PER_BATCH, perBatch, cores);
        return perBatch;
    }

    /**
     * A batch reads one file per task: twice the cores keeps every core busy while the batch's
     * largest files are read, and at least 10 keeps the commits of a small job few.
     */
    static int autoFilesPerBatch(int cores) {
        return Math.max(10, 2 * cores);
    }

    /**
     * The job's cores: executors x cores per executor when the job is sized so (EMR, where
     * executors may not have registered when the job starts), else Spark's default parallelism
     * (local[*]: the machine's cores).
     */
    static int jobCores(org.apache.spark.SparkConf conf, int defaultParallelism) {
        if (conf.contains("spark.executor.instances") && conf.contains("spark.executor.cores")) {
            try {
                int instances = Integer.parseInt(conf.get("spark.executor.instances").trim());
                int cores = Integer.parseInt(conf.get("spark.executor.cores").trim());
                if (instances > 0 && cores > 0) {
                    return instances * cores;
                }
            } catch (NumberFormatException e) {
                // Spark itself refuses such a value; fall back to what it runs with
            }
        }
        return Math.max(1, defaultParallelism);
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
