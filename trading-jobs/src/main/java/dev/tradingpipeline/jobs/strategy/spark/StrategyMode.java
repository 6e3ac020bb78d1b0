package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.functions.col;

import dev.tradingpipeline.jobs.config.ConfigKeys;
import dev.tradingpipeline.jobs.config.TradingConfig;
import dev.tradingpipeline.jobs.report.HtmlReport;
import dev.tradingpipeline.jobs.report.ReportEntry;
import dev.tradingpipeline.jobs.report.Sweep;
import dev.tradingpipeline.jobs.strategy.ContractKey;
import dev.tradingpipeline.jobs.strategy.Conventions;
import dev.tradingpipeline.jobs.strategy.DailyRow;
import dev.tradingpipeline.jobs.strategy.ExitReason;
import dev.tradingpipeline.jobs.strategy.OptionRight;
import dev.tradingpipeline.jobs.strategy.PortfolioAccount;
import dev.tradingpipeline.jobs.strategy.SettlementStyles;
import dev.tradingpipeline.jobs.strategy.StrategySpec;
import dev.tradingpipeline.jobs.strategy.Trade;
import dev.tradingpipeline.jobs.strategy.TradeLeg;
import dev.tradingpipeline.jobs.strategy.config.PortfolioDefinition;
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
 * sweeps) and the members of the portfolios into tasks, runs them on silver into the gold tables,
 * sums each portfolio's members into its account ({@link PortfolioJob}), and writes the
 * self-contained HTML report to {@code paths.reports} (a local folder or an s3:// prefix).
 */
public final class StrategyMode {

    /** What the run produced, for the job's summary lines. */
    public record Outcome(StrategyRunResult result, String reportUri, List<PortfolioJob.Portfolio> portfolios) {
        public Outcome {
            portfolios = portfolios == null ? List.of() : List.copyOf(portfolios);
        }

        public Outcome(StrategyRunResult result, String reportUri) {
            this(result, reportUri, List.of());
        }
    }

    private final SparkSession spark;
    private final TradingConfig config;

    public StrategyMode(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.config = config;
    }

    public Outcome run(List<StrategyDefinition> definitions) {
        return run(definitions, List.of());
    }

    /**
     * The strategies, and the portfolios made of them: each member runs as a task of its own after
     * the configured ones, in the same pass, and each portfolio is written as a task after those.
     */
    public Outcome run(List<StrategyDefinition> definitions, List<PortfolioDefinition> portfolios) {
        List<StrategyTask> tasks = new ArrayList<>();
        Map<StrategyDefinition, List<Integer>> taskIdsOf = new LinkedHashMap<>();
        for (StrategyDefinition d : definitions) {
            for (StrategySpec spec : StrategyConfig.expand(d)) {
                taskIdsOf.computeIfAbsent(d, k -> new ArrayList<>()).add(tasks.size());
                tasks.add(new StrategyTask(spec, d.strategyClass()));
            }
        }
        List<PortfolioJob.Plan> plans = new ArrayList<>();
        for (PortfolioDefinition p : portfolios) {
            List<Integer> ids = new ArrayList<>();
            for (StrategyTask member : PortfolioJob.memberTasks(p)) {
                ids.add(tasks.size());
                tasks.add(member);
            }
            plans.add(new PortfolioJob.Plan(p, ids));
        }
        StrategyRunResult result = new StrategyJob(spark, config).run(tasks);
        List<PortfolioJob.Portfolio> written = new PortfolioJob(spark, config).run(result.runId(), tasks,
                result.summaries(), plans, tasks.size());
        List<ReportEntry> entries = new ArrayList<>();
        SettlementStyles settlement = SettlementFile.styles(config, spark.sparkContext().hadoopConfiguration());
        Map<Integer, List<ReportEntry>> entriesOfTask = new HashMap<>();
        Map<Integer, List<DailyRow>> daily = daily(result.runId());
        Map<Integer, List<Trade>> trades = trades(result.runId());
        for (TaskSummary s : result.summaries()) {
            ReportEntry e = new ReportEntry(s.strategy(), s.underlying(), s.parameters(), s.metrics(),
                    daily.getOrDefault(s.taskId(), List.of()), trades.getOrDefault(s.taskId(), List.of()),
                    Conventions.of(tasks.get(s.taskId()).spec(), settlement));
            entries.add(e);
            entriesOfTask.computeIfAbsent(s.taskId(), k -> new ArrayList<>()).add(e);
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
        for (PortfolioJob.Portfolio p : written) {
            // the account as an entry like any other (its trades are its members'); PortfolioSection shows its members
            entries.add(new ReportEntry(p.name(), p.underlying(), p.weights(), p.metrics(), p.outcome().daily(),
                    List.of(), List.of(new Conventions.Convention("Account", PortfolioAccount.ACCOUNT_RULE))));
        }
        HtmlReport report = new HtmlReport(result.runId(), Instant.now(), entries, sweeps);
        return new Outcome(result, write(report), written);
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
