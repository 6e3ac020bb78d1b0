package dev.tradingpipeline.jobs.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.engine.Metrics;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class StationaryBootstrapTest {

    private static final double[] FIVE_DAYS = {0.02, -0.01, 0.03, -0.04, 0.01};

    /** A generator that answers from a script and fails when asked anything unscripted. */
    private static final class Scripted implements RandomGenerator {
        private final Deque<Integer> ints = new ArrayDeque<>();
        private final Deque<Long> longs = new ArrayDeque<>();
        private final int bound;

        Scripted(int bound) {
            this.bound = bound;
        }

        Scripted start(int index) {
            ints.add(index);
            return this;
        }

        /** The next position continues the block: the largest 53-bit draw, never below p. */
        Scripted next() {
            longs.add(-1L);
            return this;
        }

        /** The next position starts a new block at {@code index}: a draw of 0, always below p. */
        Scripted jump(int index) {
            longs.add(0L);
            ints.add(index);
            return this;
        }

        @Override
        public int nextInt(int b) {
            assertThat(b).isEqualTo(bound);
            return ints.remove();
        }

        @Override
        public long nextLong() {
            return longs.remove();
        }

        boolean exhausted() {
            return ints.isEmpty() && longs.isEmpty();
        }
    }

    /*
     * Draw 1: start at 3; continue -> 4; continue -> 0 (wraps); new block at 2; continue -> 3.
     * Draw 2: start at 1; new block at 1; new block at 4; continue -> 0; continue -> 1.
     */
    private static Scripted twoDraws() {
        return new Scripted(5)
                .start(3).next().next().jump(2).next()
                .start(1).jump(1).jump(4).next().next();
    }

    @Test
    void resamplesBlocksThatWrapAroundTheEnd() {
        Scripted script = twoDraws();
        StationaryBootstrap b = StationaryBootstrap.withGenerator(new StationaryBootstrap.Settings(2, 0, 2), script);
        int[] draw = new int[5];
        b.resample(draw);
        assertThat(draw).containsExactly(3, 4, 0, 2, 3);
        b.resample(draw);
        assertThat(draw).containsExactly(1, 1, 4, 0, 1);
        assertThat(script.exhausted()).isTrue();
    }

    /*
     * Returns 2%, -1%, 3%, -4%, 1%; cash rate 4% (0.04/252 a day).
     * Draw 1 = days 3,4,0,2,3 = -4%, +1%, +2%, +3%, -4%:
     *   equity 0.96, 0.9696, 0.988992, 1.01866176, 0.9779152896; peak 1.01866176 on day 4.
     *   max drawdown: 0.96 / 1 - 1 = -4% (and 0.9779152896 / 1.01866176 - 1 = -4% again).
     *   CAGR = 0.9779152896^(252/5) - 1 = exp(50.4 * -0.0223322296) - 1 = -0.6755242.
     *   mean -0.004, deviations -0.036, 0.014, 0.024, 0.034, -0.036: Σd² = 0.00452, sd = √(0.00452/4) = 0.0336155;
     *   Sharpe = (-0.004 - 0.000158730) / 0.0336155 * √252 = -1.9639109.
     * Draw 2 = days 1,1,4,0,1 = -1%, -1%, +1%, +2%, -1%:
     *   equity 0.99, 0.9801, 0.989901, 1.00969902, 0.9996020298; max drawdown 0.9801 - 1 = -1.99%.
     *   CAGR = 0.9996020298^50.4 - 1 = -0.0198618.
     *   mean 0, Σd² = 0.0008, sd = √0.0002 = 0.0141421; Sharpe = -0.000158730 / 0.0141421 * √252 = -0.1781742.
     * (numpy gives the same figures.)
     * Intervals of two values a <= b, type 7: 5% = a + 0.05 (b - a), 95% = a + 0.95 (b - a):
     *   Sharpe -1.8746241 to -0.2674610, CAGR -0.6427411 to -0.0526449, max drawdown -3.8995% to -2.0905%.
     */
    @Test
    void eachDrawsStatisticsAndTheIntervalsMatchAHandComputation() {
        double[] out = new double[3];
        StationaryBootstrap.pathStatistics(FIVE_DAYS, new int[] {3, 4, 0, 2, 3}, 0.04 / 252, out);
        assertThat(out[0]).isCloseTo(-1.9639109451064811, within(1e-12));
        assertThat(out[1]).isCloseTo(-0.6755242006653763, within(1e-12));
        assertThat(out[2]).isCloseTo(-0.04, within(1e-12));
        StationaryBootstrap.pathStatistics(FIVE_DAYS, new int[] {1, 1, 4, 0, 1}, 0.04 / 252, out);
        assertThat(out[0]).isCloseTo(-0.1781741612749496, within(1e-12));
        assertThat(out[1]).isCloseTo(-0.019861793600176925, within(1e-12));
        assertThat(out[2]).isCloseTo(-0.0199, within(1e-12));

        StationaryBootstrap.Result r = StationaryBootstrap.withGenerator(new StationaryBootstrap.Settings(2, 7, 2),
                twoDraws()).run(FIVE_DAYS, 0.04);
        assertThat(r.draws()).isEqualTo(2);
        assertThat(r.seed()).isEqualTo(7);
        assertThat(r.meanBlock()).isEqualTo(2);
        assertThat(r.sharpe().low()).isCloseTo(-1.8746241059149045, within(1e-12));
        assertThat(r.sharpe().high()).isCloseTo(-0.2674610004665263, within(1e-12));
        assertThat(r.cagr().low()).isCloseTo(-0.6427410803121164, within(1e-12));
        assertThat(r.cagr().high()).isCloseTo(-0.052644913953436956, within(1e-12));
        assertThat(r.maxDrawdown().low()).isCloseTo(-0.038995, within(1e-12));
        assertThat(r.maxDrawdown().high()).isCloseTo(-0.020905, within(1e-12));
    }

    /** A draw's statistics are those Metrics gives for the drawn equity path, ruin included. */
    @Test
    void aDrawsStatisticsAreThoseOfMetricsOnTheDrawnPathEndingAtRuin() {
        // day 2 loses 150%: a path that draws it is ruined there
        double[] returns = {0.05, -0.02, -1.5, 0.03, 0.01, -0.03};
        int[][] paths = {{0, 1, 3, 4, 5, 0}, {3, 4, 5, 0, 1, 2}, {4, 5, 2, 3, 4, 5}, {2, 3, 4, 5, 0, 1},
            {1, 1, 5, 5, 1, 1}};
        for (int[] path : paths) {
            double[] equity = new double[path.length];
            double e = 1;
            for (int t = 0; t < path.length; t++) {
                e *= 1 + returns[path[t]];
                equity[t] = e;
            }
            SimulationSummary expected = Metrics.summarize(1, equity, new double[0], new double[0], 0.03);
            double[] out = new double[3];
            StationaryBootstrap.pathStatistics(returns, path, 0.03 / 252, out);
            String label = java.util.Arrays.toString(path);
            if (Double.isNaN(expected.sharpe())) {
                assertThat(out[0]).as(label).isNaN();
            } else {
                // one pass of shifted sums here, two passes in Metrics: equal to ~1e-12 even with a -150% day
                assertThat(out[0]).as(label).isCloseTo(expected.sharpe(), within(1e-10));
            }
            assertThat(out[1]).as(label).isCloseTo(expected.cagr(), within(1e-12));
            assertThat(out[2]).as(label).isCloseTo(expected.maxDrawdown(), within(1e-12));
        }
        double[] out = new double[3];
        StationaryBootstrap.pathStatistics(returns, new int[] {4, 5, 2, 3, 4, 5}, 0, out);
        assertThat(out[1]).as("ruined: CAGR -100%").isEqualTo(-1);
        StationaryBootstrap.pathStatistics(returns, new int[] {2, 3, 4, 5, 0, 1}, 0, out);
        assertThat(out[0]).as("ruined on the first day: no Sharpe from one return").isNaN();
    }

    @Test
    void percentilesInterpolateBetweenOrderStatisticsAsRType7() {
        // R: quantile(c(1, 2, 3, 4), c(0.05, 0.5, 0.95), type = 7) = 1.15, 2.5, 3.85
        double[] sorted = {1, 2, 3, 4, 99};
        assertThat(StationaryBootstrap.percentile(sorted, 4, 0.05)).isCloseTo(1.15, within(1e-12));
        assertThat(StationaryBootstrap.percentile(sorted, 4, 0.5)).isCloseTo(2.5, within(1e-12));
        assertThat(StationaryBootstrap.percentile(sorted, 4, 0.95)).isCloseTo(3.85, within(1e-12));
        assertThat(StationaryBootstrap.percentile(sorted, 4, 1)).isEqualTo(4);
        assertThat(StationaryBootstrap.percentile(sorted, 4, 0)).isEqualTo(1);
        assertThat(StationaryBootstrap.percentile(sorted, 1, 0.95)).isEqualTo(1);
        // 21 values 0..20: h = 20 q, exactly the 1st and 19th
        double[] ramp = new double[21];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i;
        }
        assertThat(StationaryBootstrap.percentile(ramp, 21, 0.05)).isCloseTo(1, within(1e-12));
        assertThat(StationaryBootstrap.percentile(ramp, 21, 0.95)).isCloseTo(19, within(1e-12));
        assertThatThrownBy(() -> StationaryBootstrap.percentile(sorted, 0, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }

    /*
     * SplitMix64 from seed 1234567, the reference values of splitmix64.c (as listed on Rosetta Code,
     * "Pseudo-random numbers/Splitmix64"), unsigned: 6457827717110365317, 3203168211198807973,
     * 9817491932198370423, 4593380528125082431, 16408922859458223821.
     */
    @Test
    void theGeneratorIsSplitMix64SoASeedGivesTheSameDrawsOnEveryJvm() {
        SplitMix64 g = new SplitMix64(1234567);
        List<String> first = java.util.stream.IntStream.range(0, 5).mapToObj(i -> Long.toUnsignedString(g.nextLong()))
                .toList();
        assertThat(first).containsExactly("6457827717110365317", "3203168211198807973", "9817491932198370423",
                "4593380528125082431", "16408922859458223821");
        SplitMix64 h = new SplitMix64(1234567);
        assertThat(h.nextDouble()).isEqualTo((6457827717110365317L >>> 11) * 0x1.0p-53);
        assertThat(h.nextInt(10)).isEqualTo((int) (((3203168211198807973L >>> 32) * 10) >>> 32));
    }

    @Test
    void theSameSeedGivesTheSameIntervalsAndAnotherSeedOthers() {
        double[] returns = normalReturns(new Random(3), 500, 0.0004, 0.01);
        StationaryBootstrap.Settings settings = new StationaryBootstrap.Settings(500, 11, 10);
        StationaryBootstrap.Result first = StationaryBootstrap.intervals(returns, 0.02, settings);
        StationaryBootstrap.intervals(normalReturns(new Random(4), 300, 0, 0.02), 0.02, settings);
        assertThat(StationaryBootstrap.intervals(returns, 0.02, settings)).isEqualTo(first);
        StationaryBootstrap.Result other = StationaryBootstrap.intervals(returns, 0.02,
                new StationaryBootstrap.Settings(500, 12, 10));
        assertThat(other.sharpe()).isNotEqualTo(first.sharpe());
        assertThat(other.sharpe().low()).isCloseTo(first.sharpe().low(), within(0.3));
        assertThat(first.sharpe().low()).isLessThan(first.sharpe().high());
        assertThat(first.cagr().low()).isLessThan(first.cagr().high());
        assertThat(first.maxDrawdown().low()).isLessThan(first.maxDrawdown().high());
        assertThat(first.maxDrawdown().high()).isLessThanOrEqualTo(0);
    }

    /* A constant 0.1% a day: every draw is the same series, CAGR 1.001^252 - 1 = 28.6434044%, no drawdown, no Sharpe. */
    @Test
    void aConstantSeriesGivesADegenerateInterval() {
        double[] returns = new double[100];
        java.util.Arrays.fill(returns, 0.001);
        StationaryBootstrap.Result r = StationaryBootstrap.intervals(returns, 0, StationaryBootstrap.Settings.DEFAULT);
        assertThat(r.draws()).isEqualTo(1000);
        assertThat(r.cagr().low()).isCloseTo(0.28643404437615216, within(1e-12));
        assertThat(r.cagr().high()).isEqualTo(r.cagr().low());
        assertThat(r.maxDrawdown()).isEqualTo(new StationaryBootstrap.Interval(0, 0));
        assertThat(r.sharpe().isDefined()).isFalse();
    }

    @Test
    void fewerThanTwoReturnsOrNoDrawsGiveNoInterval() {
        StationaryBootstrap.Result one = StationaryBootstrap.intervals(new double[] {0.01}, 0,
                StationaryBootstrap.Settings.DEFAULT);
        assertThat(one).isEqualTo(StationaryBootstrap.Result.none(StationaryBootstrap.Settings.DEFAULT));
        assertThat(one.draws()).isZero();
        assertThat(one.sharpe().isDefined()).isFalse();
        StationaryBootstrap.Settings off = new StationaryBootstrap.Settings(0, 42, 10);
        assertThat(StationaryBootstrap.intervals(FIVE_DAYS, 0, off).draws()).isZero();
        assertThatThrownBy(() -> StationaryBootstrap.intervals(new double[] {0.01, Double.NaN}, 0, off))
                .hasMessageContaining("return 1 is not finite");
        assertThatThrownBy(() -> new StationaryBootstrap.Settings(100_001, 1, 10)).hasMessageContaining("draws");
        assertThatThrownBy(() -> new StationaryBootstrap.Settings(10, 1, 0.5)).hasMessageContaining("mean block");
    }

    /*
     * Coverage: 600 independent series of 500 iid normal returns, mean 0.05% and sd 1% a day (true
     * annualised Sharpe 0.0005 / 0.01 · √252 = 0.7937), each bootstrapped 400 times with mean block 10.
     * A 5%-95% interval should cover the truth about 90% of the time. Percentile intervals of a block
     * bootstrap run a little short in samples this size (blocks of 10 of 500 days understate the
     * variance by a few per cent): the same experiment over 3,000 series covers 88.2% (numpy, 1,000
     * series: 89.8% to 90.9% for L = 1, 5, 10). With 600 series the share has a standard error of
     * √(0.88 · 0.12 / 600) = 1.3%: 85%..94% admits that and fails a bootstrap whose spread is off by
     * a fifth (coverage below 80% or above 95%). Seeds are fixed: the outcome is the same on every run.
     */
    @Test
    void aFivetoNinetyFivePercentIntervalCoversTheTrueSharpeNinetyPercentOfTheTime() {
        double mean = 0.0005;
        double sd = 0.01;
        double truth = mean / sd * Math.sqrt(252);
        Random data = new Random(20240601);
        int series = 600;
        int covered = 0;
        for (int s = 0; s < series; s++) {
            double[] returns = normalReturns(data, 500, mean, sd);
            StationaryBootstrap.Interval i = StationaryBootstrap.intervals(returns, 0,
                    new StationaryBootstrap.Settings(400, s, 10)).sharpe();
            if (i.low() <= truth && truth <= i.high()) {
                covered++;
            }
        }
        assertThat((double) covered / series).isBetween(0.85, 0.94);
    }

    /*
     * With L = 1 every position is a fresh uniform index: the iid bootstrap, whose mean has variance
     * σ̂²/n with σ̂² = Σ(x - x̄)²/n. 20,000 draws estimate that variance within about √(2/20000) = 1%;
     * the tolerance is 4%. With L = 10 on the same (strongly autocorrelated, AR(1) φ = 0.8) series the
     * blocks keep the dependence and the variance of the mean is several times larger, as it should
     * be ((1 + φ)/(1 - φ) = 9 times for the true process).
     */
    @Test
    void aMeanBlockOfOneIsTheIidBootstrapAndLongerBlocksKeepTheDependence() {
        int n = 200;
        double[] x = new double[n];
        Random random = new Random(5);
        double previous = 0;
        for (int t = 0; t < n; t++) {
            previous = 0.8 * previous + random.nextGaussian();
            x[t] = previous;
        }
        double mean = java.util.Arrays.stream(x).average().orElseThrow();
        double populationVariance = java.util.Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / n;
        double iid = populationVariance / n;

        double block1 = varianceOfBootstrapMeans(x, 1, 20_000);
        assertThat(block1 / iid).isCloseTo(1, within(0.04));
        double block10 = varianceOfBootstrapMeans(x, 10, 20_000);
        assertThat(block10 / iid).isGreaterThan(3);
    }

    /*
     * The paper's construction: a new block starts at a position with probability 1/L, so the share
     * of positions after the first that start one is 1/L (here 0.1, measured on 2,000 × 99 positions:
     * standard error 0.0007), and each position is uniform over the days (stationarity).
     */
    @Test
    void blocksStartWithProbabilityOneOverTheMeanBlockAndPositionsAreUniform() {
        int n = 100;
        StationaryBootstrap b = StationaryBootstrap.withGenerator(new StationaryBootstrap.Settings(1, 0, 10),
                new SplitMix64(9));
        int[] draw = new int[n];
        long starts = 0;
        long positions = 0;
        int draws = 2000;
        int[] atLast = new int[n];
        for (int d = 0; d < draws; d++) {
            b.resample(draw);
            for (int t = 1; t < n; t++) {
                if (draw[t] != (draw[t - 1] + 1) % n) {
                    starts++;
                }
                positions++;
            }
            atLast[draw[n - 1]]++;
        }
        // a new block may land on the next index by chance (1/n): the observed share is (1/L)(1 - 1/n)
        assertThat((double) starts / positions).isCloseTo(0.1 * (1 - 1.0 / n), within(0.003));
        // chi-square of the last position's index over 100 cells, 99 degrees of freedom: below 150 (p < 0.001)
        double expected = (double) draws / n;
        double chi2 = 0;
        for (int c : atLast) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertThat(chi2).isLessThan(150);
    }

    /** 1,000 draws of ten years of days: well under a second, and no allocation per draw. */
    @Test
    void isFastAndAllocatesNothingPerDraw() {
        double[] returns = normalReturns(new Random(8), 2520, 0.0003, 0.01);
        StationaryBootstrap.Settings settings = StationaryBootstrap.Settings.DEFAULT;
        StationaryBootstrap.intervals(returns, 0.02, settings); // warm-up
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            StationaryBootstrap.intervals(returns, 0.02, settings);
            best = Math.min(best, System.nanoTime() - start);
        }
        assertThat(best / 1e9).as("seconds for 1,000 draws of 2,520 days").isLessThan(0.5);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        StationaryBootstrap.intervals(returns, 0.02, settings);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // the index buffer (2,520 ints, 10 KB) and three arrays of 1,000 doubles (24 KB); one int[2520]
        // per draw would be 10 MB
        assertThat(allocated).isLessThan(100_000);
    }

    private static double varianceOfBootstrapMeans(double[] x, double meanBlock, int draws) {
        StationaryBootstrap b = StationaryBootstrap.withGenerator(new StationaryBootstrap.Settings(1, 0, meanBlock),
                new SplitMix64(17));
        int[] draw = new int[x.length];
        double sum = 0;
        double squares = 0;
        for (int d = 0; d < draws; d++) {
            b.resample(draw);
            double m = 0;
            for (int i : draw) {
                m += x[i];
            }
            m /= x.length;
            sum += m;
            squares += m * m;
        }
        double mean = sum / draws;
        return (squares - draws * mean * mean) / (draws - 1);
    }

    static double[] normalReturns(Random random, int n, double mean, double sd) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = mean + sd * random.nextGaussian();
        }
        return r;
    }
}
