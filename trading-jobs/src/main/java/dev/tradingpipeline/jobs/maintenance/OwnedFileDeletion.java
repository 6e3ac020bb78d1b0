package dev.tradingpipeline.jobs.maintenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.BulkDeletionFailureException;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes files Iceberg hands over for deletion (expired or orphan), but only those under the
 * table's own location; the others are logged and left alone.
 */
final class OwnedFileDeletion {
    private static final Logger LOG = LoggerFactory.getLogger(OwnedFileDeletion.class);

    private OwnedFileDeletion() {
    }

    /** Files deleted, and those refused for not being under the table's location. */
    record Deleted(long count, List<String> refused) {

        String refusal(TableScope scope) {
            return refused.isEmpty() ? "" : String.format(Locale.ROOT, "; %d file(s) NOT deleted: not under the"
                    + " table's location %s, or reached through a symlink (the log names them)", refused.size(),
                    scope.location());
        }
    }

    static Deleted delete(MaintainedTable t, Table table, List<String> paths) {
        TableScope scope = t.scope();
        List<String> owned = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (String path : paths) {
            (scope.owns(path) ? owned : refused).add(path);
        }
        refused.forEach(p -> LOG.error("{}: not deleting {}: it is not under the table's location {} (or a symlink"
                + " leads out of it)", t.qualified(), p, scope.location()));
        long count = 0;
        if (owned.isEmpty()) {
            return new Deleted(0, refused);
        }
        if (table.io() instanceof SupportsBulkOperations bulk) {
            try {
                bulk.deleteFiles(owned);
                count = owned.size();
            } catch (BulkDeletionFailureException e) {
                LOG.warn("{}: {} of {} files could not be deleted", t.qualified(), e.numberFailedObjects(),
                        owned.size(), e);
                count = owned.size() - e.numberFailedObjects();
            }
        } else {
            for (String path : owned) {
                try {
                    table.io().deleteFile(path);
                    count++;
                } catch (RuntimeException e) {
                    LOG.warn("{}: cannot delete {}", t.qualified(), path, e);
                }
            }
        }
        return new Deleted(count, refused);
    }
}
