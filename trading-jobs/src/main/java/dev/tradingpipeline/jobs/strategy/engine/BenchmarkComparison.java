package dev.tradingpipeline.jobs.strategy.engine;

import java.io.Serializable;

/**
 * A simulation against its benchmark, over the days both have. Plain Java: the executors compute
 * it for each simulation, and the driver can for a series it derives (a portfolio, a stitched
 * out-of-sample run).
 *
 * <p>Conventions. The benchmark is bought at the close of the first simulated day it has a value
 * for (day f), with the simulation's starting capital, and held; its value before then is none.
 * Its total return is its last value over its value on day f, less 1. The strategy's return over
 * the same days runs from its equity before day f (the starting capital when f is the first day,
 * i.e. the summary's total return) to its equity on the benchmark's last day, so that both start
 * from the same money on day f. Daily returns are paired on the days t where the benchmark has a
 * value on t and on t - 1 (day f itself has no benchmark return):
 * <ul>
 * <li>beta = sample covariance of the daily returns / sample variance of the benchmark's;</li>
 * <li>alpha = Jensen's alpha, annualised: 252 x (mean(r_s - rf) - beta x mean(r_b - rf)), with
 *     rf = cash rate / 252 per day;</li>
 * <li>correlation = Pearson's, of the daily returns.</li>
 * </ul>
 * With fewer than two paired days, or a benchmark that never moves, beta, alpha and correlation
 * are NaN (undefined).
 *
 * @param benchmarkReturn the benchmark's total return over the days it has; NaN without any
 * @param excessReturn the strategy's return over the same days less the benchmark's
 * @param days the number of paired daily returns the statistics use
 */
public record BenchmarkComparison(double benchmarkReturn, double excessReturn, double beta, double alpha,
        double correlation, int days) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Nothing to compare: no day of the simulation has a benchmark value. */
    public static final BenchmarkComparison NONE =
            new BenchmarkComparison(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    /**
     * @param equity the simulation's end-of-day equity, one per simulated day
     * @param initialCapital its equity before the first day
     * @param benchmark the benchmark's value on each of those days (same length); NaN where it has none
     * @param cashRate the yearly risk-free rate (the simulation's {@code cash-rate})
     */
    public static BenchmarkComparison compare(double[] equity, double initialCapital, double[] benchmark,
            double cashRate) {
        if (equity.length != benchmark.length) {
            throw new IllegalArgumentException(equity.length + " days of equity but " + benchmark.length
                    + " benchmark values");
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < benchmark.length; i++) {
            if (has(benchmark[i])) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return NONE;
        }
        double benchmarkReturn = benchmark[last] / benchmark[first] - 1;
        double strategyBase = first == 0 ? initialCapital : equity[first - 1];
        double strategyReturn = equity[last] / strategyBase - 1;

        int n = 0;
        double[] rs = new double[equity.length];
        double[] rb = new double[equity.length];
        for (int t = 1; t < equity.length; t++) {
            if (has(benchmark[t]) && has(benchmark[t - 1])) {
                rs[n] = equity[t] / equity[t - 1] - 1;
                rb[n] = benchmark[t] / benchmark[t - 1] - 1;
                n++;
            }
        }
        double beta = Double.NaN;
        double alpha = Double.NaN;
        double correlation = Double.NaN;
        if (n >= 2) {
            double meanS = mean(rs, n);
            double meanB = mean(rb, n);
            double cov = 0;
            double varS = 0;
            double varB = 0;
            for (int i = 0; i < n; i++) {
                cov += (rs[i] - meanS) * (rb[i] - meanB);
                varS += (rs[i] - meanS) * (rs[i] - meanS);
                varB += (rb[i] - meanB) * (rb[i] - meanB);
            }
            // the (n - 1) of the sample estimates cancels in both ratios
            if (varB > 0) {
                beta = cov / varB;
                double rf = cashRate / Metrics.TRADING_DAYS;
                alpha = Metrics.TRADING_DAYS * ((meanS - rf) - beta * (meanB - rf));
                if (varS > 0) {
                    correlation = cov / Math.sqrt(varS * varB);
                }
            }
        }
        return new BenchmarkComparison(benchmarkReturn, strategyReturn - benchmarkReturn, beta, alpha, correlation, n);
    }

    /**
     * The benchmark as an account: {@code initialCapital} on the first day it has a value, moving with
     * it after; NaN where it has none ({@code gold.strategy_daily.benchmark_equity}).
     */
    public static double[] scaledEquity(double[] benchmark, double initialCapital) {
        double[] out = new double[benchmark.length];
        double base = Double.NaN;
        for (int i = 0; i < benchmark.length; i++) {
            if (has(benchmark[i]) && Double.isNaN(base)) {
                base = benchmark[i];
            }
            out[i] = has(benchmark[i]) ? initialCapital * benchmark[i] / base : Double.NaN;
        }
        return out;
    }

    private static boolean has(double value) {
        return !Double.isNaN(value);
    }

    private static double mean(double[] xs, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += xs[i];
        }
        return sum / n;
    }
}
