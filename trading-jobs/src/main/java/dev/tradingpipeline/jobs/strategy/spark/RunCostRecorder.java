package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.functions.col;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.core.runs.RunCostArguments;
import dev.tradingpipeline.core.runs.RunIds;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The {@value RunCostArguments#MODE} mode: writes what a strategy run cost on EMR Serverless
 * (billed vCPU, memory and storage hours, dollars and the prices' basis, as the plugin read them
 * from GetJobRun once the run had ended) on every row of the run in {@code gold.strategy_runs},
 * in one commit ({@code UPDATE}, Iceberg's copy-on-write by default). Recording it again replaces
 * the figures.
 */
public final class RunCostRecorder {

    private final SparkSession spark;
    private final GoldTables gold;

    public RunCostRecorder(SparkSession spark, TradingConfig config) {
        this.spark = spark;
        this.gold = new GoldTables(spark, config);
    }

    /**
     * Records {@code cost} on the rows of {@code runId}.
     *
     * @return how many rows of strategy_runs the run has (each now carries the cost)
     * @throws GoldRunReader.UnknownRunException when strategy_runs has no row of the run
     */
    public long record(String runId, RunCostArguments cost) {
        String problem = RunIds.newRunIdProblem(runId);
        if (problem != null) {
            throw new IllegalArgumentException("run id: " + problem);
        }
        gold.ensure(); // adds the cost columns to a table of an earlier version
        String table = gold.qualified(GoldTables.RUNS);
        long rows = spark.table(table).filter(col("run_id").equalTo(runId)).count();
        if (rows == 0) {
            throw new GoldRunReader.UnknownRunException("run " + runId + " is not in " + table
                    + ": its cost (" + cost.dollars().toPlainString() + " USD, job run " + cost.jobRunId()
                    + ") is not recorded");
        }
        // every literal is checked: the run id by RunIds, the job run id and the basis by
        // RunCostArguments (no quotes, no backslashes), the figures are numbers
        spark.sql(String.format(Locale.ROOT, "UPDATE %s SET emr_job_run_id = '%s', billed_vcpu_hours = %s,"
                + " billed_memory_gb_hours = %s, billed_storage_gb_hours = %s, cost_usd = CAST(%s AS DECIMAL(18,6)),"
                + " cost_basis = '%s' WHERE run_id = '%s'", table, cost.jobRunId(), literal(cost.vcpuHours()),
                literal(cost.memoryGbHours()), literal(cost.storageGbHours()), cost.dollars().toPlainString(),
                cost.basis(), runId));
        return rows;
    }

    /** A double as a SQL double literal ({@code 1.5D}), exactly. */
    private static String literal(double v) {
        return java.math.BigDecimal.valueOf(v).toPlainString() + "D";
    }
}
