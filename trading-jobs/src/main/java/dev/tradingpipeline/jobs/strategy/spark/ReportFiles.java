package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.report.HtmlReport;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where reports go: {@code paths.reports}, a local folder or an s3:// prefix, through Hadoop's file
 * systems, within {@code reports.write-timeout}.
 */
final class ReportFiles {

    private ReportFiles() {
    }

    /**
     * Writes the report (replacing one of the same run) and returns its qualified location.
     *
     * @throws UncheckedIOException when it cannot be written, or not within {@code reports.write-timeout}
     *                              (the message names the object and the key)
     */
    static String write(HtmlReport report, TradingConfig config, Configuration hadoop) {
        String dir = config.location(ConfigKeys.PATHS_REPORTS);
        Path target = new Path(dir.contains("://") ? dir : new java.io.File(dir).toURI().toString(), report.fileName());
        byte[] html = report.render().getBytes(StandardCharsets.UTF_8);
        Duration timeout = config.getDuration(ConfigKeys.REPORTS_WRITE_TIMEOUT);
        FutureTask<String> write = new FutureTask<>(() -> {
            FileSystem fs = target.getFileSystem(hadoop);
            try (OutputStream out = fs.create(target, true)) {
                out.write(html);
            }
            return fs.makeQualified(target).toString();
        });
        Thread writer = new Thread(write, "report-write");
        writer.setDaemon(true); // a store that never answers must not keep the job's JVM alive
        writer.start();
        try {
            return write.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            write.cancel(true);
            throw new UncheckedIOException(new InterruptedIOException("Cannot write the report to " + target
                    + ": not written within " + ConfigKeys.REPORTS_WRITE_TIMEOUT + " (" + timeout.toSeconds()
                    + " s); the store did not answer in time. The run's gold tables are written: render the report"
                    + " again with mvn trading:report once " + dir + " is reachable"));
        } catch (InterruptedException e) {
            write.cancel(true);
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("Interrupted while writing the report to "
                    + target));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new UncheckedIOException("Cannot write the report to " + target + ": " + cause.getMessage(),
                    cause instanceof IOException io ? io : new IOException(cause));
        }
    }
}
