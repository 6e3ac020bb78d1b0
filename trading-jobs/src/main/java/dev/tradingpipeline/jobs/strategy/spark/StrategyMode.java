package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.jobs.config.TradingConfig;
import dev.tradingpipeline.jobs.strategy.config.StrategyDefinition;
import java.util.ArrayList;
import java.util.List;
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
        for (StrategyDefinition d : definitions) {
            tasks.addAll(StrategyTask.expand(d));
        }
        StrategyRunResult result = new StrategyJob(spark, config).run(tasks);
        // the report is read back from gold, as a re-render reads it: both show the same
        return new Outcome(result, new ReportMode(spark, config).render(result.runId()).reportUri());
    }
}
