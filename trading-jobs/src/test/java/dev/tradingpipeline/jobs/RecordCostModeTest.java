package dev.tradingpipeline.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.core.runs.RunCostArguments;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A strategy run under the id the plugin chose ({@code --run-id}), and the record-cost mode the
 * plugin runs on EMR once that run's bill is known: the figures land on every row of the run in
 * gold.strategy_runs, and on no other run's.
 */
class RecordCostModeTest {

    private static final String PREFIX = TradingJob.SUMMARY_PREFIX;
    private static final String RUN = "20240603T140501Z-1a2b3c4d";

    @TempDir
    Path root;

    private final JobOutput runs = new JobOutput();

    private String output() {
        return runs.text();
    }

    private int job(TradingConfig config, String... args) {
        return runs.run(config, args);
    }

    /** The figures of a run billed 1.0 vCPU-hour, 4.0 memory GB-hours, 20.0 storage GB-hours. */
    private static String[] cost(String runId) {
        return new String[] {"--mode", "record-cost", "--run-id", runId,
            "--cost", "job-run-id=00fabc123", "--cost", "vcpu-hours=1.0", "--cost", "memory-gb-hours=4.0",
            "--cost", "storage-gb-hours=20.0", "--cost", "usd=0.062826",
            "--cost", "basis=us-east-1 ARM64 list prices; set emr.prices.* for yours"};
    }

    @Test
    void aRunsCostLandsOnEachOfItsRowsOfStrategyRunsAndOnNoOtherRun() throws Exception {
        SparkTestSession.sample(root.resolve("landing"), LocalDate.of(2024, 1, 2), 8, 600, Compression.CSV);
        TradingConfig ingest = SparkTestSession.newConfig(root, Map.of());
        String catalog = ingest.get("catalog.name");
        String yaml = "catalog:\n  name: " + catalog + "\npaths:\n  landing: landing\n  warehouse: warehouse\n"
                + "  reports: reports\nstrategies:\n"
                + "  - name: spx-put-write\n    family: put_write\n    underlyings: [^SPX]\n    capital: 1000000\n"
                + "    params: {dte_min: 3, dte_target: 7, dte_max: 12}\n    entry: when-flat\n"
                + "    sweep:\n      dte_target: [6, 8]\n";
        TradingConfig config = TradingConfig.parse(yaml, "config.yaml", root.toString(), Map.of(), "--set ");
        assertThat(job(ingest, "--mode", "bootstrap")).as(output()).isEqualTo(TradingJob.EXIT_OK);

        // a run before the cost columns are written: the one whose cost is recorded must not touch it
        assertThat(job(config, "--mode", "strategy")).as(output()).isEqualTo(TradingJob.EXIT_OK);
        assertThat(job(config, "--mode", "strategy", "--run-id", RUN)).as(output()).isEqualTo(TradingJob.EXIT_OK);
        assertThat(output()).contains(PREFIX + "strategy succeeded: run " + RUN + ", 2 simulation(s)");

        // the id is the run's: a second run under it is refused, before it writes anything
        assertThat(job(config, "--mode", "strategy", "--run-id", RUN)).isEqualTo(TradingJob.EXIT_FAILED);
        assertThat(output()).contains("run id " + RUN + " is in " + catalog + ".gold.strategy_runs already");

        assertThat(job(config, cost(RUN))).as(output()).isEqualTo(TradingJob.EXIT_OK);
        assertThat(output()).isEqualTo(PREFIX + "record-cost succeeded: run " + RUN + " cost 0.062826 USD (job run"
                + " 00fabc123: 1 vCPU-hours, 4 memory GB-hours, 20 storage GB-hours; us-east-1 ARM64 list prices; set"
                + " emr.prices.* for yours), on its 2 row(s) of gold.strategy_runs" + System.lineSeparator());

        List<Row> rows = SparkTestSession.get().sql("SELECT run_id, task_id, emr_job_run_id, billed_vcpu_hours,"
                + " billed_memory_gb_hours, billed_storage_gb_hours, cost_usd, cost_basis FROM " + catalog
                + ".gold.strategy_runs ORDER BY run_id, task_id").collectAsList();
        assertThat(rows).hasSize(4); // two grid points per run
        for (Row r : rows) {
            if (r.getString(0).equals(RUN)) {
                assertThat(r.getString(2)).isEqualTo("00fabc123");
                assertThat(r.getDouble(3)).isEqualTo(1.0);
                assertThat(r.getDouble(4)).isEqualTo(4.0);
                assertThat(r.getDouble(5)).isEqualTo(20.0);
                assertThat(r.getDecimal(6)).isEqualByComparingTo(new BigDecimal("0.062826"));
                assertThat(r.getString(7)).isEqualTo("us-east-1 ARM64 list prices; set emr.prices.* for yours");
            } else {
                for (int c = 2; c <= 7; c++) {
                    assertThat(r.isNullAt(c)).as("column %d of the other run", c).isTrue();
                }
            }
        }

        // the listing of mvn trading:report shows the recorded run's cost (rounded to the hundredth
        // of a cent: $0.062826 -> $0.0628), and none for the other run
        assertThat(job(config, "--mode", "report")).as(output()).isEqualTo(TradingJob.EXIT_OK);
        assertThat(output().lines().filter(l -> l.startsWith(PREFIX + RUN))).singleElement()
                .satisfies(l -> assertThat(l).endsWith("  cost $0.0628"));
        assertThat(output().lines().filter(l -> l.contains(" UTC ") && !l.startsWith(PREFIX + RUN)))
                .hasSize(1).allSatisfy(l -> assertThat(l).doesNotContain("cost $"));

        // a run that is not there: nothing written, the id named
        assertThat(job(config, cost("20240603T140501Z-00000000"))).isEqualTo(TradingJob.EXIT_BAD_INPUT);
        assertThat(output()).contains("record-cost FAILED: run 20240603T140501Z-00000000 is not in " + catalog
                + ".gold.strategy_runs");
    }

    @Test
    void theCostArgumentsAreForTheRecordCostModeAndEveryBadFigureIsNamed() {
        JobArguments a = JobArguments.parse(cost(RUN));
        assertThat(a.runId()).contains(RUN);
        assertThat(a.cost()).hasValueSatisfying(c -> {
            assertThat(c.jobRunId()).isEqualTo("00fabc123");
            assertThat(c.dollars()).isEqualByComparingTo("0.062826");
        });
        assertThat(JobArguments.parse("--mode", "strategy", "--run-id", RUN).runId()).contains(RUN);
        assertThatThrownBy(() -> JobArguments.parse("--mode", "strategy", "--run-id", "latest"))
                .hasMessageContaining("'latest' names the newest run and cannot be a new run's id");
        assertThatThrownBy(() -> JobArguments.parse("--mode", "record-cost", "--cost", "usd=1"))
                .hasMessageContaining("--mode record-cost needs --run-id");
        assertThatThrownBy(() -> JobArguments.parse("--mode", "strategy", "--cost", "usd=1"))
                .hasMessageContaining("--cost applies to --mode record-cost only");
        assertThatThrownBy(() -> JobArguments.parse("--mode", "record-cost", "--run-id", RUN,
                "--cost", "job-run-id=00f'x", "--cost", "vcpu-hours=lots", "--cost", "usd=-1", "--cost", "colour=red"))
                .hasMessageContaining("unknown --cost figure 'colour'")
                .hasMessageContaining("--cost memory-gb-hours=... is missing")
                .hasMessageContaining("--cost storage-gb-hours=... is missing")
                .hasMessageContaining("--cost basis=... is missing")
                .hasMessageContaining("--cost vcpu-hours must be a number, got 'lots'");
        assertThatThrownBy(() -> RunCostArguments.parse(Map.of("job-run-id", "00f'x", "vcpu-hours", "1",
                "memory-gb-hours", "NaN", "storage-gb-hours", "0", "usd", "-1", "basis", "it's")))
                .hasMessageContaining("--cost job-run-id must be an EMR Serverless job run id")
                .hasMessageContaining("--cost memory-gb-hours must be a finite number of at least 0, got NaN")
                .hasMessageContaining("--cost usd must be a number of at least 0, got -1")
                .hasMessageContaining("--cost basis must be 1 to 200 printable characters without quotes");
    }
}
