package dev.tradingpipeline.jobs;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.core.runs.JobSummaryLine;
import dev.tradingpipeline.core.runs.RunCostArguments;
import dev.tradingpipeline.jobs.ingest.IcebergTables;
import dev.tradingpipeline.jobs.ingest.IngestJob;
import dev.tradingpipeline.jobs.maintenance.MaintenanceJob;
import dev.tradingpipeline.jobs.spark.S3Access;
import dev.tradingpipeline.jobs.spark.SparkSessions;
import dev.tradingpipeline.jobs.strategy.config.ConfiguredStrategies;
import dev.tradingpipeline.jobs.strategy.config.StrategyConfig;
import dev.tradingpipeline.jobs.strategy.spark.GoldRun;
import dev.tradingpipeline.jobs.strategy.spark.GoldRunReader;
import dev.tradingpipeline.jobs.strategy.spark.ReportMode;
import dev.tradingpipeline.jobs.strategy.spark.RunCostRecorder;
import dev.tradingpipeline.jobs.strategy.spark.PortfolioJob;
import dev.tradingpipeline.jobs.strategy.spark.StrategyMode;
import dev.tradingpipeline.jobs.strategy.spark.StrategyRunResult;
import dev.tradingpipeline.jobs.strategy.spark.TaskSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the Spark application, the same jar on the local target and on EMR Serverless.
 * Exit code 0 only when everything asked for succeeded; 1 when the job failed; 2 for a bad
 * command line or configuration (nothing was done). The closing summary is printed as lines
 * starting with {@value #SUMMARY_PREFIX}, which the Maven plugin quotes.
 */
public final class TradingJob {
    private static final Logger LOG = LoggerFactory.getLogger(TradingJob.class);

    public static final String SUMMARY_PREFIX = JobSummaryLine.PREFIX;
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;

    private TradingJob() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Parses, validates, runs in a new SparkSession and stops it; returns the exit code. */
    public static int run(String[] args, PrintStream out) {
        JobArguments arguments;
        TradingConfig config;
        try {
            arguments = JobArguments.parse(args);
            config = loadConfig(arguments);
            // an S3 location nothing here can read fails now, not inside the first Spark job
            S3Access.checkReachable(config, SparkSessions.hadoopConfiguration());
        } catch (JobArguments.BadArguments | ConfigException e) {
            out.println(SUMMARY_PREFIX + "not started: " + e.getMessage().replace("\n", "\n" + SUMMARY_PREFIX));
            return EXIT_BAD_INPUT;
        }
        if (arguments.mode().equals("strategy")) {
            // the strategies are checked before Spark starts: a bad one costs no cluster time
            try {
                if (StrategyConfig.parse(config).isEmpty()) {
                    out.println(SUMMARY_PREFIX + "not started: no strategies in " + config.source()
                            + " (see docs/strategies.md: Strategies in config.yaml)");
                    return EXIT_BAD_INPUT;
                }
            } catch (ConfigException e) {
                out.println(SUMMARY_PREFIX + "not started: " + e.getMessage().replace("\n", "\n" + SUMMARY_PREFIX));
                return EXIT_BAD_INPUT;
            }
        }
        SparkSession spark = SparkSessions.create("trading-" + arguments.mode(), config);
        try {
            return execute(spark, arguments, config, out);
        } finally {
            spark.stop();
        }
    }

    /** Runs a mode on a given session (tests share one); prints the summary; returns the exit code. */
    public static int execute(SparkSession spark, JobArguments arguments, TradingConfig config, PrintStream out) {
        String mode = arguments.mode();
        LOG.info("Starting {} with configuration {}", mode, config.source());
        if (mode.equals("strategy")) {
            return runStrategies(spark, config, arguments.runId(), out);
        }
        if (mode.equals("maintenance")) {
            return runMaintenance(spark, config, out);
        }
        if (mode.equals("report")) {
            return runReport(spark, config, arguments.runId(), out);
        }
        if (mode.equals(RunCostArguments.MODE)) {
            return recordCost(spark, config, arguments.runId().orElseThrow(), arguments.cost().orElseThrow(), out);
        }
        try {
            IngestJob job = new IngestJob(spark, config);
            IngestJob.Result r = job.run(mode.equals("bootstrap") ? IngestJob.Mode.BOOTSTRAP : IngestJob.Mode.DAILY,
                    arguments.date());
            for (String line : summary(r, job.tables())) {
                out.println(SUMMARY_PREFIX + line);
            }
            return r.succeeded() ? EXIT_OK : EXIT_FAILED;
        } catch (RuntimeException e) {
            LOG.error("{} failed", mode, e);
            out.println(SUMMARY_PREFIX + mode + " FAILED: " + rootMessage(e));
            return EXIT_FAILED;
        }
    }

    private static int runStrategies(SparkSession spark, TradingConfig config, Optional<String> runId,
            PrintStream out) {
        try {
            ConfiguredStrategies configured = StrategyConfig.configured(config);
            StrategyMode.Outcome o = new StrategyMode(spark, config, runId).run(configured.strategies(),
                    configured.portfolios());
            StrategyRunResult r = o.result();
            out.println(SUMMARY_PREFIX + String.format(Locale.ROOT,
                    "strategy succeeded: run %s, %d simulation(s), %d note(s)", r.runId(), r.summaries().size(),
                    r.noteCount()));
            int shown = 0;
            for (TaskSummary s : r.summaries()) {
                if (shown++ == 20) {
                    out.println(SUMMARY_PREFIX + "... " + (r.summaries().size() - 20) + " more in gold.strategy_summary");
                    break;
                }
                out.println(SUMMARY_PREFIX + String.format(Locale.ROOT,
                        "%s on %s: total return %.2f%%, CAGR %.2f%%, Sharpe %.2f, max drawdown %.2f%%, %d trade(s)%s",
                        s.strategy(), s.underlying(), 100 * s.metrics().totalReturn(), 100 * s.metrics().cagr(),
                        s.metrics().sharpe(), 100 * s.metrics().maxDrawdown(), s.metrics().tradeCount(),
                        s.ruinDate() == null ? "" : ", RUINED on " + s.ruinDate() + " (equity reached zero; stopped)"));
            }
            for (var oos : r.outOfSample()) {
                TaskSummary s = oos.summary();
                out.println(SUMMARY_PREFIX + (s == null ? oos.strategy() + " on " + oos.underlying()
                        + ": no out-of-sample series: " + oos.skipped() : String.format(Locale.ROOT,
                        "%s on %s (%s): total return %.2f%%, Sharpe %.2f out of sample against %.2f in sample",
                        s.strategy(), s.underlying(), oos.evaluation().describe(), 100 * s.metrics().totalReturn(),
                        s.metrics().sharpe(), oos.inSample().sharpe())));
            }
            for (PortfolioJob.Portfolio p : o.portfolios()) {
                out.println(SUMMARY_PREFIX + String.format(Locale.ROOT,
                        "portfolio %s (%d member simulation(s)): total return %.2f%%, CAGR %.2f%%, Sharpe %.2f,"
                                + " max drawdown %.2f%%, %d date(s) over margin%s",
                        p.name(), p.members().size(), 100 * p.metrics().totalReturn(), 100 * p.metrics().cagr(),
                        p.metrics().sharpe(), 100 * p.metrics().maxDrawdown(), p.outcome().overMarginDays(),
                        p.outcome().ruinDate() == null ? "" : ", RUINED on " + p.outcome().ruinDate()));
            }
            r.withoutData().forEach(w -> out.println(SUMMARY_PREFIX + "no silver data: " + w));
            out.println(SUMMARY_PREFIX + "report: " + o.reportUri());
            return EXIT_OK;
        } catch (RuntimeException e) {
            LOG.error("strategy failed", e);
            out.println(SUMMARY_PREFIX + "strategy FAILED: " + rootMessage(e));
            return EXIT_FAILED;
        }
    }

    private static int runMaintenance(SparkSession spark, TradingConfig config, PrintStream out) {
        try {
            MaintenanceJob.Result r = new MaintenanceJob(spark, config).run();
            r.lines().forEach(line -> out.println(SUMMARY_PREFIX + line));
            return r.succeeded() ? EXIT_OK : EXIT_FAILED;
        } catch (RuntimeException e) {
            LOG.error("maintenance failed", e);
            out.println(SUMMARY_PREFIX + "maintenance FAILED: " + rootMessage(e));
            return EXIT_FAILED;
        }
    }

    /** Writes a strategy run's EMR cost on its rows of gold.strategy_runs ({@link RunCostRecorder}). */
    private static int recordCost(SparkSession spark, TradingConfig config, String runId, RunCostArguments cost,
            PrintStream out) {
        try {
            long rows = new RunCostRecorder(spark, config).record(runId, cost);
            out.println(SUMMARY_PREFIX + String.format(Locale.ROOT,
                    "%s succeeded: run %s cost %s USD (job run %s: %s vCPU-hours, %s memory GB-hours, %s storage"
                            + " GB-hours; %s), on its %d row(s) of gold.strategy_runs", RunCostArguments.MODE, runId,
                    cost.dollars().toPlainString(), cost.jobRunId(), cost.figures().get(RunCostArguments.VCPU_HOURS),
                    cost.figures().get(RunCostArguments.MEMORY_GB_HOURS),
                    cost.figures().get(RunCostArguments.STORAGE_GB_HOURS), cost.basis(), rows));
            return EXIT_OK;
        } catch (GoldRunReader.UnknownRunException e) {
            out.println(SUMMARY_PREFIX + RunCostArguments.MODE + " FAILED: " + e.getMessage());
            return EXIT_BAD_INPUT;
        } catch (RuntimeException e) {
            LOG.error("{} failed", RunCostArguments.MODE, e);
            out.println(SUMMARY_PREFIX + RunCostArguments.MODE + " FAILED: " + rootMessage(e));
            return EXIT_FAILED;
        }
    }

    /** With a run id: that run's report, written again from gold; without: the runs. */
    private static int runReport(SparkSession spark, TradingConfig config, Optional<String> runId, PrintStream out) {
        try {
            ReportMode mode = new ReportMode(spark, config);
            if (runId.isEmpty()) {
                mode.list().lines().forEach(line -> out.println(SUMMARY_PREFIX + line));
                return EXIT_OK;
            }
            ReportMode.Outcome o = mode.render(runId.get());
            GoldRun run = o.run();
            out.println(SUMMARY_PREFIX + String.format(Locale.ROOT,
                    "report succeeded: run %s%s, %d simulation(s), %d sweep(s), from the gold tables", run.runId(),
                    run.startedAt() == null ? "" : " of " + run.startedAt(), run.simulations().size(),
                    run.sweeps().size()));
            out.println(SUMMARY_PREFIX + "report: " + o.reportUri());
            return EXIT_OK;
        } catch (GoldRunReader.UnknownRunException e) {
            out.println(SUMMARY_PREFIX + "report FAILED: " + e.getMessage());
            return EXIT_BAD_INPUT;
        } catch (GoldRunReader.NoRunsException e) {
            out.println(SUMMARY_PREFIX + "report FAILED: " + e.getMessage());
            return EXIT_FAILED;
        } catch (RuntimeException e) {
            LOG.error("report failed", e);
            out.println(SUMMARY_PREFIX + "report FAILED: " + rootMessage(e));
            return EXIT_FAILED;
        }
    }

    static List<String> summary(IngestJob.Result r, IcebergTables tables) {
        List<String> lines = new ArrayList<>();
        String mode = r.mode().name().toLowerCase(Locale.ROOT);
        int failed = r.failed().size();
        lines.add(String.format(Locale.ROOT,
                "%s %s: %d file(s) loaded, %d failed, %d already loaded; %,d rows accepted, %,d rejected; %d batch(es) in %ds",
                mode, failed == 0 ? "succeeded" : "FAILED", r.outcomes().size() - failed, failed,
                r.filesSeen() - r.filesPending(), r.rowsAccepted(), r.rowsRejected(), r.batches(),
                r.elapsed().toSeconds()));
        r.notes().forEach(n -> lines.add("note: " + n));
        r.compaction().forEach(c -> lines.add("after bootstrap: " + c));
        for (IngestJob.FileOutcome f : r.failed()) {
            lines.add("FAILED " + f.path() + ": " + f.error());
        }
        StringBuilder counts = new StringBuilder("tables:");
        for (String t : IcebergTables.INGEST_TABLES) {
            counts.append(String.format(Locale.ROOT, " %s=%,d", t, tables.rowCount(t)));
        }
        lines.add(counts.toString());
        return lines;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = e.getMessage();
        return m != null ? m : t.toString();
    }

    static TradingConfig loadConfig(JobArguments a) {
        return loadConfig(a.config(), a.overrides());
    }

    /**
     * The configuration as the job reads it: {@code location} (a path, or a URI read through Spark's
     * Hadoop settings), or the defaults without one, with the {@code --set} overrides; for the jar's
     * other entry points, so that they see exactly what the job sees.
     */
    public static TradingConfig loadConfig(Optional<String> config, Map<String, String> overrides) {
        String label = "--set ";
        if (config.isEmpty()) {
            return TradingConfig.defaults(Paths.get("").toAbsolutePath(), overrides, label);
        }
        String location = config.get();
        if (!location.contains("://")) {
            return TradingConfig.load(Path.of(location), overrides, label);
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
        // Spark's Hadoop settings (spark.hadoop.*) apply, as they will to the session's reads
        Configuration hadoop = SparkSessions.hadoopConfiguration();
        try (InputStream in = p.getFileSystem(hadoop).open(p)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String parent = location.substring(0, location.lastIndexOf('/') + 1);
            return TradingConfig.parse(text, location, parent, overrides, label);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration " + location + ": " + e.getMessage(), e);
        }
    }
}
