package dev.tradingpipeline.jobs.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.relocated.com.google.common.collect.Iterators;

/**
 * Iceberg's Hadoop file IO with a few files deleted on the calling thread. After every commit the
 * catalog deletes the metadata files past {@code write.metadata.previous-versions-max} (one,
 * usually) through the bulk delete, which hands them to a pool and waits for it in 10 ms sleeps:
 * 10 ms on every commit for a delete that takes a fraction of a millisecond. Up to
 * {@link #ON_THIS_THREAD} files are deleted here, in turn, with the bulk delete's outcome (a
 * failure is reported once all are tried); more (a snapshot expiry, an orphan removal) go to
 * Hadoop's parallel delete as before. Installed as the Hadoop catalog's {@code io-impl}
 * ({@code CatalogSettings}).
 */
public class WarehouseFileIO extends HadoopFileIO {

    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WarehouseFileIO.class);
    static final int ON_THIS_THREAD = 16;

    public WarehouseFileIO() {
        super();
    }

    @Override
    public void deleteFiles(Iterable<String> paths) {
        Iterator<String> it = paths.iterator();
        List<String> first = new ArrayList<>();
        while (it.hasNext() && first.size() <= ON_THIS_THREAD) {
            first.add(it.next());
        }
        if (first.size() > ON_THIS_THREAD) {
            super.deleteFiles(() -> Iterators.concat(first.iterator(), it));
            return;
        }
        RuntimeException failure = null;
        int failed = 0;
        for (String path : first) {
            try {
                deleteFile(path);
            } catch (RuntimeException e) {
                LOG.error("Failed to delete file {}", path, e);
                failed++;
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw new org.apache.iceberg.io.BulkDeletionFailureException(failed);
        }
    }
}
