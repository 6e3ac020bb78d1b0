package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.report.HtmlReport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Where reports go: {@code paths.reports}, a local folder or an s3:// prefix, through Hadoop's file systems. */
final class ReportFiles {

    private ReportFiles() {
    }

    /** Writes the report (replacing one of the same run) and returns its qualified location. */
    static String write(HtmlReport report, TradingConfig config, Configuration hadoop) {
        String dir = config.location(ConfigKeys.PATHS_REPORTS);
        Path target = new Path(dir.contains("://") ? dir : new java.io.File(dir).toURI().toString(), report.fileName());
        try {
            FileSystem fs = target.getFileSystem(hadoop);
            try (OutputStream out = fs.create(target, true)) {
                out.write(report.render().getBytes(StandardCharsets.UTF_8));
            }
            return fs.makeQualified(target).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report to " + target + ": " + e.getMessage(), e);
        }
    }
}
