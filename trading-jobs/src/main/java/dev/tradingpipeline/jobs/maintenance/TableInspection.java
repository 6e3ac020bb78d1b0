package dev.tradingpipeline.jobs.maintenance;

import static dev.tradingpipeline.jobs.maintenance.MaintenanceText.size;
import static dev.tradingpipeline.jobs.maintenance.MaintenanceText.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The dry run ({@value MaintenanceJob#DRY_RUN}): what maintenance would do to one table, from
 * metadata and a listing; changes nothing.
 */
final class TableInspection {
    private final SnapshotExpiry expiry;
    private final OrphanFileRemoval orphans;
    private final Duration expireOlderThan;
    private final int retainLast;

    TableInspection(SnapshotExpiry expiry, OrphanFileRemoval orphans, Duration expireOlderThan, int retainLast) {
        this.expiry = expiry;
        this.orphans = orphans;
        this.expireOlderThan = expireOlderThan;
        this.retainLast = retainLast;
    }

    MaintenanceJob.TableReport inspect(MaintainedTable t, Long keepFrom, Duration orphanAge) {
        Table table = t.load();
        TableScope scope = t.scope();
        long smallBelow = (long) (DataFileRewrite.targetFileSize(table) * MaintenanceJob.SMALL_FILE_RATIO);
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
        int toExpire = expiry.wouldExpire(snapshots, table.currentSnapshot(), keepFrom);

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
        OrphanFileRemoval.Orphans found = orphans.find(table, scope, System.currentTimeMillis() - orphanAge.toMillis());
        int orphanFiles = (int) found.files().stream().filter(scope::owns).count();

        String line = String.format(Locale.ROOT,
                "%s %s: %d data files (%s), %d small (below %s) of which %d in %d partition(s) with two or more"
                        + " (to compact); %d snapshots, %d to expire (older than %s, keeping the last %d);"
                        + " %d data manifests; metadata %s; %d orphan file(s) older than %s",
                t.name(), MaintenanceJob.DRY_RUN, dataFiles, size(dataBytes), smallFiles, size(smallBelow),
                filesToCompact, partitionsToCompact, snapshots.size(), toExpire, text(expireOlderThan), retainLast,
                dataManifests, size(metadataBytes), orphanFiles, text(orphanAge)) + found.symlinkNote(scope);
        return new MaintenanceJob.TableReport(t.name(), dataFiles, dataBytes, smallFiles, filesToCompact,
                partitionsToCompact, snapshots.size(), toExpire, dataManifests, metadataBytes, orphanFiles, line);
    }
}
