package dev.tradingpipeline.jobs.maintenance;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.ingest.LandingFileLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.actions.RewriteManifests;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.spark.actions.DeleteOrphanFilesSparkAction;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Iceberg table maintenance: for each table, compaction of small data files, rewriting of
 * manifests, expiry of old snapshots and removal of orphan files, each a separate action with
 * one summary line. A dry run changes nothing and reports per table what there is to do.
 *
 * <p>Every action is safe next to running ingest and strategy jobs: rewrites commit like any
 * writer (a conflicting group is left for the next run), orphan files are only removed once
 * older than {@link #ORPHAN_FLOOR}, and the snapshots an unfinished ingest batch needs for its
 * clean-up are kept.
 *
 * <p>Maintenance acts only on files under a table's own location, and only on tables located
 * under {@code paths.warehouse} (see {@link TableScope}): a copied warehouse's tables still point at
 * the original's files and are refused; orphan listing never follows a symlink.
 */
public final class MaintenanceJob {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJob.class);

    /** Orphan files younger than this are never removed: they may be another job's write in flight. */
    public static final Duration ORPHAN_FLOOR = Duration.ofDays(3);
    /** A data file below this fraction of the table's target file size is small (as Iceberg's bin-pack sees it). */
    public static final double SMALL_FILE_RATIO = 0.75;
    /** Up to this many data manifests are rewritten on the driver, more by a Spark job. */
    static final int IN_DRIVER_MANIFESTS = 100;
    /** Tables with up to this many snapshots are expired on the driver, larger ones by Spark jobs. */
    static final int IN_DRIVER_SNAPSHOTS = 1000;

    public static final String REWRITE_DATA_FILES = "rewrite-data-files";
    public static final String REWRITE_MANIFESTS = "rewrite-manifests";
    public static final String EXPIRE_SNAPSHOTS = "expire-snapshots";
    public static final String REMOVE_ORPHAN_FILES = "remove-orphan-files";
    public static final String COMPACT = "compact";
    public static final String DRY_RUN = "dry-run";
    private static final String NOTHING_TO_DO = "nothing to do";
    /** The columns of a file listing handed to Iceberg's orphan removal. */
    private static final String FILE_PATH = "file_path";
    private static final String LAST_MODIFIED = "last_modified";
    /** Spark's local properties of a job group, kept and restored around an action. */
    private static final List<String> JOB_GROUP_PROPERTIES = List.of("spark.jobGroup.id", "spark.job.description",
            "spark.job.interruptOnCancel");

    /** The pseudo-action of a table that could not even be looked up. */
    public static final String LOAD = "load";
    /** The pseudo-action of a table maintenance refuses: its files are not under the warehouse. */
    public static final String LOCATION = "location";

    /**
     * What one action did to one table, with its summary line.
     *
     * @param failed         true when the action did not (fully) succeed; {@link #line()} says why
     * @param filesRewritten data files replaced by compaction
     * @param filesAdded     data files compaction wrote in their place
     * @param filesDeleted   files deleted with expired snapshots (data, delete, manifest and manifest-list files)
     * @param orphanFiles    orphan files removed
     */
    public record ActionSummary(String table, String action, boolean failed, int filesRewritten, int filesAdded,
            long bytesRewritten, int manifestsRewritten, int manifestsAdded, int snapshotsExpired, long filesDeleted,
            int orphanFiles, Duration elapsed, String line) {
    }

    /**
     * What a dry run found in one table, with its summary line.
     *
     * @param smallFiles          data files below {@link #SMALL_FILE_RATIO} of the target file size
     * @param filesToCompact      small files in partitions holding two or more of them
     * @param partitionsToCompact partitions holding two or more small files: what compaction rewrites
     * @param snapshotsToExpire   snapshots an expiry with the current settings would remove
     * @param metadataBytes       current metadata.json, manifest list and manifests of the current snapshot
     * @param orphanFiles         files no snapshot references, older than the orphan age
     */
    public record TableReport(String table, int dataFiles, long dataBytes, int smallFiles, int filesToCompact,
            int partitionsToCompact, int snapshots, int snapshotsToExpire, int dataManifests, long metadataBytes,
            int orphanFiles, String line) {
    }

    /**
     * The run's result: the actions taken (or, in a dry run, the table reports), notes and timing.
     *
     * @param tables the tables looked after (the selected ones that exist)
     */
    public record Result(boolean dryRun, List<String> tables, List<ActionSummary> actions, List<TableReport> reports,
            List<String> notes, Duration elapsed) {

        public List<ActionSummary> failures() {
            return actions.stream().filter(ActionSummary::failed).toList();
        }

        public boolean succeeded() {
            return failures().isEmpty();
        }

        public int filesRewritten() {
            return actions.stream().mapToInt(ActionSummary::filesRewritten).sum();
        }

        public int filesAdded() {
            return actions.stream().mapToInt(ActionSummary::filesAdded).sum();
        }

        public long bytesRewritten() {
            return actions.stream().mapToLong(ActionSummary::bytesRewritten).sum();
        }

        public int manifestsRewritten() {
            return actions.stream().mapToInt(ActionSummary::manifestsRewritten).sum();
        }

        public int manifestsAdded() {
            return actions.stream().mapToInt(ActionSummary::manifestsAdded).sum();
        }

        public int snapshotsExpired() {
            return actions.stream().mapToInt(ActionSummary::snapshotsExpired).sum();
        }

        public long filesDeleted() {
            return actions.stream().mapToLong(ActionSummary::filesDeleted).sum();
        }

        public int orphanFiles() {
            return actions.stream().mapToInt(ActionSummary::orphanFiles).sum();
        }

        /** The headline, then one line per table report or action, then the notes. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            long secs = elapsed.toSeconds();
            int failed = failures().size();
            if (dryRun) {
                lines.add(String.format(Locale.ROOT, "maintenance dry run%s: %d table(s) inspected%s, nothing changed, in %ds",
                        failed == 0 ? "" : " FAILED", tables.size(), failed == 0 ? "" : ", " + failed + " failed", secs));
            } else {
                lines.add(String.format(Locale.ROOT, "maintenance %s: %d table(s), %d action(s)%s in %ds",
                        failed == 0 ? "succeeded" : "FAILED", tables.size(), actions.size(),
                        failed == 0 ? "" : ", " + failed + " failed,", secs));
            }
            reports.forEach(r -> lines.add(r.line()));
            actions.forEach(a -> lines.add(a.line()));
            notes.forEach(n -> lines.add("note: " + n));
            return lines;
        }
    }

    /** Counts of an action before its timing is known. */
    private record Counts(boolean failed, int filesRewritten, int filesAdded, long bytesRewritten,
            int manifestsRewritten, int manifestsAdded, int snapshotsExpired, long filesDeleted, int orphanFiles,
            String text) {

        static Counts of(String text) {
            return new Counts(false, 0, 0, 0, 0, 0, 0, 0, 0, text);
        }
    }

    private final SparkSession spark;
    private final IcebergTables tables;
    private final List<String> selected;
    private final boolean dryRun;
    private final Duration expireOlderThan;
    private final int retainLast;
    private final Duration orphanOlderThan;
    /** paths.warehouse: maintenance acts only on tables located under it. */
    private final String warehouse;

    public MaintenanceJob(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.tables = new IcebergTables(spark, config);
        List<String> chosen = config.getList(ConfigKeys.MAINTENANCE_TABLES);
        this.selected = List.copyOf(new LinkedHashSet<>(chosen.isEmpty() ? ConfigKeys.MAINTAINED_TABLES : chosen));
        this.dryRun = config.getBoolean(ConfigKeys.MAINTENANCE_DRY_RUN);
        this.expireOlderThan = config.getDuration(ConfigKeys.MAINTENANCE_EXPIRE_OLDER_THAN);
        this.retainLast = config.getInt(ConfigKeys.MAINTENANCE_RETAIN_LAST);
        this.orphanOlderThan = config.getDuration(ConfigKeys.MAINTENANCE_ORPHAN_OLDER_THAN);
        this.warehouse = config.location(ConfigKeys.PATHS_WAREHOUSE);
    }

    /** Looks after every selected table that exists; a failed action is recorded and the run goes on. */
    public Result run() {
        Instant start = Instant.now();
        List<String> notes = new ArrayList<>();
        Duration orphanAge = orphanOlderThan;
        if (orphanAge.compareTo(ORPHAN_FLOOR) < 0) {
            orphanAge = ORPHAN_FLOOR;
            notes.add(ConfigKeys.MAINTENANCE_ORPHAN_OLDER_THAN + "=" + text(orphanOlderThan) + " raised to "
                    + text(ORPHAN_FLOOR) + ": orphan files younger than " + text(ORPHAN_FLOOR)
                    + " are never removed (they may be writes of running jobs)");
        }
        List<ActionSummary> actions = new ArrayList<>();
        List<TableReport> reports = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (String name : selected) {
            try {
                if (tables.exists(name)) {
                    present.add(name);
                } else {
                    notes.add(name + " does not exist yet: skipped");
                }
            } catch (RuntimeException e) {
                // a table that cannot be loaded fails alone; the others are still looked after
                LOG.error("Cannot load {}", tables.qualified(name), e);
                actions.add(new ActionSummary(name, LOAD, true, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO,
                        name + " " + LOAD + " FAILED: " + message(e)));
            }
        }
        Map<String, Long> keepFrom = unfinishedBatches(present, notes);
        LOG.info("Maintenance{} of {} table(s): {}", dryRun ? " (dry run)" : "", present.size(), present);

        for (int i = 0; i < present.size(); i++) {
            String name = present.get(i);
            String step = (i + 1) + "/" + present.size();
            TableScope scope;
            try {
                scope = scope(name);
            } catch (TableScope.OutsideWarehouseException e) {
                // nothing at all is done to it: every action would reach files of another warehouse
                LOG.error("Maintenance {} {}: refused: {}", step, tables.qualified(name), e.getMessage());
                actions.add(new ActionSummary(name, LOCATION, true, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO,
                        name + " " + LOCATION + " FAILED: " + e.getMessage()));
                continue;
            } catch (RuntimeException e) {
                LOG.error("Cannot load {}", tables.qualified(name), e);
                actions.add(new ActionSummary(name, LOAD, true, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO,
                        name + " " + LOAD + " FAILED: " + message(e)));
                continue;
            }
            if (dryRun) {
                try {
                    LOG.info("Maintenance {} {}: inspecting (dry run)", step, tables.qualified(name));
                    reports.add(inspect(name, keepFrom.get(name), orphanAge, scope));
                } catch (RuntimeException e) {
                    LOG.error("Inspecting {} failed", tables.qualified(name), e);
                    actions.add(new ActionSummary(name, DRY_RUN, true, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO,
                            name + " " + DRY_RUN + " FAILED: " + message(e)));
                }
                continue;
            }
            Duration orphans = orphanAge;
            actions.add(attempt(name, REWRITE_DATA_FILES, step,
                    () -> rewriteDataFiles(name, Expressions.alwaysTrue(), scope)));
            actions.add(attempt(name, REWRITE_MANIFESTS, step, () -> rewriteManifests(load(name, scope))));
            actions.add(attempt(name, EXPIRE_SNAPSHOTS, step, () -> expireSnapshots(name, keepFrom.get(name), scope)));
            actions.add(attempt(name, REMOVE_ORPHAN_FILES, step, () -> removeOrphanFiles(name, orphans, scope)));
        }
        return new Result(dryRun, List.copyOf(present), List.copyOf(actions), List.copyOf(reports),
                List.copyOf(notes), Duration.between(start, Instant.now()));
    }

    /**
     * Compacts the data files of one table that match a filter (bin-pack, silver in its sort
     * order), then rewrites its manifests when there is more than one: what a load calls for the
     * data it just wrote. Never throws for a failed rewrite: the summary says {@code failed}.
     */
    public ActionSummary compact(String table, Expression filter) {
        return attempt(table, COMPACT, "", () -> {
            TableScope scope = scope(table);
            Counts data = rewriteDataFiles(table, filter, scope);
            Counts manifests = rewriteManifests(load(table, scope));
            String text = data.text().equals(NOTHING_TO_DO) ? manifests.text()
                    : manifests.text().equals(NOTHING_TO_DO) ? data.text()
                    : data.text() + ", " + manifests.text();
            return new Counts(data.failed() || manifests.failed(), data.filesRewritten(), data.filesAdded(),
                    data.bytesRewritten(), manifests.manifestsRewritten(), manifests.manifestsAdded(), 0, 0, 0, text);
        });
    }

    /**
     * Where maintenance may act on a table: under its own location, which must be under
     * paths.warehouse ({@link TableScope.OutsideWarehouseException} otherwise).
     */
    private TableScope scope(String name) {
        return TableScope.of(tables.qualified(name), tables.load(name), warehouse,
                spark.sparkContext().hadoopConfiguration());
    }

    /** The table, loaded again, at the location its scope was checked for. */
    private Table load(String name, TableScope scope) {
        Table table = tables.load(name);
        scope.verify(tables.qualified(name), table);
        return table;
    }

    private ActionSummary attempt(String table, String action, String step, Supplier<Counts> body) {
        LOG.info("Maintenance {}{}: {} starting", step.isEmpty() ? "" : step + " ", tables.qualified(table), action);
        long started = System.nanoTime();
        Map<String, String> callersGroup = new HashMap<>();
        JOB_GROUP_PROPERTIES.forEach(k -> callersGroup.put(k, spark.sparkContext().getLocalProperty(k)));
        spark.sparkContext().setJobGroup("trading-maintenance", table + " " + action, false);
        Counts c;
        try {
            c = body.get();
        } catch (RuntimeException e) {
            LOG.error("{} of {} failed", action, tables.qualified(table), e);
            c = new Counts(true, 0, 0, 0, 0, 0, 0, 0, 0, message(e));
        } finally {
            // null removes a property: a caller without a job group gets none back
            callersGroup.forEach(spark.sparkContext()::setLocalProperty);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        String line = String.format(Locale.ROOT, "%s %s%s: %s, %.1fs", table, action, c.failed() ? " FAILED" : "",
                c.text(), elapsed.toMillis() / 1000.0);
        LOG.info("Maintenance: {}", line);
        return new ActionSummary(table, action, c.failed(), c.filesRewritten(), c.filesAdded(), c.bytesRewritten(),
                c.manifestsRewritten(), c.manifestsAdded(), c.snapshotsExpired(), c.filesDeleted(), c.orphanFiles(),
                elapsed, line);
    }

    /** Bin-packs (silver: sorts) partitions with two or more files outside the target size range. */
    private Counts rewriteDataFiles(String name, Expression filter, TableScope scope) {
        Table table = load(name, scope);
        if (table.currentSnapshot() == null) {
            return Counts.of(NOTHING_TO_DO);
        }
        RewriteDataFiles action = SparkActions.get(spark).rewriteDataFiles(table)
                .filter(filter)
                .option("target-file-size-bytes", String.valueOf(targetFileSize(table)))
                .option("min-input-files", "2")
                .option("partial-progress.enabled", "true");
        // silver is read by underlying and contract: its files stay in the table's sort order
        action = name.equals(IcebergTables.SILVER) && table.sortOrder().isSorted() ? action.sort() : action.binPack();
        RewriteDataFiles.Result r = action.execute();
        int rewritten = r.rewrittenDataFilesCount();
        int failedFiles = r.failedDataFilesCount();
        String text = rewritten == 0 && failedFiles == 0 ? NOTHING_TO_DO
                : String.format(Locale.ROOT, "%d files (%s) rewritten into %d", rewritten, size(r.rewrittenBytesCount()),
                        r.addedDataFilesCount());
        if (failedFiles > 0) {
            text += String.format(Locale.ROOT, "; %d file(s) in %d group(s) not rewritten (the driver log has the cause)",
                    failedFiles, r.rewriteFailures().size());
        }
        return new Counts(failedFiles > 0, rewritten, r.addedDataFilesCount(), r.rewrittenBytesCount(), 0, 0, 0, 0, 0,
                text);
    }

    /** Rewrites the data manifests into as few as their size calls for, when there is more than one. */
    private Counts rewriteManifests(Table table) {
        Snapshot current = table.currentSnapshot();
        if (current == null || current.dataManifests(table.io()).size() <= 1) {
            return Counts.of(NOTHING_TO_DO);
        }
        int rewritten;
        int added;
        int manifests = current.dataManifests(table.io()).size();
        if (manifests <= IN_DRIVER_MANIFESTS) {
            // a few manifests are merged on the driver in a moment; a Spark job would take seconds
            table.rewriteManifests().clusterBy(file -> "all").commit();
            Map<String, String> summary = table.currentSnapshot().summary();
            rewritten = Integer.parseInt(summary.getOrDefault("manifests-replaced", "0"));
            added = Integer.parseInt(summary.getOrDefault("manifests-created", "0"));
        } else {
            RewriteManifests.Result r = SparkActions.get(spark).rewriteManifests(table).execute();
            rewritten = count(r.rewrittenManifests());
            added = count(r.addedManifests());
        }
        return new Counts(false, 0, 0, 0, rewritten, added, 0, 0, 0,
                String.format(Locale.ROOT, "%d manifests rewritten into %d", rewritten, added));
    }

    /** Expires snapshots older than the configured age, keeping the newest retain-last ones. */
    private Counts expireSnapshots(String name, Long keepFrom, TableScope scope) {
        Table table = load(name, scope);
        Set<Long> before = snapshotIds(table);
        long cutoff = expiryCutoff(keepFrom);
        // Iceberg commits the expiry, then hands over the files only expired snapshots referenced:
        // collected here, and only those under the table's location are deleted
        List<String> unreferenced = Collections.synchronizedList(new ArrayList<>());
        if (before.size() <= IN_DRIVER_SNAPSHOTS) {
            // a table of modest history is cleaned up on the driver in a moment; Spark jobs take seconds
            table.expireSnapshots()
                    .expireOlderThan(cutoff)
                    .retainLast(retainLast)
                    .deleteWith(unreferenced::add)
                    .commit();
        } else {
            SparkActions.get(spark).expireSnapshots(table)
                    .expireOlderThan(cutoff)
                    .retainLast(retainLast)
                    .deleteWith(unreferenced::add)
                    .execute();
        }
        Deleted deleted = deleteOwned(name, table, scope, List.copyOf(unreferenced));
        table.refresh();
        Set<Long> expired = new HashSet<>(before);
        expired.removeAll(snapshotIds(table));
        return new Counts(!deleted.refused().isEmpty(), 0, 0, 0, 0, 0, expired.size(), deleted.count(), 0,
                String.format(Locale.ROOT, "%d snapshots expired, %d files deleted", expired.size(), deleted.count())
                        + deleted.refusal(scope));
    }

    private Counts removeOrphanFiles(String name, Duration age, TableScope scope) {
        Table table = load(name, scope);
        Orphans orphans = findOrphans(table, scope, System.currentTimeMillis() - age.toMillis());
        Deleted deleted = deleteOwned(name, table, scope, orphans.files());
        return new Counts(!deleted.refused().isEmpty(), 0, 0, 0, 0, 0, 0, 0, (int) deleted.count(),
                String.format(Locale.ROOT, "%d files removed (older than %s)", deleted.count(), text(age))
                        + orphans.symlinkNote(scope) + deleted.refusal(scope));
    }

    /** Files of a table no snapshot references, and the symlinks found (and not followed) looking for them. */
    private record Orphans(List<String> files, List<String> symlinks) {

        String symlinkNote(TableScope scope) {
            if (symlinks.isEmpty()) {
                return "";
            }
            String prefix = scope.location() + "/";
            List<String> shown = symlinks.stream().limit(5)
                    .map(l -> l.startsWith(prefix) ? l.substring(prefix.length()) : l).toList();
            return String.format(Locale.ROOT, "; %d symlink(s) not followed (files they reach are not the table's): %s%s",
                    symlinks.size(), String.join(", ", shown),
                    symlinks.size() > shown.size() ? " and " + (symlinks.size() - shown.size()) + " more (the log has all)"
                            : "");
        }
    }

    /**
     * The orphan files of a table older than a time. Iceberg lists them with Hadoop's file system,
     * which follows symlinks on a local disk (and would delete what a link reaches): a local table
     * is listed here instead, without following any, and the listing is handed to Iceberg.
     */
    private Orphans findOrphans(Table table, TableScope scope, long olderThan) {
        List<String> found = Collections.synchronizedList(new ArrayList<>());
        DeleteOrphanFilesSparkAction action = SparkActions.get(spark).deleteOrphanFiles(table)
                .olderThan(olderThan)
                .deleteWith(found::add);
        List<String> symlinks = List.of();
        if (scope.local()) {
            TableScope.Listing listing;
            try {
                listing = scope.listLocal(table, olderThan);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + scope.location() + ": " + e.getMessage(), e);
            }
            symlinks = listing.symlinks();
            symlinks.forEach(l -> LOG.warn("{}: symlink {} not followed by orphan removal", table.name(), l));
            StructType schema = new StructType()
                    .add(FILE_PATH, DataTypes.StringType, false)
                    .add(LAST_MODIFIED, DataTypes.TimestampType, false);
            List<Row> rows = listing.files().stream()
                    .map(f -> RowFactory.create(f.path(), new Timestamp(f.modifiedMillis()))).toList();
            action = action.compareToFileList(spark.createDataFrame(rows, schema));
        }
        action.execute();
        return new Orphans(List.copyOf(found), symlinks);
    }

    /** Files deleted, and those refused for not being under the table's location. */
    private record Deleted(long count, List<String> refused) {

        String refusal(TableScope scope) {
            return refused.isEmpty() ? "" : String.format(Locale.ROOT, "; %d file(s) NOT deleted: not under the"
                    + " table's location %s, or reached through a symlink (the log names them)", refused.size(),
                    scope.location());
        }
    }

    /** Deletes the files under the table's location; the others are logged and left alone. */
    private Deleted deleteOwned(String name, Table table, TableScope scope, List<String> paths) {
        List<String> owned = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String path : paths) {
            (scope.owns(path) ? owned : refused).add(path);
        }
        refused.forEach(p -> LOG.error("{}: not deleting {}: it is not under the table's location {} (or a symlink"
                + " leads out of it)", tables.qualified(name), p, scope.location()));
        long count = 0;
        if (owned.isEmpty()) {
            return new Deleted(0, refused);
        }
        if (table.io() instanceof SupportsBulkOperations bulk) {
            try {
                bulk.deleteFiles(owned);
                count = owned.size();
            } catch (BulkDeletionFailureException e) {
                LOG.warn("{}: {} of {} files could not be deleted", tables.qualified(name), e.numberFailedObjects(),
                        owned.size(), e);
                count = owned.size() - e.numberFailedObjects();
            }
        } else {
            for (String path : owned) {
                try {
                    table.io().deleteFile(path);
                    count++;
                } catch (RuntimeException e) {
                    LOG.warn("{}: cannot delete {}", tables.qualified(name), path, e);
                }
            }
        }
        return new Deleted(count, refused);
    }

    /** What maintenance would do to one table, from metadata and a listing; changes nothing. */
    private TableReport inspect(String name, Long keepFrom, Duration orphanAge, TableScope scope) {
        Table table = load(name, scope);
        long smallBelow = (long) (targetFileSize(table) * SMALL_FILE_RATIO);
        int dataFiles = 0;
        long dataBytes = 0;
        int smallFiles = 0;
        Map<String, Integer> smallByPartition = new HashMap<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().ignoreResiduals().planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile f = task.file();
                dataFiles++;
                dataBytes += f.fileSizeInBytes();
                if (f.fileSizeInBytes() < smallBelow) {
                    smallFiles++;
                    String partition = f.specId() + ":" + table.specs().get(f.specId()).partitionToPath(f.partition());
                    smallByPartition.merge(partition, 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int partitionsToCompact = (int) smallByPartition.values().stream().filter(n -> n >= 2).count();
        int filesToCompact = smallByPartition.values().stream().filter(n -> n >= 2).mapToInt(Integer::intValue).sum();

        List<Snapshot> snapshots = new ArrayList<>();
        table.snapshots().forEach(snapshots::add);
        int toExpire = wouldExpire(snapshots, table.currentSnapshot(), expiryCutoff(keepFrom));

        Snapshot current = table.currentSnapshot();
        int dataManifests = 0;
        long metadataBytes = table.io()
                .newInputFile(((HasTableOperations) table).operations().current().metadataFileLocation()).getLength();
        if (current != null) {
            dataManifests = current.dataManifests(table.io()).size();
            metadataBytes += table.io().newInputFile(current.manifestListLocation()).getLength();
            for (ManifestFile m : current.allManifests(table.io())) {
                metadataBytes += m.length();
            }
        }
        Orphans orphans = findOrphans(table, scope, System.currentTimeMillis() - orphanAge.toMillis());
        int orphanFiles = (int) orphans.files().stream().filter(scope::owns).count();

        String line = String.format(Locale.ROOT,
                "%s %s: %d data files (%s), %d small (below %s) of which %d in %d partition(s) with two or more"
                        + " (to compact); %d snapshots, %d to expire (older than %s, keeping the last %d);"
                        + " %d data manifests; metadata %s; %d orphan file(s) older than %s",
                name, DRY_RUN, dataFiles, size(dataBytes), smallFiles, size(smallBelow), filesToCompact,
                partitionsToCompact, snapshots.size(), toExpire, text(expireOlderThan), retainLast, dataManifests,
                size(metadataBytes), orphanFiles, text(orphanAge)) + orphans.symlinkNote(scope);
        LOG.info("Maintenance: {}", line);
        return new TableReport(name, dataFiles, dataBytes, smallFiles, filesToCompact, partitionsToCompact,
                snapshots.size(), toExpire, dataManifests, metadataBytes, orphanFiles, line);
    }

    /**
     * Snapshots an expiry would remove: older than the cutoff, not among the newest
     * {@code retain-last}, not the current one.
     */
    private int wouldExpire(List<Snapshot> snapshots, Snapshot current, long cutoff) {
        List<Snapshot> newestFirst = new ArrayList<>(snapshots);
        newestFirst.sort(Comparator.comparingLong(Snapshot::timestampMillis)
                .thenComparingLong(Snapshot::sequenceNumber).reversed());
        int expire = 0;
        for (int i = retainLast; i < newestFirst.size(); i++) {
            Snapshot s = newestFirst.get(i);
            if (s.timestampMillis() < cutoff && (current == null || s.snapshotId() != current.snapshotId())) {
                expire++;
            }
        }
        return expire;
    }

    /** The expiry cutoff: now minus the configured age, earlier when an unfinished batch needs older snapshots. */
    private long expiryCutoff(Long keepFrom) {
        long cutoff = System.currentTimeMillis() - expireOlderThan.toMillis();
        return keepFrom == null ? cutoff : Math.min(cutoff, keepFrom);
    }

    /**
     * For bronze and rejects, the time of the first commit of an ingest batch the ledger does not
     * know (a run died or is running): the next ingest finds that batch's rows from the snapshot
     * summaries, so snapshots from then on are not expired. When that cannot be told, the
     * table's snapshots are not expired at all.
     */
    private Map<String, Long> unfinishedBatches(List<String> present, List<String> notes) {
        Map<String, Long> keepFrom = new LinkedHashMap<>();
        List<String> guarded = present.stream()
                .filter(t -> t.equals(IcebergTables.BRONZE) || t.equals(IcebergTables.REJECTS)).toList();
        if (guarded.isEmpty()) {
            return keepFrom;
        }
        Set<String> committed;
        try {
            committed = tables.exists(IcebergTables.LEDGER) ? new LandingFileLedger(spark, tables).committedBatches()
                    : Set.of();
        } catch (RuntimeException e) {
            LOG.error("Cannot read the ledger {}", tables.qualified(IcebergTables.LEDGER), e);
            for (String name : guarded) {
                keepFrom.put(name, 0L);
                notes.add(name + ": no snapshot expired: the ledger, which tells unfinished ingest batches, cannot be"
                        + " read (" + message(e) + ")");
            }
            return keepFrom;
        }
        for (String name : guarded) {
            Map<String, Long> unfinished;
            try {
                unfinished = LandingFileLedger.unfinishedBatches(tables.load(name), committed);
            } catch (RuntimeException e) {
                // its actions fail and say why; should one succeed after all, it expires nothing
                LOG.error("Cannot read the snapshots of {}", tables.qualified(name), e);
                keepFrom.put(name, 0L);
                continue;
            }
            if (!unfinished.isEmpty()) {
                long from = unfinished.values().stream().mapToLong(Long::longValue).min().getAsLong();
                keepFrom.put(name, from);
                notes.add(name + ": snapshots since " + Instant.ofEpochMilli(from) + " are kept: ingest batch(es) "
                        + String.join(", ", unfinished.keySet())
                        + " did not finish (the next bootstrap or daily removes their rows)");
            }
        }
        return keepFrom;
    }

    private static long targetFileSize(Table table) {
        return PropertyUtil.propertyAsLong(table.properties(), TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
                TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    }

    private static Set<Long> snapshotIds(Table table) {
        Set<Long> ids = new HashSet<>();
        table.snapshots().forEach(s -> ids.add(s.snapshotId()));
        return ids;
    }

    private static int count(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** A size in decimal units, e.g. {@code 34.5 MB}. */
    static String size(long bytes) {
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** A duration as config.yaml writes it, e.g. {@code 3d} or {@code 90m}. */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
