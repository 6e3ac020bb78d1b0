package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BenchmarkComparisonTest {

    private static final double NA = Double.NaN;

    /**
     * Five days, capital 100,000, cash at 2.52 %/yr (rf = 0.0001 a day).
     *
     * <pre>
     * day  equity       strategy r_s   benchmark   r_b
     * 0     99,000      (-1% from the capital: no benchmark return that day, it is bought at its close)
     * 1    100,980      +0.02          202         +0.01
     * 2     99,970.2    -0.01          199.98      -0.01
     * 3    102,969.306  +0.03          203.9796    +0.02
     * 4    102,969.306   0             203.9796     0
     * (day 0's benchmark: 200)
     * </pre>
     *
     * Benchmark return 203.9796 / 200 - 1 = 1.01 x 0.99 x 1.02 - 1 = 0.019898.
     * Strategy return from the capital (the summary's total return): 102,969.306 / 100,000 - 1 = 0.02969306;
     * excess 0.02969306 - 0.019898 = 0.00979506.
     * Means: r_s 0.04 / 4 = 0.01, r_b 0.02 / 4 = 0.005. Deviations: s [0.01, -0.02, 0.02, -0.01],
     * b [0.005, -0.015, 0.015, -0.005]. Sums: s.b = 0.00005 + 0.0003 + 0.0003 + 0.00005 = 0.0007,
     * b.b = 0.000025 + 0.000225 + 0.000225 + 0.000025 = 0.0005, s.s = 0.0001 + 0.0004 + 0.0004 + 0.0001 = 0.001
     * (each over n - 1 = 3 for the sample estimates; the 3 cancels).
     * beta = 0.0007 / 0.0005 = 1.4; correlation = 0.0007 / sqrt(0.001 x 0.0005) = 0.7 x sqrt 2 = 0.9899495;
     * alpha = 252 x ((0.01 - 0.0001) - 1.4 x (0.005 - 0.0001)) = 252 x (0.0099 - 0.00686) = 252 x 0.00304 = 0.76608.
     */
    @Test
    void fiveDaysByHand() {
        double[] equity = {99_000, 100_980, 99_970.2, 102_969.306, 102_969.306};
        double[] benchmark = {200, 202, 199.98, 203.9796, 203.9796};

        BenchmarkComparison c = BenchmarkComparison.compare(equity, 100_000, benchmark, 0.0252);

        assertThat(c.benchmarkReturn()).isCloseTo(0.019898, within(1e-12));
        assertThat(c.excessReturn()).isCloseTo(0.00979506, within(1e-12));
        assertThat(c.beta()).isCloseTo(1.4, within(1e-9));
        assertThat(c.correlation()).isCloseTo(0.7 * Math.sqrt(2), within(1e-9));
        assertThat(c.alpha()).isCloseTo(0.76608, within(1e-9));
        assertThat(c.days()).isEqualTo(4);
        // the strategy's return over the same days is the summary's total return
        double total = Metrics.summarize(100_000, equity, new double[0], new double[0], 0.0252).totalReturn();
        assertThat(c.excessReturn()).isCloseTo(total - c.benchmarkReturn(), within(1e-15));
    }

    /**
     * The same days with a benchmark that starts on day 1 (f = 1): it is bought at day 1's close, and the
     * strategy's return over the same days runs from its equity before day 1 (day 0's 99,000).
     * Benchmark: 203.9796 / 202 - 1 = 0.99 x 1.02 - 1 = 0.0098. Strategy: 102,969.306 / 99,000 - 1 = 1.02 x 0.99 x
     * 1.03 - 1 = 0.040094; excess 0.030294.
     * Paired days 2 to 4, in 300ths: r_s [-3, 9, 0], r_b [-3, 6, 0]; means 2 and 1; deviations s [-5, 7, -2],
     * b [-4, 5, -1]; s.b = 20 + 35 + 2 = 57, b.b = 16 + 25 + 1 = 42, s.s = 25 + 49 + 4 = 78.
     * beta = 57 / 42 = 19 / 14 = 1.3571429; correlation = 57 / sqrt(78 x 42) = 57 / sqrt(3276) = 0.9958706;
     * alpha (no cash rate) = 252 x (2/300 - 19/14 x 1/300) = 252 x (28 - 19) / 4200 = 0.54.
     */
    @Test
    void aBenchmarkThatStartsLaterIsComparedFromItsFirstDay() {
        double[] equity = {99_000, 100_980, 99_970.2, 102_969.306, 102_969.306};
        double[] benchmark = {NA, 202, 199.98, 203.9796, 203.9796};

        BenchmarkComparison c = BenchmarkComparison.compare(equity, 100_000, benchmark, 0);

        assertThat(c.benchmarkReturn()).isCloseTo(0.0098, within(1e-12));
        assertThat(c.excessReturn()).isCloseTo(0.030294, within(1e-12));
        assertThat(c.beta()).isCloseTo(19.0 / 14, within(1e-9));
        assertThat(c.correlation()).isCloseTo(57 / Math.sqrt(3276), within(1e-9));
        assertThat(c.alpha()).isCloseTo(0.54, within(1e-9));
        assertThat(c.days()).isEqualTo(3);
    }

    /**
     * Independent check: strategy returns exactly 2 x the benchmark's + 0.001 a day. Then beta is 2,
     * correlation 1, and alpha = 252 x ((2 mean_b + 0.001 - rf) - 2 (mean_b - rf)) = 252 x (0.001 + rf)
     * = 0.252 + cash rate = 0.292 at 4 %, whatever the benchmark did.
     */
    @Test
    void anExactLinearFunctionOfTheBenchmarkHasItsSlopeAsBetaAndCorrelationOne() {
        Random random = new Random(17);
        int n = 300;
        double[] equity = new double[n];
        double[] benchmark = new double[n];
        benchmark[0] = 4_000;
        equity[0] = 100_000; // day 0: no benchmark return to pair with
        for (int t = 1; t < n; t++) {
            double rb = random.nextGaussian() * 0.01;
            benchmark[t] = benchmark[t - 1] * (1 + rb);
            equity[t] = equity[t - 1] * (1 + 2 * rb + 0.001);
        }
        BenchmarkComparison c = BenchmarkComparison.compare(equity, 100_000, benchmark, 0.04);
        assertThat(c.beta()).isCloseTo(2, within(1e-9));
        assertThat(c.correlation()).isCloseTo(1, within(1e-9));
        assertThat(c.alpha()).isCloseTo(0.292, within(1e-9));
        assertThat(c.days()).isEqualTo(n - 1);
        assertThat(c.excessReturn()).isCloseTo(equity[n - 1] / 100_000 - benchmark[n - 1] / benchmark[0],
                within(1e-12));

        // the negated slope: beta -2, correlation -1
        for (int t = 1; t < n; t++) {
            double rb = benchmark[t] / benchmark[t - 1] - 1;
            equity[t] = equity[t - 1] * (1 - 2 * rb);
        }
        BenchmarkComparison inverse = BenchmarkComparison.compare(equity, 100_000, benchmark, 0.04);
        assertThat(inverse.beta()).isCloseTo(-2, within(1e-9));
        assertThat(inverse.correlation()).isCloseTo(-1, within(1e-9));
    }

    @Test
    void undefinedFiguresAreNaN() {
        // no benchmark value on any day
        BenchmarkComparison none = BenchmarkComparison.compare(new double[] {1, 2}, 1, new double[] {NA, NA}, 0);
        assertThat(none).isEqualTo(BenchmarkComparison.NONE);
        assertThat(none.benchmarkReturn()).isNaN();
        // one paired return: a return, but no beta
        BenchmarkComparison one = BenchmarkComparison.compare(new double[] {100, 110}, 100, new double[] {10, 11}, 0);
        assertThat(one.benchmarkReturn()).isCloseTo(0.1, within(1e-12));
        assertThat(one.excessReturn()).isCloseTo(0.0, within(1e-12));
        assertThat(one.beta()).isNaN();
        assertThat(one.days()).isEqualTo(1);
        // a benchmark that never moves: no beta, alpha or correlation
        BenchmarkComparison flat = BenchmarkComparison.compare(new double[] {100, 110, 99}, 100,
                new double[] {5, 5, 5}, 0);
        assertThat(flat.beta()).isNaN();
        assertThat(flat.alpha()).isNaN();
        assertThat(flat.correlation()).isNaN();
        assertThat(flat.benchmarkReturn()).isZero();
        assertThatThrownBy(() -> BenchmarkComparison.compare(new double[] {1}, 1, new double[] {1, 2}, 0))
                .hasMessageContaining("1 days of equity but 2 benchmark values");
    }

    /** 200 -> 202 -> 199.98 as 100,000 on day 1: 100,000 x 202 / 200 = 101,000, x 199.98 / 200 = 99,990. */
    @Test
    void theScaledEquityStartsAtTheCapitalOnTheBenchmarksFirstDay() {
        assertThat(BenchmarkComparison.scaledEquity(new double[] {NA, 200, 202, 199.98}, 100_000))
                .containsExactly(new double[] {NA, 100_000, 101_000, 99_990}, within(1e-9));
    }
}
