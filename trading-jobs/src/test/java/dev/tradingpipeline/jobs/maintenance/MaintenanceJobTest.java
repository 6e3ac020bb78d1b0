package dev.tradingpipeline.jobs.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.jobs.JobArguments;
import dev.tradingpipeline.jobs.TradingJob;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.ingest.IngestJob;
import dev.tradingpipeline.jobs.strategy.spark.GoldTables;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceJobTest {

    private static final LocalDate START = LocalDate.of(2024, 3, 4); // a Monday
    private static final int DAYS = 3;
    private static final int ROWS = 150;
    /** Rows of the loaded days that reach silver: one line of each day is rejected. */
    private static final long ACCEPTED = DAYS * (ROWS - 1);
    /** The last loaded day: delivered in two files, so its bronze and silver partitions hold two files. */
    private static final LocalDate SPLIT_DAY = LocalDate.of(2024, 3, 6);
    private static final LocalDate NEXT_DAY = LocalDate.of(2024, 3, 7);
    private static final Column[] SORT_ORDER = Stream.of("underlying_symbol", "root", "expiration", "strike",
            "option_type").map(functions::col).toArray(Column[]::new);

    @TempDir
    Path root;

    private SparkSession spark;
    private Path landing;

    @BeforeEach
    void setUp() {
        spark = SparkTestSession.get();
        landing = root.resolve("landing");
    }

    /**
     * Days of sample data loaded one file per batch, each day with one bad line (so rejects and
     * the ledger get one small file per batch), the last day delivered in two halves: its bronze
     * and silver partitions end up with two files each.
     */
    private TradingConfig loadDays() throws IOException {
        List<Path> files = SparkTestSession.sample(landing, START, DAYS, ROWS, Compression.CSV);
        List<Path> landingOrder = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = new ArrayList<>(Files.readAllLines(f));
            lines.set(2, lines.get(2).replaceFirst(",C,|,P,", ",X,")); // option_type X: rejected
            landingOrder.add(f);
            if (!f.getFileName().toString().contains(SPLIT_DAY.toString())) {
                Files.write(f, lines);
                continue;
            }
            // alternate lines, so each half holds both underlyings
            List<String> first = new ArrayList<>(List.of(lines.get(0)));
            List<String> second = new ArrayList<>(List.of(lines.get(0)));
            for (int i = 1; i < lines.size(); i++) {
                (i % 2 == 0 ? second : first).add(lines.get(i));
            }
            Files.write(f, first);
            Path half = landing.resolve("UnderlyingOptionsEODCalcs_" + SPLIT_DAY + "-part2.csv");
            Files.write(half, second);
            landingOrder.add(half);
        }
        long t = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
        for (Path f : landingOrder) {
            Files.setLastModifiedTime(f, FileTime.fromMillis(t += 60_000));
        }
        TradingConfig c = SparkTestSession.newConfig(root, Map.of("ingest.files-per-batch", "1",
                "ingest.compact-after-bootstrap", "false"));
        IngestJob.Result r = new IngestJob(spark, c).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        assertThat(r.succeeded()).isTrue();
        assertThat(r.batches()).isEqualTo(DAYS + 1);
        assertThat(r.rowsRejected()).isEqualTo(DAYS);
        return c;
    }

    /** A configuration of the same catalog with maintenance settings. */
    private TradingConfig settings(TradingConfig ingest, Map<String, String> maintenance) {
        Map<String, String> o = new LinkedHashMap<>(maintenance);
        o.put("catalog.name", ingest.get("catalog.name"));
        return SparkTestSession.newConfig(root, o);
    }

    private static String qualified(TradingConfig c, String table) {
        return c.get("catalog.name") + "." + table;
    }

    private Map<String, Long> currentSnapshots(TradingConfig c) {
        IcebergTables tables = new IcebergTables(spark, c);
        Map<String, Long> ids = new TreeMap<>();
        IcebergTables.INGEST_TABLES.forEach(t -> ids.put(t, tables.currentSnapshotId(t)));
        return ids;
    }

    private List<Snapshot> snapshots(TradingConfig c, String table) {
        List<Snapshot> all = new ArrayList<>();
        new IcebergTables(spark, c).load(table).snapshots().forEach(all::add);
        return all;
    }

    private long dataFiles(TradingConfig c, String table) {
        return spark.sql("SELECT * FROM " + qualified(c, table) + ".files").count();
    }

    private static Path localPath(String location) {
        return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    }

    private Path tableFolder(TradingConfig c, String table) {
        return localPath(new IcebergTables(spark, c).load(table).location());
    }

    /** Every file under each ingest table's folder (data and metadata) with its size and modification time. */
    private Map<String, Map<String, String>> listings(TradingConfig c) throws IOException {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (String t : IcebergTables.INGEST_TABLES) {
            Path folder = tableFolder(c, t);
            Map<String, String> files = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    files.put(folder.relativize(p).toString(),
                            Files.size(p) + " bytes, modified " + Files.getLastModifiedTime(p).toMillis());
                }
            }
            all.put(t, files);
        }
        return all;
    }

    private static void age(Path file, int days) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(days, ChronoUnit.DAYS)));
    }

    /** Descriptions of the Spark jobs started while it listens. */
    private static final class JobDescriptions extends SparkListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            String description = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
            if (description != null) {
                seen.add(description);
            }
        }

        /** The descriptions seen that match, waiting a little for the listener bus to deliver them. */
        List<String> awaitAny(Predicate<String> matching) throws InterruptedException {
            for (int i = 0; i < 100 && seen.stream().noneMatch(matching); i++) {
                Thread.sleep(100);
            }
            return seen.stream().filter(matching).toList();
        }
    }

    @Test
    void theMaintainedTablesAreTheIngestAndGoldTables() {
        List<String> expected = new ArrayList<>(IcebergTables.INGEST_TABLES);
        expected.addAll(GoldTables.ALL);
        assertThat(ConfigKeys.MAINTAINED_TABLES).containsExactlyElementsOf(expected);
        assertThat(ConfigKeys.all().get(ConfigKeys.MAINTENANCE_TABLES).allowed()).containsExactlyElementsOf(expected);
    }

    @Test
    void aDryRunChangesNothingThenMaintenanceCompactsAndExpiresKeepingEveryRow() throws Exception {
        TradingConfig ingest = loadDays();
        String silver = qualified(ingest, IcebergTables.SILVER);
        Dataset<Row> silverBefore = spark.createDataFrame(spark.table(silver).collectAsList(), spark.table(silver).schema());
        String splitDay = "partition.quote_date_day = DATE '" + SPLIT_DAY + "'";
        assertThat(spark.sql("SELECT count(*) FROM " + silver + ".files WHERE " + splitDay
                + " GROUP BY partition HAVING count(*) >= 2").count()).as("silver partitions with two files").isPositive();
        assertThat(dataFiles(ingest, IcebergTables.LEDGER)).isEqualTo(DAYS + 1);
        assertThat(dataFiles(ingest, IcebergTables.REJECTS)).isEqualTo(DAYS);
        for (String t : IcebergTables.INGEST_TABLES) {
            assertThat(snapshots(ingest, t)).as(t).hasSizeGreaterThan(2);
        }
        Path strayOld = tableFolder(ingest, IcebergTables.SILVER).resolve("data").resolve("stray-old.parquet");
        Files.writeString(strayOld, "not referenced by any snapshot");
        age(strayOld, 4);
        Map<String, Long> snapshotsBefore = currentSnapshots(ingest);
        Map<String, Map<String, String>> listingsBefore = listings(ingest);
        Map<String, String> expireAll = Map.of("maintenance.expire-older-than", "0s", "maintenance.retain-last", "2");

        // 1. a dry run changes nothing, and reports what there is to do
        Map<String, String> dry = new HashMap<>(expireAll);
        dry.put("maintenance.dry-run", "true");
        MaintenanceJob.Result inspected = new MaintenanceJob(spark, settings(ingest, dry)).run();

        assertThat(inspected.succeeded()).as(String.join("\n", inspected.lines())).isTrue();
        assertThat(currentSnapshots(ingest)).isEqualTo(snapshotsBefore);
        assertThat(listings(ingest)).isEqualTo(listingsBefore);
        assertThat(strayOld).exists();
        assertThat(inspected.actions()).isEmpty();
        assertThat(inspected.reports()).extracting(MaintenanceJob.TableReport::table)
                .containsExactlyElementsOf(IcebergTables.INGEST_TABLES);
        assertThat(inspected.lines().get(0))
                .matches("maintenance dry run: 4 table\\(s\\) inspected, nothing changed, in \\d+s");
        assertThat(inspected.notes()).contains("gold.strategy_runs does not exist yet: skipped");
        // the silver report, against counts taken independently from metadata tables and the disk
        MaintenanceJob.TableReport report = inspected.reports().get(2);
        Row files = spark.sql("SELECT count(*), sum(file_size_in_bytes) FROM " + silver + ".files").first();
        assertThat(report.dataFiles()).isEqualTo(files.getLong(0)).isGreaterThan(DAYS);
        assertThat(report.dataBytes()).isEqualTo(files.getLong(1));
        assertThat(report.smallFiles()).isEqualTo(report.dataFiles()); // all far below 75% of 512 MB
        List<Row> crowded = spark.sql("SELECT count(*) FROM " + silver + ".files GROUP BY partition HAVING count(*) >= 2")
                .collectAsList();
        assertThat(report.partitionsToCompact()).isEqualTo(crowded.size()).isPositive();
        assertThat(report.filesToCompact()).isEqualTo(crowded.stream().mapToLong(row -> row.getLong(0)).sum());
        int silverSnapshots = snapshots(ingest, IcebergTables.SILVER).size();
        assertThat(report.snapshots()).isEqualTo(silverSnapshots);
        assertThat(report.snapshotsToExpire()).isEqualTo(silverSnapshots - 2);
        List<Row> manifests = spark.sql("SELECT path, content FROM " + silver + ".manifests").collectAsList();
        assertThat(report.dataManifests()).isEqualTo(manifests.stream().filter(m -> m.getInt(1) == 0).count())
                .isGreaterThan(1);
        Table table = new IcebergTables(spark, ingest).load(IcebergTables.SILVER);
        long metadataBytes = Files.size(localPath(((HasTableOperations) table).operations().current().metadataFileLocation()))
                + Files.size(localPath(table.currentSnapshot().manifestListLocation()));
        for (Row m : manifests) {
            metadataBytes += Files.size(localPath(m.getString(0)));
        }
        assertThat(report.metadataBytes()).isEqualTo(metadataBytes);
        assertThat(report.orphanFiles()).isEqualTo(1);
        assertThat(report.line()).startsWith("silver.option_eod dry-run: " + report.dataFiles() + " data files (")
                .contains(report.snapshots() + " snapshots, " + report.snapshotsToExpire() + " to expire")
                .endsWith("; 1 orphan file(s) older than 3d");
        assertThat(inspected.reports().get(3)).satisfies(ledger -> {
            assertThat(ledger.table()).isEqualTo(IcebergTables.LEDGER);
            assertThat(ledger.partitionsToCompact()).isEqualTo(1);
            assertThat(ledger.filesToCompact()).isEqualTo(DAYS + 1);
            assertThat(ledger.orphanFiles()).isZero();
        });

        // 2. maintenance of silver alone leaves the other tables as they were
        Map<String, String> silverOnly = new HashMap<>(expireAll);
        silverOnly.put("maintenance.tables", IcebergTables.SILVER);
        JobDescriptions jobs = new JobDescriptions();
        spark.sparkContext().addSparkListener(jobs);
        MaintenanceJob.Result first;
        try {
            first = new MaintenanceJob(spark, settings(ingest, silverOnly)).run();
        } finally {
            spark.sparkContext().removeSparkListener(jobs);
        }

        assertThat(first.succeeded()).as(String.join("\n", first.lines())).isTrue();
        assertThat(first.tables()).containsExactly(IcebergTables.SILVER);
        assertThat(first.actions()).extracting(MaintenanceJob.ActionSummary::table).containsOnly(IcebergTables.SILVER);
        assertThat(first.filesRewritten()).isEqualTo(report.filesToCompact());
        Map<String, Long> others = currentSnapshots(ingest);
        assertThat(others.remove(IcebergTables.SILVER)).isNotEqualTo(snapshotsBefore.get(IcebergTables.SILVER));
        Map<String, Long> othersBefore = new HashMap<>(snapshotsBefore);
        othersBefore.remove(IcebergTables.SILVER);
        assertThat(others).isEqualTo(othersBefore);
        Map<String, Map<String, String>> listingsAfter = listings(ingest);
        for (String t : othersBefore.keySet()) {
            assertThat(listingsAfter.get(t)).as(t).isEqualTo(listingsBefore.get(t));
        }
        assertThat(strayOld).doesNotExist();
        // silver is rewritten with the sort strategy (Iceberg names it in its Spark jobs)...
        assertThat(jobs.awaitAny(d -> d.matches("Rewriting \\d+ files \\(.*") && d.endsWith(silver)))
                .as(jobs.seen.toString()).isNotEmpty().allSatisfy(d -> assertThat(d).contains(" files (SORT, "));
        // ...and the split day's partitions are one file each now, in the table's sort order (at
        // this size a bin-pack would be too: a group read in one task is written locally sorted)
        List<Row> rewritten = spark.sql("SELECT file_path, partition FROM " + silver + ".files WHERE " + splitDay)
                .collectAsList();
        assertThat(rewritten.stream().map(row -> row.get(1)).distinct().count()).isEqualTo(rewritten.size());
        for (Row f : rewritten) {
            Dataset<Row> inFile = spark.read().parquet(f.getString(0)).select(SORT_ORDER);
            assertThat(inFile.collectAsList()).as("rows of %s in sort order", f.getString(0)).hasSizeGreaterThan(1)
                    .isEqualTo(inFile.orderBy(SORT_ORDER).collectAsList());
        }

        // 3. all tables: compacted and expired; silver holds the same rows
        TradingConfig c = settings(ingest, expireAll);
        MaintenanceJob.Result r = new MaintenanceJob(spark, c).run();

        assertThat(r.succeeded()).as(String.join("\n", r.lines())).isTrue();
        assertThat(r.tables()).containsExactlyElementsOf(IcebergTables.INGEST_TABLES);
        assertThat(r.actions()).hasSize(16);
        assertThat(r.lines().get(0)).matches("maintenance succeeded: 4 table\\(s\\), 16 action\\(s\\) in \\d+s");
        // Expiry runs after the rewrites and keeps the newest two snapshots whatever wrote them, so
        // the snapshots maintenance adds count among the two kept: never more than two remain.
        for (String t : IcebergTables.INGEST_TABLES) {
            assertThat(snapshots(c, t)).as(t).hasSize(2);
        }
        assertThat(dataFiles(c, IcebergTables.LEDGER)).isEqualTo(1);
        assertThat(dataFiles(c, IcebergTables.REJECTS)).isEqualTo(1);
        assertThat(r.snapshotsExpired()).isPositive();
        assertThat(r.filesDeleted()).isPositive();
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).matches("ops\\.landing_files rewrite-data-files: "
                + (DAYS + 1) + " files \\(\\d+\\.\\d KB\\) rewritten into 1, \\d+\\.\\ds"));
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).matches(
                "ops\\.landing_files rewrite-manifests: \\d+ manifests rewritten into 1, \\d+\\.\\ds"));
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).matches(
                "bronze\\.option_eod expire-snapshots: \\d+ snapshots expired, \\d+ files deleted, \\d+\\.\\ds"));
        Dataset<Row> silverAfter = spark.table(silver);
        assertThat(silverAfter.count()).isEqualTo(silverBefore.count()).isEqualTo(ACCEPTED);
        assertThat(silverBefore.exceptAll(silverAfter).count()).isZero();
        assertThat(silverAfter.exceptAll(silverBefore).count()).isZero();

        // 4. a second run finds everything compact: no rewrite, no new snapshot
        Map<String, Long> compacted = currentSnapshots(c);
        MaintenanceJob.Result again = new MaintenanceJob(spark, c).run();
        assertThat(again.succeeded()).isTrue();
        assertThat(again.filesRewritten()).isZero();
        assertThat(again.manifestsRewritten()).isZero();
        assertThat(again.lines()).anySatisfy(l -> assertThat(l)
                .matches("silver\\.option_eod rewrite-data-files: nothing to do, \\d+\\.\\ds"));
        assertThat(currentSnapshots(c)).isEqualTo(compacted);

        // 5. ingest carries on over the expired history: a new day adds its rows, a rerun changes nothing
        Path next = SparkTestSession.sample(root.resolve("next"), NEXT_DAY, 1, ROWS, Compression.CSV).get(0);
        Files.copy(next, landing.resolve(next.getFileName()));
        IngestJob.Result daily = new IngestJob(spark, ingest).run(IngestJob.Mode.DAILY, Optional.empty());
        assertThat(daily.succeeded()).isTrue();
        assertThat(daily.filesPending()).isEqualTo(1);
        assertThat(daily.notes()).isEmpty();
        assertThat(spark.table(silver).count()).isEqualTo(ACCEPTED + ROWS);
        Map<String, Long> afterDaily = currentSnapshots(c);
        IngestJob.Result rerun = new IngestJob(spark, ingest).run(IngestJob.Mode.DAILY, Optional.empty());
        assertThat(rerun.filesPending()).isZero();
        assertThat(currentSnapshots(c)).isEqualTo(afterDaily);
        assertThat(spark.table(silver).count()).isEqualTo(ACCEPTED + ROWS);
    }

    @Test
    void theJobRemovesOldOrphansKeepsWhatAnUnfinishedBatchNeedsAndFailsOnlyForABrokenTable() throws Exception {
        // an ingest dies after bronze of its second batch, a re-delivery of the first day
        Path day = SparkTestSession.sample(landing, START, 1, 100, Compression.CSV).get(0);
        Path again = landing.resolve("UnderlyingOptionsEODCalcs_" + START + "-again.csv");
        Files.copy(day, again);
        Files.setLastModifiedTime(day, FileTime.fromMillis(Instant.parse("2024-06-01T00:00:00Z").toEpochMilli()));
        Files.setLastModifiedTime(again, FileTime.fromMillis(Instant.parse("2024-06-01T00:01:00Z").toEpochMilli()));
        TradingConfig ingest = SparkTestSession.newConfig(root, Map.of("ingest.files-per-batch", "1"));
        IngestJob crashing = new IngestJob(spark, ingest).withListener((id, n, step) -> {
            if (n == 2 && step.equals("bronze")) {
                throw new IllegalStateException("simulated crash");
            }
        });
        assertThatThrownBy(() -> crashing.run(IngestJob.Mode.BOOTSTRAP, Optional.empty()))
                .hasMessageContaining("simulated crash");
        String bronze = qualified(ingest, IcebergTables.BRONZE);
        assertThat(spark.table(bronze).count()).isEqualTo(200);
        List<Snapshot> loaded = snapshots(ingest, IcebergTables.BRONZE);
        assertThat(loaded).hasSize(2);
        String unfinished = loaded.get(1).summary().get(IcebergTables.BATCH_PROPERTY);
        // files no snapshot references, as a failed write leaves them
        Path data = tableFolder(ingest, IcebergTables.LEDGER).resolve("data");
        Path old = data.resolve("stray-old.parquet");
        Path fresh = data.resolve("stray-fresh.parquet");
        Path recent = data.resolve("stray-two-days.parquet");
        for (Path p : List.of(old, fresh, recent)) {
            Files.writeString(p, "left behind by a failed write");
        }
        age(old, 4);
        age(recent, 2);
        Map<String, Long> snapshotsBefore = currentSnapshots(ingest);
        TradingConfig c = settings(ingest, Map.of("maintenance.orphan-older-than", "0s",
                "maintenance.expire-older-than", "0s", "maintenance.retain-last", "1",
                "maintenance.tables", "bronze.option_eod, ops.landing_files, gold.strategy_daily"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int code = TradingJob.execute(spark, JobArguments.parse("--mode", "maintenance"), c, out);

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isEqualTo(TradingJob.EXIT_OK);
        String p = TradingJob.SUMMARY_PREFIX;
        assertThat(output).startsWith(p + "maintenance succeeded: 2 table(s), 8 action(s) in ")
                .contains(p + "bronze.option_eod rewrite-data-files: 2 files (")
                .containsPattern("\\Q" + p + "\\Ebronze\\.option_eod expire-snapshots: 1 snapshots expired, \\d+ files deleted")
                .contains(p + "ops.landing_files rewrite-data-files: nothing to do, ")
                .contains(p + "ops.landing_files remove-orphan-files: 1 files removed (older than 3d), ")
                .contains(p + "bronze.option_eod remove-orphan-files: 0 files removed (older than 3d), ")
                .contains(p + "note: maintenance.orphan-older-than=0s raised to 3d: orphan files younger than 3d are"
                        + " never removed")
                .contains(p + "note: gold.strategy_daily does not exist yet: skipped")
                .contains(p + "note: bronze.option_eod: snapshots since ")
                .contains("ingest batch(es) " + unfinished + " did not finish");
        // orphans go once three days old, whatever the setting
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
        assertThat(recent).exists();
        // tables not selected are untouched
        Map<String, Long> snapshotsAfter = currentSnapshots(c);
        for (String t : List.of(IcebergTables.REJECTS, IcebergTables.SILVER)) {
            assertThat(snapshotsAfter.get(t)).as(t).isEqualTo(snapshotsBefore.get(t));
        }
        // the unfinished batch's snapshot survives the expiry (older ones do not), so the next
        // ingest still finds and removes that batch's rows before loading the file again
        assertThat(snapshots(c, IcebergTables.BRONZE)).extracting(Snapshot::snapshotId)
                .contains(loaded.get(1).snapshotId()).doesNotContain(loaded.get(0).snapshotId());
        IngestJob.Result resumed = new IngestJob(spark, ingest).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
        assertThat(resumed.notes()).anySatisfy(n -> assertThat(n).contains("removing rows of unfinished batch " + unfinished));
        assertThat(spark.table(bronze).count()).isEqualTo(200);
        assertThat(spark.sql("SELECT DISTINCT source_file, line_number FROM " + bronze).count()).isEqualTo(200);

        // what a load calls for the data it wrote: compaction restricted by a filter
        MaintenanceJob job = new MaintenanceJob(spark, c);
        spark.sparkContext().setJobGroup("ingest-batch", "a caller's job group", false);
        MaintenanceJob.ActionSummary otherDay = job.compact(IcebergTables.BRONZE,
                Expressions.equal("file_day", START.plusDays(1).toString()));
        MaintenanceJob.ActionSummary compacted = job.compact(IcebergTables.BRONZE,
                Expressions.equal("file_day", START.toString()));
        assertThat(spark.sparkContext().getLocalProperty("spark.jobGroup.id")).isEqualTo("ingest-batch");
        spark.sparkContext().clearJobGroup();
        assertThat(otherDay.filesRewritten()).isZero();
        assertThat(otherDay.line()).startsWith("bronze.option_eod compact: ");
        assertThat(compacted.failed()).isFalse();
        assertThat(compacted.filesRewritten()).isEqualTo(2);
        assertThat(compacted.filesAdded()).isEqualTo(1);
        assertThat(compacted.manifestsAdded()).isEqualTo(1);
        assertThat(compacted.line()).matches("bronze\\.option_eod compact: 2 files \\(\\d+\\.\\d KB\\) rewritten into 1, "
                + compacted.manifestsRewritten() + " manifests rewritten into 1, \\d+\\.\\ds");
        assertThat(dataFiles(c, IcebergTables.BRONZE)).isEqualTo(1);
        assertThat(spark.table(bronze).count()).isEqualTo(200);

        // a table whose metadata is gone fails; the run goes on with the others and fails at the end
        Table broken = new IcebergTables(spark, c).load(IcebergTables.BRONZE);
        Files.delete(localPath(((HasTableOperations) broken).operations().current().metadataFileLocation()));
        bytes.reset();
        TradingConfig two = settings(ingest, Map.of("maintenance.tables", "bronze.option_eod, bronze.option_eod_rejects"));

        code = TradingJob.execute(spark, JobArguments.parse("--mode", "maintenance"), two, out);

        output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isEqualTo(TradingJob.EXIT_FAILED);
        assertThat(output).startsWith(p + "maintenance FAILED: ")
                .contains(p + "bronze.option_eod_rejects expire-snapshots: 0 snapshots expired")
                .contains(p + "bronze.option_eod_rejects remove-orphan-files: 0 files removed");
        List<String> failed = output.lines().skip(1).filter(l -> l.contains(" FAILED")).toList();
        assertThat(failed).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith(p + "bronze.option_eod ")
                .containsPattern("FAILED: .*[Mm]etadata"));
    }

    /** A small Iceberg table of this catalog, written in two commits: two small files in one partition. */
    private void smallTable(TradingConfig c, String table) {
        String name = qualified(c, table);
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + name.substring(0, name.lastIndexOf('.')));
        spark.sql("CREATE TABLE " + name + " (id INT, day DATE) USING iceberg PARTITIONED BY (day)");
        spark.sql("INSERT INTO " + name + " VALUES (1, DATE '2024-03-04'), (2, DATE '2024-03-04')");
        spark.sql("INSERT INTO " + name + " VALUES (3, DATE '2024-03-04')");
    }

    /** Every regular file under a folder, with its size and modification time. */
    private static Map<String, String> files(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(p).toString(),
                        Files.size(p) + " bytes, modified " + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }

    @Test
    void orphanRemovalNeverFollowsASymlinkOutOfTheTableAndReportsIt() throws Exception {
        TradingConfig c = SparkTestSession.newConfig(root, Map.of());
        smallTable(c, IcebergTables.SILVER);
        Path data = tableFolder(c, IcebergTables.SILVER).resolve("data");
        // old files outside the warehouse, reached through links in the table's data folder
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere").resolve("nested"));
        Path outsideOld = Files.writeString(root.resolve("elsewhere").resolve("old.parquet"), "not the table's");
        Path outsideNested = Files.writeString(elsewhere.resolve("older.parquet"), "not the table's either");
        Path outsideFile = Files.writeString(root.resolve("single.parquet"), "nor this one");
        for (Path p : List.of(outsideOld, outsideNested, outsideFile)) {
            age(p, 10);
        }
        Path dirLink = Files.createSymbolicLink(data.resolve("linked"), root.resolve("elsewhere"));
        Path fileLink = Files.createSymbolicLink(data.resolve("linked-file.parquet"), outsideFile);
        Path stray = Files.writeString(data.resolve("stray-old.parquet"), "left behind by a failed write");
        age(stray, 4);
        String table = IcebergTables.SILVER;

        MaintenanceJob.Result dry = new MaintenanceJob(spark, settings(c, Map.of("maintenance.tables", table,
                "maintenance.dry-run", "true"))).run();

        assertThat(dry.succeeded()).as(String.join("\n", dry.lines())).isTrue();
        assertThat(dry.reports()).singleElement().satisfies(r -> {
            assertThat(r.orphanFiles()).isEqualTo(1);
            assertThat(r.line()).contains("2 symlink(s) not followed").contains("data/linked ->")
                    .contains("data/linked-file.parquet ->");
        });

        MaintenanceJob.Result r = new MaintenanceJob(spark, settings(c, Map.of("maintenance.tables", table))).run();

        assertThat(r.succeeded()).as(String.join("\n", r.lines())).isTrue();
        assertThat(outsideOld).exists();
        assertThat(outsideNested).exists();
        assertThat(outsideFile).exists();
        assertThat(dirLink).isSymbolicLink();
        assertThat(fileLink).isSymbolicLink();
        // an ordinary orphan still goes
        assertThat(stray).doesNotExist();
        assertThat(r.orphanFiles()).isEqualTo(1);
        assertThat(r.lines()).anySatisfy(l -> assertThat(l)
                .startsWith("silver.option_eod remove-orphan-files: 1 files removed (older than 3d); 2 symlink(s) not"
                        + " followed")
                .endsWith(" followed (files they reach are not the table's): data/linked -> " + root.resolve("elsewhere")
                        + ", data/linked-file.parquet -> " + outsideFile + ", " + l.substring(l.lastIndexOf(' ') + 1)));
        assertThat(spark.table(qualified(c, table)).count()).isEqualTo(3);
    }

    @Test
    void expiryNeverDeletesAFileWhoseRealPathIsOutsideTheTable() throws Exception {
        TradingConfig c = SparkTestSession.newConfig(root, Map.of());
        smallTable(c, IcebergTables.BRONZE);
        String bronze = qualified(c, IcebergTables.BRONZE);
        // a partition folder linked out of the table: a write lands outside, through the link
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.createSymbolicLink(tableFolder(c, IcebergTables.BRONZE).resolve("data").resolve("day=2024-03-05"),
                elsewhere);
        spark.sql("INSERT INTO " + bronze + " VALUES (4, DATE '2024-03-05')");
        List<Path> outside;
        try (Stream<Path> walk = Files.list(elsewhere)) {
            outside = walk.toList();
        }
        assertThat(outside).isNotEmpty();
        spark.sql("DELETE FROM " + bronze + " WHERE day = DATE '2024-03-05'");

        MaintenanceJob.Result r = new MaintenanceJob(spark, settings(c, Map.of("maintenance.tables",
                IcebergTables.BRONZE, "maintenance.expire-older-than", "0s", "maintenance.retain-last", "1"))).run();

        // the file only expired snapshots referenced is left where it is, and the action says so
        assertThat(outside).allSatisfy(p -> assertThat(p).exists());
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.action()).isEqualTo(MaintenanceJob.EXPIRE_SNAPSHOTS);
            assertThat(f.snapshotsExpired()).isPositive();
            assertThat(f.line()).contains(" FAILED: ").contains("; 1 file(s) NOT deleted: not under the table's location "
                    + tableFolder(c, IcebergTables.BRONZE) + ", or reached through a symlink");
        });
        assertThat(spark.table(bronze).count()).isEqualTo(3);
    }

    @Test
    void aCopiedWarehouseIsRefusedAndTheOriginalKeepsEveryFile() throws Exception {
        TradingConfig original = SparkTestSession.newConfig(root, Map.of());
        smallTable(original, IcebergTables.BRONZE);
        Path stray = tableFolder(original, IcebergTables.BRONZE).resolve("data").resolve("stray-old.parquet");
        Files.writeString(stray, "left behind by a failed write");
        age(stray, 4);
        // cp -a: the copy's metadata still names the original's files, by absolute path
        Path warehouse = root.resolve("warehouse");
        Path copy = root.resolve("warehouse-copy");
        try (Stream<Path> walk = Files.walk(warehouse)) {
            for (Path p : walk.toList()) {
                Files.copy(p, copy.resolve(warehouse.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Map<String, String> originalFiles = files(warehouse);
        TradingConfig copied = SparkTestSession.newConfig(root, Map.of("paths.warehouse", copy.toString()));
        // a table made in the copy is the copy's own
        smallTable(copied, IcebergTables.LEDGER);
        Map<String, String> maintain = Map.of("paths.warehouse", copy.toString(),
                "maintenance.tables", IcebergTables.BRONZE + ", " + IcebergTables.LEDGER,
                "maintenance.expire-older-than", "0s", "maintenance.retain-last", "1");
        Map<String, String> inspect = new HashMap<>(maintain);
        inspect.put("maintenance.dry-run", "true");

        MaintenanceJob.Result dry = new MaintenanceJob(spark, settings(copied, inspect)).run();
        MaintenanceJob.Result r = new MaintenanceJob(spark, settings(copied, maintain)).run();

        // the original: not one file added, changed or deleted, and still readable
        assertThat(files(warehouse)).isEqualTo(originalFiles);
        assertThat(spark.table(qualified(original, IcebergTables.BRONZE)).count()).isEqualTo(3);
        // the copied table is refused, with what happened and what to do
        String refusal = "table " + qualified(copied, IcebergTables.BRONZE) + "'s location "
                + warehouse.resolve("bronze").resolve("option_eod") + " is not under paths.warehouse " + copy
                + ": this warehouse looks copied from another";
        for (MaintenanceJob.Result run : List.of(dry, r)) {
            assertThat(run.succeeded()).isFalse();
            assertThat(run.failures()).singleElement().satisfies(f -> {
                assertThat(f.table()).isEqualTo(IcebergTables.BRONZE);
                assertThat(f.action()).isEqualTo(MaintenanceJob.LOCATION);
                assertThat(f.line()).startsWith("bronze.option_eod location FAILED: " + refusal)
                        .contains("maintenance does nothing to this table").contains("rewrite_table_path")
                        .contains("register_table");
            });
        }
        assertThat(dry.reports()).extracting(MaintenanceJob.TableReport::table).containsExactly(IcebergTables.LEDGER);
        assertThat(r.lines().get(0)).startsWith("maintenance FAILED: 2 table(s), 5 action(s), 1 failed,");
        assertThat(r.actions()).filteredOn(a -> a.table().equals(IcebergTables.BRONZE)).hasSize(1);
        // the copy's own table is looked after as ever
        assertThat(r.actions()).filteredOn(a -> a.table().equals(IcebergTables.LEDGER))
                .extracting(MaintenanceJob.ActionSummary::action).containsExactly(MaintenanceJob.REWRITE_DATA_FILES,
                        MaintenanceJob.REWRITE_MANIFESTS, MaintenanceJob.EXPIRE_SNAPSHOTS,
                        MaintenanceJob.REMOVE_ORPHAN_FILES);
        assertThat(r.filesRewritten()).isEqualTo(2);
        assertThat(r.snapshotsExpired()).isPositive();
        assertThat(dataFiles(copied, IcebergTables.LEDGER)).isEqualTo(1);
        assertThat(spark.table(qualified(copied, IcebergTables.LEDGER)).count()).isEqualTo(3);
    }

    @Test
    void anUnknownTableNameStopsTheJobBeforeSparkStarts() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int code = TradingJob.run(new String[] {"--mode", "maintenance", "--set",
                "maintenance.tables=silver.option_eod, silver.option_eodd"}, out);

        assertThat(code).isEqualTo(TradingJob.EXIT_BAD_INPUT);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith(TradingJob.SUMMARY_PREFIX + "not started")
                .contains("--set maintenance.tables")
                .contains("unknown 'silver.option_eodd' (did you mean 'silver.option_eod'?)")
                .contains("expected a comma-separated list of " + String.join(", ", ConfigKeys.MAINTAINED_TABLES));
    }
}
