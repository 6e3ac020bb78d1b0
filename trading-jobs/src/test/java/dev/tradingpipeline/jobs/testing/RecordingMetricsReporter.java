package dev.tradingpipeline.jobs.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.metrics.MetricsReport;
import org.apache.iceberg.metrics.MetricsReporter;
import org.apache.iceberg.metrics.ScanReport;

/** Iceberg metrics reporter that keeps scan reports, so tests can see what a job read. */
public final class RecordingMetricsReporter implements MetricsReporter {
    private static final List<ScanReport> SCANS = new CopyOnWriteArrayList<>();

    @Override
    public void report(MetricsReport report) {
        if (report instanceof ScanReport scan) {
            SCANS.add(scan);
        }
    }

    public static List<ScanReport> scansOf(String tableSuffix) {
        return SCANS.stream().filter(s -> s.tableName().endsWith(tableSuffix)).toList();
    }

    public static void clear() {
        SCANS.clear();
    }
}
