package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.core.config.TradingConfig;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/**
 * The report mode: writes the report of a past strategy run from the gold tables alone, or lists
 * the runs. It reads gold and writes the report file, nothing else.
 */
public final class ReportMode {

    /** Runs a listing shows; it says how many more there are. */
    public static final int LISTED = 50;

    /** What a re-render produced, for the job's summary lines. */
    public record Outcome(GoldRun run, String reportUri) {
    }

    private final SparkSession spark;
    private final TradingConfig config;

    public ReportMode(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.config = config;
    }

    /**
     * Writes the report of the run to {@code paths.reports}: the strategy mode's report of the
     * run it made, and a re-render, take this one path.
     *
     * @param runId a run id, or {@value GoldRunReader#LATEST}
     */
    public Outcome render(String runId) {
        GoldRun run = new GoldRunReader(spark, config).read(runId);
        return new Outcome(run, ReportFiles.write(run.report(Instant.now()), config,
                spark.sparkContext().hadoopConfiguration()));
    }

    /** The newest {@value #LISTED} runs. */
    public RunListing list() {
        return new GoldRunReader(spark, config).runs(LISTED);
    }
}
