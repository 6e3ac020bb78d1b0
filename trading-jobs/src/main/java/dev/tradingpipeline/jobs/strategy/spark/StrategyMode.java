package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.report.OutOfSampleSection;
import dev.tradingpipeline.jobs.strategy.config.PortfolioDefinition;
import dev.tradingpipeline.jobs.strategy.config.StrategyDefinition;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The strategy mode from configuration to report: expands the configured strategies (and their
 * sweeps) and the members of the portfolios into tasks, runs them on silver into the gold tables
 * (with the out-of-sample checks the entries ask for; each portfolio's members in one shard, in
 * lockstep in one shared account), sums each portfolio's members into its account's series
 * ({@link PortfolioJob}), and writes the self-contained HTML report to
 * {@code paths.reports} (a local folder or an s3:// prefix), read back from gold as a re-render
 * reads it.
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
    private final java.util.Optional<String> runId;

    public StrategyMode(SparkSession spark, TradingConfig config) {
        this(spark, config, java.util.Optional.empty());
    }

    /** @param runId the run's id as the caller chose it ({@code --run-id}); empty: a new one */
    public StrategyMode(SparkSession spark, TradingConfig config, java.util.Optional<String> runId) {
        this.spark = spark;
        this.config = config;
        this.runId = runId;
    }

    public Outcome run(List<StrategyDefinition> definitions) {
        return run(definitions, List.of());
    }

    /**
     * The strategies, and the portfolios made of them: each member runs as a task of its own after
     * the configured ones, in the same pass (a portfolio's members together, sharing its capital
     * and buying power), and each portfolio is written as a task after those.
     */
    public Outcome run(List<StrategyDefinition> definitions, List<PortfolioDefinition> portfolios) {
        List<StrategyTask> tasks = new ArrayList<>();
        List<OutOfSample.Check> checks = new ArrayList<>();
        for (StrategyDefinition d : definitions) {
            List<Integer> ids = new ArrayList<>();
            for (StrategyTask t : StrategyTask.expand(d)) {
                ids.add(tasks.size());
                tasks.add(t);
            }
            d.evaluation().ifPresent(e -> checks.add(new OutOfSample.Check(d.name(), e, ids)));
        }
        List<PortfolioJob.Plan> plans = new ArrayList<>();
        List<StrategyJob.SharedAccountTasks> accounts = new ArrayList<>();
        for (PortfolioDefinition p : portfolios) {
            List<Integer> ids = new ArrayList<>();
            for (StrategyTask member : PortfolioJob.memberTasks(p)) {
                ids.add(tasks.size());
                tasks.add(member);
            }
            plans.add(new PortfolioJob.Plan(p, ids));
            accounts.add(new StrategyJob.SharedAccountTasks(p.name(), ids)); // one shard, one shared account
        }
        // task ids: the configured tasks, the portfolios' members, the out-of-sample series (one per
        // check), then the portfolios
        int firstSeries = tasks.size();
        // a portfolio's bad benchmark series fails here, before any data is read
        PortfolioJob portfolioJob = new PortfolioJob(spark, config).prepare(portfolios);
        StrategyJob job = new StrategyJob(spark, config);
        runId.ifPresent(job::withRunId);
        StrategyRunResult result = job.run(tasks, checks, firstSeries, accounts);
        List<PortfolioJob.Portfolio> written = portfolioJob.run(result.runId(), tasks,
                result.summaries(), plans, firstSeries + checks.size());
        // the report is read back from gold, as a re-render reads it: both show the same
        return new Outcome(result, new ReportMode(spark, config).render(result.runId()).reportUri(), written);
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

}
