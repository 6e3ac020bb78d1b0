package dev.tradingpipeline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJobTest {

    private static final LocalDate START = LocalDate.of(2024, 3, 4); // a Monday

    @TempDir
    Path root;

    private SparkSession spark;
    private Path landing;

    @BeforeEach
    void setUp() {
        spark = SparkTestSession.get();
        landing = root.resolve("landing");
    }

    private TradingConfig config(int filesPerBatch) {
        return SparkTestSession.newConfig(root, Map.of("ingest.files-per-batch", String.valueOf(filesPerBatch)));
    }

    private long count(TradingConfig c, String table) {
        return spark.table(c.get("catalog.name") + "." + table).count();
    }

    private long dataLines(Path csv) throws IOException {
        return Files.readAllLines(csv).size() - 1;
    }

    /** Gives files distinct, increasing modification times in the given order (landing order). */
    private static void landInOrder(List<Path> files) throws IOException {
        long t = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
        for (Path f : files) {
            Files.setLastModifiedTime(f, FileTime.fromMillis(t));
            t += 60_000;
        }
    }

    @Test
    void bootstrapLoadsEveryFileInBatchesIntoBronzeSilverAndTheLedger() throws Exception {
        List<Path> files = SparkTestSession.sample(landing, START, 5, 300, Compression.CSV);
        landInOrder(files);
        TradingConfig c = config(2);

        IngestJob job = new IngestJob(spark, c);
        IngestJob.Result r = job.run(IngestJob.Mode.BOOTSTRAP, Optional.empty());

        assertThat(r.succeeded()).isTrue();
        assertThat(r.batches()).isEqualTo(3);
        assertThat(r.rowsAccepted()).isEqualTo(1500);
        assertThat(r.rowsRejected()).isZero();
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(1500);
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(1500);
        assertThat(job.tables().rowCount(IcebergTables.SILVER)).isEqualTo(1500);
        String cat = c.get("catalog.name");

        List<Row> ledger = spark.sql("SELECT file_name, status, rows_accepted, rows_rejected, fingerprint, batch_id FROM "
                + cat + ".ops.landing_files").collectAsList();
        assertThat(ledger).hasSize(5);
        for (Row row : ledger) {
            assertThat(row.getString(1)).isEqualTo("LOADED");
            assertThat(row.getLong(2) + row.getLong(3)).isEqualTo(dataLines(landing.resolve(row.getString(0))));
            assertThat(row.getString(4)).startsWith("sha256:").hasSize(7 + 64);
        }
        assertThat(ledger.stream().map(row -> row.getString(5)).distinct()).hasSize(3);

        // silver: one row per natural key, typed, with derived columns
        long keys = spark.sql("SELECT DISTINCT quote_date, underlying_symbol, root, expiration, strike, option_type FROM "
                + cat + ".silver.option_eod").count();
        assertThat(keys).isEqualTo(1500);
        Row derived = spark.sql("SELECT dte, datediff(expiration, quote_date), mid_1545, (bid_1545 + ask_1545) / 2, "
                + "source_file, batch_id FROM " + cat + ".silver.option_eod LIMIT 1").first();
        assertThat(derived.getInt(0)).isEqualTo(derived.getInt(1));
        assertThat(derived.getDouble(2)).isEqualTo(derived.getDouble(3));
        assertThat(derived.getString(4)).contains("UnderlyingOptionsEODCalcs_2024-03-0");
        // bronze: every data line as landed, with its lineage
        assertThat(spark.sql("SELECT * FROM " + cat + ".bronze.option_eod").columns())
                .containsExactly("source_file", "line_number", "raw_line", "file_day", "ingested_at", "batch_id", "line_cut");
        Row landed = spark.sql("SELECT source_file, line_number, raw_line, file_day FROM " + cat + ".bronze.option_eod "
                + "WHERE line_number = 7 AND source_file LIKE '%2024-03-06.csv'").first();
        assertThat(landed.getString(2)).isEqualTo(Files.readAllLines(files.get(2)).get(6));
        assertThat(String.valueOf(landed.get(3))).isEqualTo("2024-03-06");

        Table silver = job.tables().load(IcebergTables.SILVER);
        assertThat(silver.spec().fields().stream().map(f -> f.transform().toString()))
                .containsExactly("day");
        assertThat(silver.properties()).containsEntry("write.parquet.row-group-size-bytes", "33554432");
        assertThat(silver.properties()).containsEntry("write.target-file-size-bytes", "536870912")
                .containsEntry("write.distribution-mode", "hash")
                .containsEntry("write.metadata.delete-after-commit.enabled", "true")
                .containsEntry("write.metadata.previous-versions-max", "3");
    }

    private List<String> dataFiles(TradingConfig c, String table) {
        return spark.sql("SELECT file_path FROM " + c.get("catalog.name") + "." + table + ".files")
                .collectAsList().stream().map(row -> row.getString(0)).sorted().toList();
    }

    @Test
    void bootstrapCompactsWhatItsBatchesWroteAndOnlyThat() throws Exception {
        List<Path> files = SparkTestSession.sample(landing, START, 6, 100, Compression.CSV);
        landInOrder(files.subList(0, 4));
        for (Path later : files.subList(4, 6)) {
            Files.move(later, root.resolve(later.getFileName()));
        }
        TradingConfig c = config(1);

        IngestJob.Result first = new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        assertThat(first.batches()).isEqualTo(4);
        // one small ledger file per batch, compacted into one at the end
        assertThat(dataFiles(c, IcebergTables.LEDGER)).hasSize(1);
        assertThat(first.compaction()).hasSize(IcebergTables.INGEST_TABLES.size())
                .anySatisfy(line -> assertThat(line).startsWith("ops.landing_files compact: 4 files"));
        // bronze and silver hold one file per partition: no data file worth rewriting, only
        // their per-batch manifests are merged
        assertThat(first.compaction()).anySatisfy(line -> assertThat(line)
                .startsWith("silver.option_eod compact: ").doesNotContain(" files (").contains("manifests rewritten"));
        List<String> compacted = dataFiles(c, IcebergTables.LEDGER);
        assertThat(count(c, IcebergTables.LEDGER)).isEqualTo(4);
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(400);

        // two more days: the next bootstrap compacts its own two ledger files, not the older one
        for (Path later : files.subList(4, 6)) {
            Files.move(root.resolve(later.getFileName()), later);
        }
        landInOrder(files);
        IngestJob.Result second = new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        assertThat(second.batches()).isEqualTo(2);
        assertThat(dataFiles(c, IcebergTables.LEDGER)).hasSize(2).containsAll(compacted);
        assertThat(count(c, IcebergTables.LEDGER)).isEqualTo(6);
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(600);

        // switched off: every batch's ledger file stays, and no compaction line
        TradingConfig off = SparkTestSession.newConfig(root, Map.of("ingest.files-per-batch", "1",
                "ingest.compact-after-bootstrap", "false", "paths.warehouse", root.resolve("warehouse-off").toString()));
        IngestJob.Result plain = new IngestJob(spark, off).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        assertThat(plain.compaction()).isEmpty();
        assertThat(dataFiles(off, IcebergTables.LEDGER)).hasSize(6);
    }

    @Test
    void aRerunOnUnchangedLandingDataChangesNoTable() throws Exception {
        SparkTestSession.sample(landing, START, 3, 200, Compression.ZIP);
        TradingConfig c = config(10);
        IngestJob job = new IngestJob(spark, c);
        job.run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        Map<String, Long> before = snapshots(job);
        Map<String, String> metadata = metadataLocations(job);

        IngestJob.Result again = new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        IngestJob.Result daily = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());

        assertThat(again.filesPending()).isZero();
        assertThat(daily.filesPending()).isZero();
        assertThat(snapshots(job)).isEqualTo(before);
        assertThat(metadataLocations(job)).isEqualTo(metadata);
    }

    private static Map<String, Long> snapshots(IngestJob job) {
        Map<String, Long> m = new HashMap<>();
        IcebergTables.INGEST_TABLES.forEach(t -> m.put(t, job.tables().currentSnapshotId(t)));
        return m;
    }

    private static Map<String, String> metadataLocations(IngestJob job) {
        Map<String, String> m = new HashMap<>();
        IcebergTables.INGEST_TABLES.forEach(t -> m.put(t,
                ((org.apache.iceberg.HasTableOperations) job.tables().load(t)).operations().current().metadataFileLocation()));
        return m;
    }

    @Test
    void badRowsGoToRejectsAndUnreadableFilesAreRecordedWhileGoodDataLands() throws Exception {
        List<Path> files = SparkTestSession.sample(landing, START, 2, 100, Compression.CSV);
        // Corrupt some lines of the first file, one per rule.
        Path first = files.get(0);
        List<String> lines = new ArrayList<>(Files.readAllLines(first));
        lines.set(3, lines.get(3).replaceFirst(",C,|,P,", ",X,"));
        lines.set(5, lines.get(5).replace("2024-03-04", "2024-13-04"));
        lines.set(7, lines.get(7).substring(0, lines.get(7).lastIndexOf(',')));
        lines.set(9, "AAPL,2024-03-04,AAPL,2024-03-01,180.000" + lines.get(9).substring(lines.get(9).indexOf(",C,") >= 0
                ? lines.get(9).indexOf(",C,") : lines.get(9).indexOf(",P,")));
        lines.add(""); // a blank line is not data
        Files.write(first, lines);
        // A corrupt zip, a file with a wrong header and an empty gzip.
        Files.write(landing.resolve("UnderlyingOptionsEODCalcs_2024-03-06.zip"), "not a zip".getBytes(StandardCharsets.UTF_8));
        Files.writeString(landing.resolve("UnderlyingOptionsEODQuotes_2024-03-07.csv"), "a,b,c\n1,2,3\n");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(landing.resolve("UnderlyingOptionsEODCalcs_2024-03-08.csv.gz")))) {
            o.flush();
        }
        TradingConfig c = config(3);
        String cat = c.get("catalog.name");

        IngestJob.Result r = new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());

        assertThat(r.succeeded()).isFalse();
        assertThat(r.failed()).extracting(IngestJob.FileOutcome::path)
                .anySatisfy(p -> assertThat(p).endsWith("UnderlyingOptionsEODCalcs_2024-03-06.zip"))
                .anySatisfy(p -> assertThat(p).endsWith("UnderlyingOptionsEODQuotes_2024-03-07.csv"))
                .anySatisfy(p -> assertThat(p).endsWith("UnderlyingOptionsEODCalcs_2024-03-08.csv.gz"))
                .hasSize(3);
        assertThat(r.failed()).extracting(IngestJob.FileOutcome::error)
                .anySatisfy(e -> assertThat(e).contains("not a zip archive"))
                .anySatisfy(e -> assertThat(e).contains("unrecognised header"))
                .anySatisfy(e -> assertThat(e).contains("empty file"));

        List<Row> rejects = spark.sql("SELECT line_number, reason, raw_line, source_file FROM " + cat
                + ".bronze.option_eod_rejects ORDER BY line_number").collectAsList();
        assertThat(rejects).extracting(row -> row.getLong(0)).containsExactly(4L, 6L, 8L, 10L);
        assertThat(rejects.get(0).getString(1)).contains("option_type must be C or P");
        assertThat(rejects.get(1).getString(1)).contains("quote_date is not a date");
        assertThat(rejects.get(2).getString(1)).contains("expected 34 fields as in the header, found 33");
        assertThat(rejects.get(3).getString(1)).contains("expiration 2024-03-01 is before quote_date 2024-03-04");
        assertThat(rejects.get(0).getString(2)).isEqualTo(lines.get(3));
        // nothing is lost: bronze holds every data line of the files read, as landed; per file,
        // accepted + rejected = data lines
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(200);
        assertThat(spark.sql("SELECT raw_line FROM " + cat + ".bronze.option_eod WHERE line_number = 4 AND source_file = '"
                + rejects.get(0).getString(3) + "'").first().getString(0)).isEqualTo(lines.get(3));
        assertThat(count(c, IcebergTables.SILVER) + rejects.size()).isEqualTo(200);
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(196);
        Row ledgerFirst = spark.sql("SELECT rows_accepted, rows_rejected, status FROM " + cat
                + ".ops.landing_files WHERE file_name = '" + first.getFileName() + "'").first();
        assertThat(ledgerFirst.getLong(0)).isEqualTo(96);
        assertThat(ledgerFirst.getLong(1)).isEqualTo(4);
        assertThat(spark.sql("SELECT status, error FROM " + cat + ".ops.landing_files WHERE status = 'FAILED'")
                .collectAsList()).hasSize(3).allSatisfy(row -> assertThat(row.getString(1)).isNotBlank());

        // A later run retries the failed files: once fixed, they load; the two still unchanged fail
        // again the same way, and are reported without being recorded again.
        Path fixedZipSource = SparkTestSession.sample(root.resolve("fix"), LocalDate.of(2024, 3, 6), 1, 50, Compression.ZIP).get(0);
        Files.copy(fixedZipSource, landing.resolve("UnderlyingOptionsEODCalcs_2024-03-06.zip"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        IngestJob.Result retry = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());
        assertThat(retry.filesPending()).isEqualTo(1);
        assertThat(retry.failed()).hasSize(2);
        assertThat(spark.sql("SELECT count(*) FROM " + cat + ".ops.landing_files WHERE status = 'FAILED'").first()
                .getLong(0)).isEqualTo(3);
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(246);
    }

    @Test
    void aKeyLandingTwiceKeepsTheRowOfTheFileLandedLast() throws Exception {
        List<Path> files = SparkTestSession.sample(landing, START, 2, 150, Compression.CSV);
        TradingConfig c = config(10);
        String cat = c.get("catalog.name");
        // The second day re-delivered as gzip, with corrected ask prices, in the same batch...
        Path day2 = files.get(1);
        List<String> lines = Files.readAllLines(day2);
        StringBuilder corrected = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            f[14] = "999.0000"; // ask_1545
            corrected.append(String.join(",", f)).append('\n');
        }
        Path regz = landing.resolve("UnderlyingOptionsEODCalcs_2024-03-05.csv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(regz))) {
            o.write(corrected.toString().getBytes(StandardCharsets.UTF_8));
        }
        landInOrder(List.of(files.get(0), day2, regz));

        new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(450);
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(300);
        assertThat(spark.sql("SELECT count(*) FROM " + cat + ".silver.option_eod WHERE quote_date = DATE '2024-03-05' "
                + "AND ask_1545 = 999.0").first().getLong(0)).isEqualTo(150);

        // ...and then an overlapping correction in a later batch: it wins again.
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        String second = Files.readAllLines(day2).get(1);
        String[] f = second.split(",", -1);
        f[14] = "7.0000";
        again.write((lines.get(0) + "\n" + String.join(",", f) + "\n").getBytes(StandardCharsets.UTF_8));
        Path correction = landing.resolve("UnderlyingOptionsEODCalcs_2024-03-05-correction.csv");
        Files.write(correction, again.toByteArray());
        Files.setLastModifiedTime(correction, FileTime.fromMillis(Instant.parse("2024-07-01T00:00:00Z").toEpochMilli()));
        new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(300);
        Row row = spark.sql("SELECT ask_1545, source_file FROM " + cat + ".silver.option_eod WHERE quote_date = DATE '"
                + f[1] + "' AND root = '" + f[2] + "' AND expiration = DATE '" + f[3] + "' AND strike = " + f[4]
                + " AND option_type = '" + f[5] + "' AND underlying_symbol = '" + f[0] + "'").first();
        assertThat(row.getDouble(0)).isEqualTo(7.0);
        assertThat(row.getString(1)).endsWith("correction.csv");
    }

    @Test
    void aRunKilledBetweenCommitsResumesWithoutDuplicatesOrLoss() throws Exception {
        List<Path> files = SparkTestSession.sample(landing, START, 6, 200, Compression.GZIP);
        landInOrder(files);
        TradingConfig c = config(2);

        // killed after batch 2 wrote silver (new days: appended as read) and bronze, before its ledger
        IngestJob first = new IngestJob(spark, c).withListener((id, n, step) -> {
            if (n == 2 && step.equals("rejects")) {
                throw new IllegalStateException("simulated crash in batch " + n);
            }
        });
        assertThatThrownBy(() -> first.run(IngestJob.Mode.BOOTSTRAP, Optional.empty()))
                .hasMessageContaining("simulated crash");
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(800); // batch 1 + the partial batch 2
        assertThat(count(c, IcebergTables.LEDGER)).isEqualTo(2);

        // killed again: batch 1 re-merges the days of the unfinished batch, then batch 2 dies
        // right after appending its new days to silver
        IngestJob second = new IngestJob(spark, c).withListener((id, n, step) -> {
            if (n == 2 && step.equals("silver")) {
                throw new IllegalStateException("simulated crash after silver");
            }
        });
        assertThatThrownBy(() -> second.run(IngestJob.Mode.BOOTSTRAP, Optional.empty()))
                .hasMessageContaining("simulated crash after silver");

        IngestJob.Result resumed = new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        assertThat(resumed.succeeded()).isTrue();
        assertThat(resumed.filesPending()).isEqualTo(2);
        assertThat(resumed.notes()).anySatisfy(n -> assertThat(n).contains("removing rows of unfinished batch"));
        String cat = c.get("catalog.name");
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(1200);
        assertThat(spark.sql("SELECT source_file, line_number FROM " + cat + ".bronze.option_eod").distinct().count())
                .isEqualTo(1200);
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(1200);
        assertThat(spark.sql("SELECT count(DISTINCT path) FROM " + cat + ".ops.landing_files WHERE status = 'LOADED'")
                .first().getLong(0)).isEqualTo(6);
    }

    /** A day's file whose second data line repeats its first line's key. */
    private Path withRepeatedKey(LocalDate day, int rows) throws IOException {
        Path file = SparkTestSession.sample(landing, day, 1, rows, Compression.CSV).get(0);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String[] f = lines.get(1).split(",", -1);
        f[14] = "123.0000"; // ask_1545 of the repeat: the later line wins
        lines.add(String.join(",", f));
        Files.write(file, lines);
        return file;
    }

    @Test
    void filesHoldingWhatTheirNamesDoNotSayAreBuiltIntoSilverFromBronze() throws Exception {
        List<Path> days = SparkTestSession.sample(landing, START, 2, 100, Compression.CSV);
        landInOrder(days);
        TradingConfig c = config(10);
        String cat = c.get("catalog.name");
        new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(200);

        // named for a new day, the file holds corrections to a day silver has: a MERGE, not an append
        List<String> second = Files.readAllLines(days.get(1));
        StringBuilder corrected = new StringBuilder(second.get(0)).append('\n');
        for (String line : second.subList(1, second.size())) {
            String[] f = line.split(",", -1);
            f[14] = "999.0000";
            corrected.append(String.join(",", f)).append('\n');
        }
        Files.writeString(landing.resolve("UnderlyingOptionsEODCalcs_2024-03-11.csv"), corrected);
        IngestJob.Result misnamed = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());
        assertThat(misnamed.succeeded()).isTrue();
        assertThat(misnamed.notes()).singleElement().satisfies(n -> assertThat(n)
                .contains("UnderlyingOptionsEODCalcs_2024-03-11.csv holds quote dates 2024-03-05, not only 2024-03-11")
                .endsWith("its silver rows were built from bronze"));
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(200);
        assertThat(spark.sql("SELECT count(*) FROM " + cat + ".silver.option_eod WHERE ask_1545 = 999.0").first()
                .getLong(0)).isEqualTo(100);

        // a new day's file repeating a key: one row for the key, the later line's
        withRepeatedKey(LocalDate.of(2024, 3, 12), 50);
        IngestJob.Result repeated = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());
        assertThat(repeated.notes()).singleElement().satisfies(n -> assertThat(n).contains("repeats a natural key"));
        assertThat(repeated.rowsAccepted()).isEqualTo(51);
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(250);
        assertThat(spark.sql("SELECT count(*) FROM " + cat + ".silver.option_eod WHERE quote_date = DATE '2024-03-12' "
                + "AND ask_1545 = 123.0").first().getLong(0)).isEqualTo(1);
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(200 + 100 + 51);
    }

    @Test
    void aRunKilledAfterItsAppendAsReadRemovesThatAppendBeforeResuming() throws Exception {
        withRepeatedKey(START, 80);
        TradingConfig c = config(10);
        String cat = c.get("catalog.name");
        IngestJob crashing = new IngestJob(spark, c).withListener((id, n, step) -> {
            if (step.equals("bronze")) {
                throw new IllegalStateException("simulated crash before the checks");
            }
        });
        assertThatThrownBy(() -> crashing.run(IngestJob.Mode.BOOTSTRAP, Optional.empty()))
                .hasMessageContaining("simulated crash");
        // the append as read holds the repeated key twice: the batch never reached its checks
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(81);

        IngestJob.Result resumed = new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        assertThat(resumed.notes()).anySatisfy(n -> assertThat(n).contains("from " + cat + ".silver.option_eod"))
                .anySatisfy(n -> assertThat(n).contains("repeats a natural key"));
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(80);
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(81);
    }

    @Test
    void aFileThatChangesWhileItIsLoadedLoadsNothingAndIsRecordedFailed() throws Exception {
        List<Path> files = SparkTestSession.sample(landing, START, 2, 100, Compression.CSV);
        landInOrder(files);
        Path growing = files.get(1);
        TradingConfig c = config(10);
        String cat = c.get("catalog.name");
        // the vendor is still writing the second file after its rows were read into silver,
        // before its lines are read into bronze
        IngestJob job = new IngestJob(spark, c).withListener((id, n, step) -> {
            if (step.equals("silver")) {
                try {
                    Files.writeString(growing, Files.readAllLines(growing).get(1) + "\n",
                            java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        IngestJob.Result r = job.run(IngestJob.Mode.BOOTSTRAP, Optional.empty());

        assertThat(r.failed()).singleElement().satisfies(f -> {
            assertThat(f.path()).endsWith(growing.getFileName().toString());
            assertThat(f.error()).startsWith("the file changed while it was being loaded (");
        });
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(100);
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(100);
        assertThat(spark.sql("SELECT count(*) FROM " + cat + ".silver.option_eod WHERE source_file LIKE '%"
                + growing.getFileName() + "'").first().getLong(0)).isZero();
        // the next run loads it whole
        IngestJob.Result next = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());
        assertThat(next.succeeded()).isTrue();
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(200);
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(201);
    }

    @Test
    void aTypedBronzeOfAnEarlierVersionStopsTheRunSayingWhatToDo() {
        TradingConfig c = config(10);
        String cat = c.get("catalog.name");
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + cat + ".bronze");
        spark.sql("CREATE TABLE " + cat + ".bronze.option_eod (quote_date DATE, source_file STRING) USING iceberg");
        assertThatThrownBy(() -> new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty()))
                .hasMessageContaining(cat + ".bronze.option_eod has the typed columns of an earlier version")
                .hasMessageContaining("Drop " + cat + ".bronze.option_eod, " + cat + ".silver.option_eod and " + cat
                        + ".ops.landing_files and run bootstrap again");
    }

    @Test
    void dailyLoadsOnlyNewFilesOrTheFileOfADate() throws Exception {
        SparkTestSession.sample(landing, START, 3, 100, Compression.CSV);
        TradingConfig c = config(10);
        new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        SparkTestSession.sample(landing, START, 5, 100, Compression.CSV); // adds 2024-03-07 and 2024-03-08

        IngestJob.Result oneDay = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.of(LocalDate.of(2024, 3, 7)));
        assertThat(oneDay.outcomes()).singleElement()
                .satisfies(o -> assertThat(o.path()).endsWith("UnderlyingOptionsEODCalcs_2024-03-07.csv"));
        IngestJob.Result rest = new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.empty());
        assertThat(rest.outcomes()).singleElement()
                .satisfies(o -> assertThat(o.path()).endsWith("UnderlyingOptionsEODCalcs_2024-03-08.csv"));
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(500);

        assertThatThrownBy(() -> new IngestJob(spark, c).run(IngestJob.Mode.DAILY, Optional.of(LocalDate.of(2024, 3, 9))))
                .hasMessageContaining("No landing file for 2024-03-09");
    }

    @Test
    void aFileThatBreaksPartWayLoadsNothingAndIsRecordedFailed() throws Exception {
        // big enough that rows stream into bronze before the reader meets the cut
        List<Path> files = SparkTestSession.sample(landing, START, 2, 20_000, Compression.GZIP);
        Path broken = files.get(1);
        byte[] gz = Files.readAllBytes(broken);
        Files.write(broken, java.util.Arrays.copyOf(gz, gz.length / 2)); // truncated in transit
        TradingConfig c = config(10);

        IngestJob.Result r = new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());

        assertThat(r.failed()).singleElement().satisfies(f -> {
            assertThat(f.path()).endsWith(broken.getFileName().toString());
            assertThat(f.error()).startsWith("cannot read file (after line ").contains("Unexpected end of ZLIB");
        });
        assertThat(r.notes()).isEmpty();
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(20_000);
        assertThat(spark.table(c.get("catalog.name") + ".bronze.option_eod")
                .filter(org.apache.spark.sql.functions.col("source_file").endsWith(broken.getFileName().toString()))
                .count()).isZero();
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(20_000);
    }

    @Test
    void manyRejectsInOneFileAreAllKept() throws Exception {
        int bad = LandingFileParser.MAX_SIDE_REJECTS + 7;
        Path file = SparkTestSession.sample(landing, START, 1, bad + 50, Compression.CSV).get(0);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        for (int i = 1; i <= bad; i++) {
            lines.set(i, lines.get(i).replaceFirst(",[CP],", ",Z,"));
        }
        Files.write(file, lines);
        TradingConfig c = config(10);

        IngestJob.Result r = new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());

        assertThat(r.succeeded()).isTrue();
        assertThat(r.rowsRejected()).isEqualTo(bad);
        assertThat(count(c, IcebergTables.REJECTS)).isEqualTo(bad);
        assertThat(spark.table(c.get("catalog.name") + ".bronze.option_eod_rejects").select("line_number").distinct()
                .count()).isEqualTo(bad);
        assertThat(count(c, IcebergTables.BRONZE)).isEqualTo(bad + 50);
        assertThat(count(c, IcebergTables.SILVER)).isEqualTo(50);
    }
}
