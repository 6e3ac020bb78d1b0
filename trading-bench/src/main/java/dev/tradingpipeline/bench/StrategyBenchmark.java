package dev.tradingpipeline.bench;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IngestJob;
import dev.tradingpipeline.jobs.spark.SparkSessions;
import dev.tradingpipeline.jobs.strategy.config.StrategyConfig;
import dev.tradingpipeline.jobs.strategy.config.StrategyDefinition;
import dev.tradingpipeline.jobs.strategy.spark.StrategyJob;
import dev.tradingpipeline.jobs.strategy.spark.StrategyRunResult;
import dev.tradingpipeline.jobs.strategy.spark.StrategyTask;
import dev.tradingpipeline.sample.SampleSpec;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Strategy benchmark (run by bench/strategy.sh): loads N days x M rows into silver, then in one
 * run times (a) a scan of the silver columns and rows the strategies need and (b) the strategy run
 * itself (simulations and gold tables) on the same data, and prints the ratio b/a.
 */
public final class StrategyBenchmark {

    private static final String STRATEGIES = String.join("\n",
            "strategies:",
            "  - name: spx-put-write",
            "    family: put_write",
            "    underlyings: [^SPX]",
            "    capital: 1000000",
            "  - name: spx-iron-condor",
            "    family: iron_condor",
            "    underlyings: [^SPX]",
            "    capital: 1000000",
            "    sweep:",
            "      short_delta: [0.15, 0.20, 0.25]",
            "      dte_target: [30, 40]",
            "  - name: equity-strangles",
            "    family: short_strangle",
            "    underlyings: [SPY, AAPL, MSFT, NVDA]",
            "    entry: when-flat",
            "    capital: 200000",
            "");

    private StrategyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchSupport.options(args, Map.of("--days", "60", "--rows-per-day", "50000",
                "--work", "target/bench-strategy"));
        int days = Integer.parseInt(opts.get("--days"));
        int rows = Integer.parseInt(opts.get("--rows-per-day"));
        Path work = Path.of(opts.get("--work")).toAbsolutePath();
        String yaml = BenchSupport.samplePaths(work, days, rows, SampleSpec.defaults().underlyings()) + STRATEGIES;
        BenchSupport.emptyGold(work, days, rows);
        TradingConfig config = TradingConfig.parse(yaml, "bench config", work.toString(), Map.of(), "bench ");
        SparkSession spark = SparkSessions.create("strategy-benchmark", config);
        try {
            IngestJob.Result loaded = new IngestJob(spark, config).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
            System.out.printf(Locale.ROOT, "data: %d days x %d rows in silver (%d loaded now)%n", days, rows,
                    loaded.rowsAccepted());
            List<StrategyTask> tasks = new ArrayList<>();
            for (StrategyDefinition d : StrategyConfig.parse(config)) {
                for (StrategySpec spec : StrategyConfig.expand(d)) {
                    tasks.add(new StrategyTask(spec, d.strategyClass()));
                }
            }
            StrategyJob job = new StrategyJob(spark, config);
            // warm-up of both paths (JIT, code generation, table creation)
            job.silverScan(tasks).write().format("noop").mode("overwrite").save();
            job.run(tasks);

            long t0 = System.nanoTime();
            job.silverScan(tasks).write().format("noop").mode("overwrite").save();
            double scan = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            StrategyRunResult r = job.run(tasks);
            double run = (System.nanoTime() - t1) / 1e9;
            System.out.printf(Locale.ROOT, "simulations: %d (from %d configured strategy runs x their underlyings)%n",
                    r.summaries().size(), tasks.size());
            System.out.printf(Locale.ROOT, "(a) scan of the silver columns and rows the strategies need: %.1f s%n",
                    scan);
            System.out.printf(Locale.ROOT, "(b) strategy run (simulations and gold tables): %.1f s%n", run);
            System.out.printf(Locale.ROOT, "strategy/scan ratio: %.2f%n", run / scan);
        } finally {
            spark.stop();
        }
    }
}
