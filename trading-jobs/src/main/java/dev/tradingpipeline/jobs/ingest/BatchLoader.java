package dev.tradingpipeline.jobs.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one batch of landing files into bronze, rejects and silver, then has {@link BatchCommit}
 * record it (which describes the order of the commits and why a crash anywhere is safe).
 *
 * <p>A batch types its files once, one Spark task per file, by one of two paths:
 * <ul>
 *   <li>as read, when every file names a day silver does not have (the bulk case): the accepted
 *       rows stream straight into silver while per-file summaries and rejected lines come back
 *       through accumulators; the files' lines are then copied to bronze without parsing. A file
 *       that changed between the two reads loads nothing. If a file held other days than its
 *       name's or repeated a key, that append is deleted and silver is built from bronze as below;
 *   <li>bronze first, in every other case: lines to bronze, validated on the way; then silver
 *       from the batch's bronze lines, typed again and de-duplicated when keys may repeat
 *       ({@link SilverRows}), appended or merged ({@link SilverWriter}).
 * </ul>
 */
final class BatchLoader {
    private static final Logger LOG = LoggerFactory.getLogger(BatchLoader.class);

    private final SparkSession spark;
    private final IcebergTables tables;
    private final LandingReader reader;
    private final BatchRows rows;
    private final BatchCommit commit;
    private final BronzeWriter bronze;
    private final RejectsWriter rejects;
    private final SilverRows silverRows;
    private final SilverWriter silver;

    BatchLoader(SparkSession spark, IcebergTables tables, LandingReader reader, BatchRows rows, BatchCommit commit) {
        this.spark = spark;
        this.tables = tables;
        this.reader = reader;
        this.rows = rows;
        this.commit = commit;
        this.bronze = new BronzeWriter(tables);
        this.rejects = new RejectsWriter(spark, tables, reader);
        this.silverRows = new SilverRows(spark, tables);
        this.silver = new SilverWriter(spark, tables);
    }

    /**
     * Loads and commits a batch.
     *
     * @param ledgerReadAt the ledger snapshot the run planned from, or its previous batch's ledger commit
     * @param runFiles     every file the run loads: another run recording one since makes this batch fail
     * @param notes        where the run's notes go
     * @throws LostRaceException when another run loading the same files got there first
     */
    BatchOutcome load(int number, List<LandingFile> files, Long ledgerReadAt, Set<String> runFiles,
            IngestJob.BatchListener listener, List<String> notes) {
        String batchId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        Instant startedAt = Instant.now();
        listener.started(batchId, number);
        spark.sparkContext().setJobGroup("trading-" + batchId, "ingest batch " + number + " (" + files.size() + " files)",
                false);
        try {
            StepTimer timer = new StepTimer();
            Batch batch = new Batch(batchId, files);
            // silver as this batch sees it: its appends are validated from here, so that of two
            // runs appending the same days, the second fails instead of showing a day twice
            Long silverReadAt = tables.snapshotIdOrNull(IcebergTables.SILVER);
            Set<LocalDate> fileDays = distinctFileDays(files);
            boolean asRead = fileDays != null && !silver.hasAnyOf(fileDays, silverReadAt);
            listener.planned(batchId, number, asRead);
            if (asRead) {
                batch.appendToSilverAsRead(fileDays, silverReadAt);
                timer.step("silver");
                listener.committed(batchId, number, "silver");
                batch.copyLinesToBronze();
            } else {
                batch.linesToBronze();
            }
            batch.deletePartialFiles();
            timer.step("bronze");
            listener.committed(batchId, number, "bronze");

            Totals totals = Totals.of(batch.summaries, batch.inputs);
            if (totals.rejected() > 0) {
                rejects.append(batch.rejectAcc.value(), batch.summaries, totals.spilled(), batchId, batch.ingestedAt);
            }
            timer.step("rejects");
            listener.committed(batchId, number, "rejects");

            if (asRead) {
                String surprise = asReadSurprise(files, batch.summaries);
                if (surprise != null) {
                    // The files held what their names did not say: the rows appended above go,
                    // and silver is built from bronze like any other batch.
                    String note = "batch " + batchId + ": " + surprise + "; its silver rows were built from bronze";
                    LOG.warn(note);
                    notes.add(note);
                    rows.delete(IcebergTables.SILVER, batchId, null);
                    asRead = false;
                }
            }
            if (!asRead) {
                if (totals.accepted() > 0) {
                    silver.write(silverRows.fromBronze(batchId, batch.summaries,
                            totals.keysMayRepeat() ? SilverRows.landingOrder(batch.inputs) : null),
                            totals.quoteDates(), batchId);
                }
                timer.step("silver");
                listener.committed(batchId, number, "silver");
            }

            BatchCommit.Committed done = commit.commit(batchId, files, batch.summaries, startedAt, asRead,
                    ledgerReadAt, runFiles);
            timer.step("ledger");
            listener.committed(batchId, number, "ledger");
            return new BatchOutcome(batchId, done.outcomes(), totals.accepted(), totals.rejected(), timer.toString(),
                    done.ledgerSnapshot());
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    /** One batch being read and written: what reading its files found, and the files that load nothing. */
    private final class Batch {
        final String id;
        final List<LandingFile> files;
        final List<LandingFileParser.Input> inputs = new ArrayList<>();
        final Instant ingestedAt = Instant.now();
        final CollectionAccumulator<FileSummary> summaryAcc;
        final CollectionAccumulator<RejectedLine> rejectAcc;
        final Map<String, FileSummary> summaries = new HashMap<>();
        /** Files that broke part way (e.g. a truncated archive) or changed while loaded: they load nothing. */
        final Set<String> partialBronze = new TreeSet<>();
        final Set<String> partialSilver = new TreeSet<>();

        Batch(String id, List<LandingFile> files) {
            this.id = id;
            this.files = files;
            for (int i = 0; i < files.size(); i++) {
                inputs.add(new LandingFileParser.Input(i, files.get(i)));
            }
            summaryAcc = spark.sparkContext().collectionAccumulator("files-" + id);
            rejectAcc = spark.sparkContext().collectionAccumulator("rejects-" + id);
        }

        /**
         * The bulk path's first step: the files typed once, straight into silver, marked as read.
         *
         * @throws LostRaceException when another run appended some of these days first: nothing
         *                           of this batch was committed
         */
        void appendToSilverAsRead(Set<LocalDate> days, Long silverReadAt) {
            if (!silver.append(SilverRows.asRead(reader.read(inputs, LandingFileParser.Emit.ACCEPTED, summaryAcc,
                    rejectAcc), ingestedAt, id), id, true, days, silverReadAt)) {
                throw new LostRaceException(id, "Batch " + id + ": another ingest run appended days of it"
                        + " to " + tables.qualified(IcebergTables.SILVER) + " first; nothing of this batch was"
                        + " committed", null, true);
            }
            summaryAcc.value().forEach(fs -> summaries.put(fs.path(), fs));
            summaries.values().stream().filter(fs -> fs.failed() && fs.rowsEmitted() > 0)
                    .forEach(fs -> partialSilver.add(fs.path()));
        }

        /**
         * The bulk path's second step: the lines of the files read into silver go to bronze as
         * landed, without being parsed again, and are checked against what the first read found.
         */
        void copyLinesToBronze() {
            List<LandingFileParser.Input> read = inputs.stream()
                    .filter(in -> summaries.containsKey(in.file().path()) && !summaries.get(in.file().path()).failed())
                    .toList();
            CollectionAccumulator<FileSummary> linesAcc = spark.sparkContext().collectionAccumulator("lines-" + id);
            if (!read.isEmpty()) {
                bronze.append(reader.read(read, LandingFileParser.Emit.LINES_UNCHECKED, linesAcc, null), files, id,
                        ingestedAt);
            }
            for (FileSummary again : linesAcc.value()) {
                FileSummary first = summaries.get(again.path());
                String changed = changedBetweenReads(first, again);
                if (changed != null) {
                    summaries.put(again.path(), first.withError(changed));
                    partialSilver.add(again.path());
                    if (again.rowsEmitted() > 0) {
                        partialBronze.add(again.path());
                    }
                }
            }
        }

        /** The bronze-first path's first step: every line to bronze as landed, validated on the way. */
        void linesToBronze() {
            bronze.append(reader.read(inputs, LandingFileParser.Emit.LINES, summaryAcc, rejectAcc), files, id,
                    ingestedAt);
            summaryAcc.value().forEach(fs -> summaries.put(fs.path(), fs));
            summaries.values().stream().filter(fs -> fs.failed() && fs.rowsEmitted() > 0)
                    .forEach(fs -> partialBronze.add(fs.path()));
        }

        /** A file that broke part way, or changed while it was loaded, loads nothing. */
        void deletePartialFiles() {
            if (!partialBronze.isEmpty()) {
                rows.delete(IcebergTables.BRONZE, id, partialBronze);
            }
            if (!partialSilver.isEmpty()) {
                rows.delete(IcebergTables.SILVER, id, partialSilver);
            }
        }
    }

    /**
     * What the batch's files that did not fail hold, together.
     *
     * @param keysMayRepeat a file repeats a key or two files share a quote date: silver needs
     *                      de-duplicating, which costs a shuffle
     * @param spilled       the files with more rejects than were collected on the side
     */
    private record Totals(long accepted, long rejected, Set<LocalDate> quoteDates, boolean keysMayRepeat,
            List<LandingFileParser.Input> spilled) {

        static Totals of(Map<String, FileSummary> summaries, List<LandingFileParser.Input> inputs) {
            long accepted = 0;
            long rejected = 0;
            Set<LocalDate> quoteDates = new TreeSet<>();
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
            return new Totals(accepted, rejected, quoteDates, keysMayRepeat, spilled);
        }
    }

    /**
     * Why a file read twice (into silver, then its lines into bronze) cannot stand: the second
     * read failed, or found other bytes. Null when both reads agree.
     */
    private static String changedBetweenReads(FileSummary first, FileSummary again) {
        if (again.failed()) {
            return again.error();
        }
        if (!again.fingerprint().equals(first.fingerprint()) || again.dataLines() != first.dataLines()) {
            return "the file changed while it was being loaded (" + first.fingerprint() + ", then "
                    + again.fingerprint() + "): load it again once it is complete";
        }
        return null;
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
    private static String asReadSurprise(List<LandingFile> files, Map<String, FileSummary> summaries) {
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
}
