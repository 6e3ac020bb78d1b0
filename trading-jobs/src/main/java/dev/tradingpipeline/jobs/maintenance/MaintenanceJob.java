package dev.tradingpipeline.jobs.maintenance;

import static dev.tradingpipeline.jobs.maintenance.MaintenanceText.message;
import static dev.tradingpipeline.jobs.maintenance.MaintenanceText.text;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Iceberg table maintenance: for each table, compaction of small data files
 * ({@link DataFileRewrite}), rewriting of manifests ({@link ManifestRewrite}), expiry of old
 * snapshots ({@link SnapshotExpiry}) and removal of orphan files ({@link OrphanFileRemoval}), each
 * a separate action with one summary line. A dry run changes nothing and reports per table what
 * there is to do ({@link TableInspection}).
 *
 * <p>Every action is safe next to running ingest and strategy jobs: rewrites commit like any
 * writer (a conflicting group is left for the next run), orphan files are only removed once
 * older than {@link #ORPHAN_FLOOR}, and the snapshots an unfinished ingest batch needs for its
 * clean-up are kept ({@link UnfinishedIngestBatches}).
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

    public static final String REWRITE_DATA_FILES = "rewrite-data-files";
    public static final String REWRITE_MANIFESTS = "rewrite-manifests";
    public static final String EXPIRE_SNAPSHOTS = "expire-snapshots";
    public static final String REMOVE_ORPHAN_FILES = "remove-orphan-files";
    public static final String COMPACT = "compact";
    public static final String DRY_RUN = "dry-run";
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

    private final SparkSession spark;
    private final IcebergTables tables;
    private final List<String> selected;
    private final boolean dryRun;
    private final Duration orphanOlderThan;
    /** paths.warehouse: maintenance acts only on tables located under it. */
    private final String warehouse;
    private final DataFileRewrite dataFiles;
    private final ManifestRewrite manifests;
    private final SnapshotExpiry expiry;
    private final OrphanFileRemoval orphans;
    private final TableInspection inspection;

    public MaintenanceJob(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.tables = new IcebergTables(spark, config);
        List<String> chosen = config.getList(ConfigKeys.MAINTENANCE_TABLES);
        this.selected = List.copyOf(new LinkedHashSet<>(chosen.isEmpty() ? ConfigKeys.MAINTAINED_TABLES : chosen));
        this.dryRun = config.getBoolean(ConfigKeys.MAINTENANCE_DRY_RUN);
        Duration expireOlderThan = config.getDuration(ConfigKeys.MAINTENANCE_EXPIRE_OLDER_THAN);
        int retainLast = config.getInt(ConfigKeys.MAINTENANCE_RETAIN_LAST);
        this.orphanOlderThan = config.getDuration(ConfigKeys.MAINTENANCE_ORPHAN_OLDER_THAN);
        this.warehouse = config.location(ConfigKeys.PATHS_WAREHOUSE);
        this.dataFiles = new DataFileRewrite(spark);
        this.manifests = new ManifestRewrite(spark);
        this.expiry = new SnapshotExpiry(spark, expireOlderThan, retainLast);
        this.orphans = new OrphanFileRemoval(spark);
        this.inspection = new TableInspection(expiry, orphans, expireOlderThan, retainLast);
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
                actions.add(failed(name, LOAD, message(e)));
            }
        }
        Map<String, Long> keepFrom = UnfinishedIngestBatches.keepFrom(spark, tables, present, notes);
        LOG.info("Maintenance{} of {} table(s): {}", dryRun ? " (dry run)" : "", present.size(), present);

        for (int i = 0; i < present.size(); i++) {
            String name = present.get(i);
            String step = (i + 1) + "/" + present.size();
            MaintainedTable table;
            try {
                table = maintained(name);
            } catch (TableScope.OutsideWarehouseException e) {
                // nothing at all is done to it: every action would reach files of another warehouse
                LOG.error("Maintenance {} {}: refused: {}", step, tables.qualified(name), e.getMessage());
                actions.add(failed(name, LOCATION, e.getMessage()));
                continue;
            } catch (RuntimeException e) {
                LOG.error("Cannot load {}", tables.qualified(name), e);
                actions.add(failed(name, LOAD, message(e)));
                continue;
            }
            if (dryRun) {
                try {
                    LOG.info("Maintenance {} {}: inspecting (dry run)", step, tables.qualified(name));
                    TableReport report = inspection.inspect(table, keepFrom.get(name), orphanAge);
                    LOG.info("Maintenance: {}", report.line());
                    reports.add(report);
                } catch (RuntimeException e) {
                    LOG.error("Inspecting {} failed", tables.qualified(name), e);
                    actions.add(failed(name, DRY_RUN, message(e)));
                }
                continue;
            }
            Duration age = orphanAge;
            actions.add(attempt(name, REWRITE_DATA_FILES, step, () -> dataFiles.run(table, Expressions.alwaysTrue())));
            actions.add(attempt(name, REWRITE_MANIFESTS, step, () -> manifests.run(table.load())));
            actions.add(attempt(name, EXPIRE_SNAPSHOTS, step, () -> expiry.run(table, keepFrom.get(name))));
            actions.add(attempt(name, REMOVE_ORPHAN_FILES, step, () -> orphans.run(table, age)));
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
            MaintainedTable t = maintained(table);
            ActionCounts data = dataFiles.run(t, filter);
            ActionCounts rewritten = manifests.run(t.load());
            String text = data.text().equals(ActionCounts.NOTHING_TO_DO) ? rewritten.text()
                    : rewritten.text().equals(ActionCounts.NOTHING_TO_DO) ? data.text()
                    : data.text() + ", " + rewritten.text();
            return new ActionCounts(data.failed() || rewritten.failed(), data.filesRewritten(), data.filesAdded(),
                    data.bytesRewritten(), rewritten.manifestsRewritten(), rewritten.manifestsAdded(), 0, 0, 0, text);
        });
    }

    /** The summary of an action (or pseudo-action) that failed before it could start. */
    private static ActionSummary failed(String table, String action, String why) {
        return new ActionSummary(table, action, true, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO,
                table + " " + action + " FAILED: " + why);
    }

    /**
     * The table with where maintenance may act on it: under its own location, which must be under
     * paths.warehouse ({@link TableScope.OutsideWarehouseException} otherwise).
     */
    private MaintainedTable maintained(String name) {
        return new MaintainedTable(name, TableScope.of(tables.qualified(name), tables.load(name), warehouse,
                spark.sparkContext().hadoopConfiguration()), tables);
    }

    /** Runs one action on one table in its own Spark job group, timed, with its summary line. */
    private ActionSummary attempt(String table, String action, String step, Supplier<ActionCounts> body) {
        LOG.info("Maintenance {}{}: {} starting", step.isEmpty() ? "" : step + " ", tables.qualified(table), action);
        long started = System.nanoTime();
        Map<String, String> callersGroup = new HashMap<>();
        JOB_GROUP_PROPERTIES.forEach(k -> callersGroup.put(k, spark.sparkContext().getLocalProperty(k)));
        spark.sparkContext().setJobGroup("trading-maintenance", table + " " + action, false);
        ActionCounts c;
        try {
            c = body.get();
        } catch (RuntimeException e) {
            LOG.error("{} of {} failed", action, tables.qualified(table), e);
            c = ActionCounts.failure(message(e));
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
}
