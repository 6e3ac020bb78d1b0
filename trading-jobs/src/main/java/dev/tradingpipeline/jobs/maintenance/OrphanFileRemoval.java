package dev.tradingpipeline.jobs.maintenance;

import static dev.tradingpipeline.jobs.maintenance.MaintenanceText.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.actions.DeleteOrphanFilesSparkAction;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@value MaintenanceJob#REMOVE_ORPHAN_FILES}: removes files under a table's location that no
 * snapshot references, once older than an age (never younger than {@link MaintenanceJob#ORPHAN_FLOOR}).
 */
final class OrphanFileRemoval {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanFileRemoval.class);
    /** The columns of a file listing handed to Iceberg's orphan removal. */
    private static final String FILE_PATH = "file_path";
    private static final String LAST_MODIFIED = "last_modified";

    private final SparkSession spark;

    OrphanFileRemoval(SparkSession spark) {
        this.spark = spark;
    }

    ActionCounts run(MaintainedTable t, Duration age) {
        Table table = t.load();
        Orphans orphans = find(table, t.scope(), System.currentTimeMillis() - age.toMillis());
        OwnedFileDeletion.Deleted deleted = OwnedFileDeletion.delete(t, table, orphans.files());
        return new ActionCounts(!deleted.refused().isEmpty(), 0, 0, 0, 0, 0, 0, 0, (int) deleted.count(),
                String.format(Locale.ROOT, "%d files removed (older than %s)", deleted.count(), text(age))
                        + orphans.symlinkNote(t.scope()) + deleted.refusal(t.scope()));
    }

    /** Files of a table no snapshot references, and the symlinks found (and not followed) looking for them. */
    record Orphans(List<String> files, List<String> symlinks) {

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
     * The orphan files of a table older than a time; deletes nothing. Iceberg lists them with
     * Hadoop's file system, which follows symlinks on a local disk (and would delete what a link
     * reaches): a local table is listed here instead, without following any, and the listing is
     * handed to Iceberg.
     */
    Orphans find(Table table, TableScope scope, long olderThan) {
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
}
