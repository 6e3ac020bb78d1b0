package dev.tradingpipeline.bench;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.ingest.IngestJob;
import dev.tradingpipeline.jobs.spark.SparkSessions;
import dev.tradingpipeline.jobs.strategy.config.StrategyConfig;
import dev.tradingpipeline.jobs.strategy.config.StrategyDefinition;
import dev.tradingpipeline.jobs.strategy.spark.StrategyJob;
import dev.tradingpipeline.jobs.strategy.spark.StrategyRunResult;
import dev.tradingpipeline.jobs.strategy.spark.StrategyTask;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;

/**
 * Sweep benchmark (run by bench/sweep.sh): loads N days x M rows of ^SPX into silver, then in one
 * JVM, after a warm-up, times a scan of the strategy's input (as {@link StrategyBenchmark} does)
 * and iron-condor sweeps of 1, 10, 100 and 1,000 combinations (short_delta x wing_delta x
 * dte_target, 10 values each) on the same data, each as a ratio to the scan; every time is the
 * median of three measurements ({@code -Dsweep.repeat}).
 */
public final class SweepBenchmark {

    private static final List<Integer> SIZES = List.of(1, 10, 100, 1000);

    private SweepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = BenchSupport.options(args, Map.of("--days", "120", "--rows-per-day", "3000",
                "--work", "target/bench-sweep"));
        int days = Integer.parseInt(opts.get("--days"));
        int rows = Integer.parseInt(opts.get("--rows-per-day"));
        Path work = Path.of(opts.get("--work")).toAbsolutePath();
        String paths = BenchSupport.samplePaths(work, days, rows, List.of("^SPX"));
        BenchSupport.emptyGold(work, days, rows);
        TradingConfig base = TradingConfig.parse(paths, "bench config", work.toString(), Map.of(), "bench ");
        SparkSession spark = SparkSessions.create("sweep-benchmark", base);
        try {
            IngestJob.Result loaded = new IngestJob(spark, base).run(IngestJob.Mode.BOOTSTRAP, Optional.empty());
            System.out.printf(Locale.ROOT, "data: %d days x %d ^SPX rows in silver (%d loaded now), %d cores%n",
                    days, rows, loaded.rowsAccepted(), Runtime.getRuntime().availableProcessors());
            StrategyJob job = new StrategyJob(spark, base);
            SweepProfiling.stagesIfAsked(spark);
            List<List<StrategyTask>> sweeps = new ArrayList<>();
            for (int n : SIZES) {
                sweeps.add(tasks(paths + sweep(n), work));
            }
            // warm-up of both paths (JIT, code generation, table creation), twice each
            for (int w = 0; w < 2; w++) {
                job.silverScan(sweeps.get(0)).write().format("noop").mode("overwrite").save();
                job.run(sweeps.get(1));
            }
            // every figure is the median of `repeat` measurements (-Dsweep.repeat, default 3): one run on
            // a shared 2-core machine moves by a third from one measurement to the next
            int repeat = Integer.getInteger("sweep.repeat", 3);
            double[] scans = new double[repeat];
            double[] scanCpus = new double[repeat];
            for (int k = 0; k < repeat; k++) {
                long t0 = System.nanoTime();
                long c0 = cpuNanos();
                job.silverScan(sweeps.get(0)).write().format("noop").mode("overwrite").save();
                scans[k] = (System.nanoTime() - t0) / 1e9;
                scanCpus[k] = (cpuNanos() - c0) / 1e9;
            }
            double scan = median(scans);
            double scanCpu = median(scanCpus);
            System.out.printf(Locale.ROOT, "scan of the strategy's input: %.2f s (CPU %.2f s), median of %d: %s%n",
                    scan, scanCpu, repeat, list(scans));
            double ratio = Double.NaN;
            // for profiling (see SweepProfiling): -Dsweep.sizes=1,1000 runs only those sizes
            List<Integer> only = System.getProperty("sweep.sizes") == null ? SIZES
                    : java.util.Arrays.stream(System.getProperty("sweep.sizes").split(",")).map(String::trim)
                            .map(Integer::valueOf).toList();
            for (int i = 0; i < SIZES.size(); i++) {
                if (!only.contains(SIZES.get(i))) {
                    continue;
                }
                List<StrategyTask> tasks = sweeps.get(i);
                double[] runs = new double[repeat];
                double[] cpus = new double[repeat];
                int sims = 0;
                for (int k = 0; k < repeat; k++) {
                    SweepProfiling.runStarting();
                    long t1 = System.nanoTime();
                    long c1 = cpuNanos();
                    SweepProfiling.WallSampler sampler =
                            SweepProfiling.WallSampler.startIfAsked(Thread.currentThread());
                    StrategyRunResult r = job.run(tasks);
                    if (sampler != null) {
                        sampler.stopAndPrint();
                    }
                    runs[k] = (System.nanoTime() - t1) / 1e9;
                    cpus[k] = (cpuNanos() - c1) / 1e9;
                    sims = r.summaries().size();
                }
                double run = median(runs);
                double cpu = median(cpus);
                ratio = run / scan;
                System.out.printf(Locale.ROOT,
                        "N=%-5d simulations: %5d  %7.2f s  %8.4f s/simulation  %6.2f scans  (CPU %.2f s, %.2f scans)"
                                + "  runs: %s%n",
                        tasks.size(), sims, run, run / sims, ratio, cpu, cpu / scanCpu, list(runs));
            }
            System.out.printf(Locale.ROOT, "sweep 1000/scan ratio: %.2f%n", ratio);
        } finally {
            spark.stop();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String list(double[] values) {
        return java.util.Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
                .collect(Collectors.joining(" "));
    }

    /** CPU time of the whole JVM (all threads): other load on the machine does not inflate it. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** An iron-condor sweep of n = 1, 10, 100 or 1,000 combinations: up to 10 values of each of 3 keys. */
    static String sweep(int n) {
        int perKey = 10;
        String shortDelta = values(n >= 10 ? perKey : 1, i -> 0.15 + 0.02 * i);
        String wingDelta = values(n >= 100 ? perKey : 1, i -> 0.03 + 0.01 * i);
        String dte = values(n >= 1000 ? perKey : 1, i -> 22.0 + 2 * i);
        return String.join("\n",
                "strategies:",
                "  - name: spx-iron-condor-" + n,
                "    family: iron_condor",
                "    underlyings: [^SPX]",
                "    capital: 1000000",
                "    sweep:",
                "      short_delta: [" + shortDelta + "]",
                "      wing_delta: [" + wingDelta + "]",
                "      dte_target: [" + dte + "]",
                "");
    }

    private static String values(int count, java.util.function.IntToDoubleFunction value) {
        return IntStream.range(0, count).mapToObj(i -> String.format(Locale.ROOT, "%.2f", value.applyAsDouble(i)))
                .collect(Collectors.joining(", "));
    }

    private static List<StrategyTask> tasks(String yaml, Path work) {
        TradingConfig config = TradingConfig.parse(yaml, "bench config", work.toString(), Map.of(), "bench ");
        List<StrategyTask> tasks = new ArrayList<>();
        for (StrategyDefinition d : StrategyConfig.parse(config)) {
            for (StrategySpec spec : StrategyConfig.expand(d)) {
                tasks.add(new StrategyTask(spec, d.strategyClass()));
            }
        }
        return tasks;
    }
}
