package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.functions.col;

import dev.tradingpipeline.jobs.config.ConfigKeys;
import dev.tradingpipeline.jobs.config.TradingConfig;
import dev.tradingpipeline.jobs.report.HtmlReport;
import dev.tradingpipeline.jobs.report.OutOfSampleSection;
import dev.tradingpipeline.jobs.report.ReportEntry;
import dev.tradingpipeline.jobs.report.Sweep;
import dev.tradingpipeline.jobs.strategy.ContractKey;
import dev.tradingpipeline.jobs.strategy.Conventions;
import dev.tradingpipeline.jobs.strategy.DailyRow;
import dev.tradingpipeline.jobs.strategy.ExitReason;
import dev.tradingpipeline.jobs.strategy.OptionRight;
import dev.tradingpipeline.jobs.strategy.SettlementStyles;
import dev.tradingpipeline.jobs.strategy.StrategySpec;
import dev.tradingpipeline.jobs.strategy.Trade;
import dev.tradingpipeline.jobs.strategy.TradeLeg;
import dev.tradingpipeline.jobs.strategy.config.StrategyConfig;
import dev.tradingpipeline.jobs.strategy.config.StrategyDefinition;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The strategy mode from configuration to report: expands the configured strategies (and their
 * sweeps) into tasks, runs them on silver into the gold tables, and writes the self-contained
 * HTML report to {@code paths.reports} (a local folder or an s3:// prefix).
 */
public final class StrategyMode {

    /** What the run produced, for the job's summary lines. */
    public record Outcome(StrategyRunResult result, String reportUri) {
    }

    private final SparkSession spark;
    private final TradingConfig config;

    public StrategyMode(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.config = config;
    }

    public Outcome run(List<StrategyDefinition> definitions) {
        List<StrategyTask> tasks = new ArrayList<>();
        Map<StrategyDefinition, List<Integer>> taskIdsOf = new LinkedHashMap<>();
        for (StrategyDefinition d : definitions) {
            for (StrategySpec spec : StrategyConfig.expand(d)) {
                taskIdsOf.computeIfAbsent(d, k -> new ArrayList<>()).add(tasks.size());
                tasks.add(new StrategyTask(spec, d.strategyClass(), d.benchmark()));
            }
        }
        List<OutOfSample.Check> checks = new ArrayList<>();
        taskIdsOf.forEach((d, ids) -> d.evaluation().ifPresent(e -> checks.add(new OutOfSample.Check(d.name(), e, ids))));
        StrategyRunResult result = new StrategyJob(spark, config).run(tasks, checks, tasks.size());
        List<ReportEntry> entries = new ArrayList<>();
        SettlementStyles settlement = SettlementFile.styles(config, spark.sparkContext().hadoopConfiguration());
        Map<Integer, List<ReportEntry>> entriesOfTask = new HashMap<>();
        Map<Integer, List<DailyRow>> daily = daily(result.runId());
        Map<Integer, List<Trade>> trades = trades(result.runId());
        for (TaskSummary s : result.summaries()) {
            ReportEntry e = new ReportEntry(s.strategy(), s.underlying(), s.parameters(), s.metrics(),
                    daily.getOrDefault(s.taskId(), List.of()), trades.getOrDefault(s.taskId(), List.of()),
                    Conventions.of(tasks.get(s.taskId()).spec(), settlement))
                    .withCashRate(tasks.get(s.taskId()).spec().cashRate());
            entries.add(e);
            entriesOfTask.computeIfAbsent(s.taskId(), k -> new ArrayList<>()).add(e);
        }
        // the out-of-sample series, each with the conventions of the entry it checks
        for (OutOfSampleSeries o : result.outOfSample()) {
            TaskSummary s = o.summary();
            if (s == null) {
                continue;
            }
            StrategySpec source = definitions.stream().filter(d -> d.name().equals(o.strategy())).findFirst()
                    .orElseThrow().spec();
            List<Conventions.Convention> conventions = new ArrayList<>(Conventions.of(source, settlement));
            conventions.add(new Conventions.Convention("Out of sample", o.evaluation().describe() + (o.evaluation()
                    .isWalkForward() ? "; the combination best on each training window, re-run flat from the starting"
                    + " capital over the test window that follows; their daily returns compounded"
                    : "; the combination best on the in-sample days, followed on its own run after them, rebased to"
                    + " the starting capital") + "; ties go to the first combination listed"));
            entries.add(new ReportEntry(s.strategy(), s.underlying(), s.parameters(), s.metrics(),
                    daily.getOrDefault(s.taskId(), List.of()), trades.getOrDefault(s.taskId(), List.of()),
                    conventions));
        }
        List<Sweep> sweeps = new ArrayList<>();
        taskIdsOf.forEach((d, ids) -> {
            List<String> grid = new ArrayList<>(d.sweep().keySet());
            if (grid.isEmpty()) {
                return;
            }
            List<ReportEntry> points = new ArrayList<>();
            ids.forEach(id -> points.addAll(entriesOfTask.getOrDefault(id, List.of())));
            if (!points.isEmpty()) {
                // a one-parameter sweep is a grid of one column
                sweeps.add(new Sweep(d.name(), grid.get(0), grid.size() > 1 ? grid.get(1) : grid.get(0), points));
            }
        });
        HtmlReport report = new HtmlReport(result.runId(), Instant.now(), entries, sweeps);
        return new Outcome(result, write(report));
    }

    /**
     * The report's out-of-sample sections of a run ({@link OutOfSampleSection}, one per check and
     * underlying): a scatter point per combination at an in-sample split, per window for a walk-forward.
     */
    public static List<OutOfSampleSection.Model> outOfSampleSections(StrategyRunResult result) {
        List<OutOfSampleSection.Model> models = new ArrayList<>();
        for (OutOfSampleSeries o : result.outOfSample()) {
            boolean walkForward = o.evaluation().isWalkForward();
            List<OutOfSampleSection.Window> windows = new ArrayList<>();
            List<OutOfSampleSection.Point> points = new ArrayList<>();
            for (OutOfSampleSeries.Window w : o.windows()) {
                windows.add(new OutOfSampleSection.Window(w.number(), w.trainStart(), w.trainEnd(), w.testStart(),
                        w.testEnd(), w.selected(), w.trainMetric(), w.trainSharpe(), w.testSharpe(), w.testReturn()));
                if (walkForward) {
                    points.add(new OutOfSampleSection.Point("window " + w.number() + " (" + w.selected() + ")",
                            w.trainSharpe(), w.testSharpe()));
                }
            }
            for (OutOfSampleSeries.Combination c : o.combinations()) {
                points.add(new OutOfSampleSection.Point(c.name(), c.inSampleSharpe(), c.outOfSampleSharpe()));
            }
            TaskSummary s = o.summary();
            models.add(new OutOfSampleSection.Model(o.strategy(), o.underlying(), o.evaluation().describe(),
                    o.inSampleLabel(), o.inSample(), s == null ? null : s.strategy(), s == null ? null : s.metrics(),
                    o.evaluation().selectBy().key(), windows, walkForward ? "window" : "combination", points,
                    o.skipped()));
        }
        return models;
    }

    /** Writes the report where {@code paths.reports} points, through Hadoop's file systems. */
    private String write(HtmlReport report) {
        String dir = config.location(ConfigKeys.PATHS_REPORTS);
        Path target = new Path(dir.contains("://") ? dir : new java.io.File(dir).toURI().toString(), report.fileName());
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (OutputStream out = fs.create(target, true)) {
                out.write(report.render().getBytes(StandardCharsets.UTF_8));
            }
            return fs.makeQualified(target).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report to " + target + ": " + e.getMessage(), e);
        }
    }

    private Map<Integer, List<DailyRow>> daily(String runId) {
        Map<Integer, List<DailyRow>> byTask = new HashMap<>();
        for (Row r : spark.table(new GoldTables(spark, config).qualified(GoldTables.DAILY))
                .filter(col("run_id").equalTo(runId)).orderBy("task_id", "date").collectAsList()) {
            byTask.computeIfAbsent(r.<Integer>getAs("task_id"), k -> new ArrayList<>()).add(new DailyRow(
                    r.<LocalDate>getAs("date"), r.getAs("equity"), r.getAs("cash"), r.getAs("exposure"),
                    r.getAs("daily_pnl"), r.getAs("drawdown")));
        }
        return byTask;
    }

    private Map<Integer, List<Trade>> trades(String runId) {
        Map<Integer, List<Trade>> byTask = new HashMap<>();
        for (Row r : spark.table(new GoldTables(spark, config).qualified(GoldTables.TRADES))
                .filter(col("run_id").equalTo(runId)).orderBy("task_id", "entry_date", "position_id")
                .collectAsList()) {
            List<TradeLeg> legs = new ArrayList<>();
            for (Row leg : r.<Row>getList(r.fieldIndex("legs"))) {
                String type = leg.getAs("option_type");
                ContractKey contract = type == null ? null : new ContractKey(leg.getAs("root"),
                        leg.<LocalDate>getAs("expiration"), leg.<Double>getAs("strike"), OptionRight.fromCode(type));
                legs.add(new TradeLeg(contract, leg.<Integer>getAs("quantity"), leg.<Double>getAs("entry_price"),
                        leg.<Double>getAs("exit_price")));
            }
            byTask.computeIfAbsent(r.<Integer>getAs("task_id"), k -> new ArrayList<>()).add(new Trade(
                    r.<Long>getAs("position_id"), r.getAs("strategy"), r.getAs("underlying"),
                    r.<LocalDate>getAs("entry_date"), r.<LocalDate>getAs("exit_date"),
                    ExitReason.valueOf(r.<String>getAs("exit_reason").toUpperCase(Locale.ROOT)), legs,
                    r.getAs("entry_value"), r.getAs("commissions"), r.getAs("pnl")));
        }
        return byTask;
    }
}
