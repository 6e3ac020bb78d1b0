package dev.tradingpipeline.jobs.statistics;

import dev.tradingpipeline.core.config.ConfigKeys;
import java.io.Serializable;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * 5%–95% confidence intervals for the annualised Sharpe ratio, the CAGR and the maximum drawdown of
 * a series of daily returns, by the stationary bootstrap of D. N. Politis and J. P. Romano ("The
 * Stationary Bootstrap", Journal of the American Statistical Association 89(428), 1994, 1303–1313).
 *
 * <p><b>Resampling.</b> Each draw is a series of the same length n as the data, made of blocks of
 * consecutive returns whose lengths are geometric with mean L: the first index is uniform on
 * 0..n−1; each next position starts a new block at a uniform index with probability p = 1/L, and
 * otherwise takes the index after the previous one, wrapping from n−1 to 0 (the paper's circular
 * arrangement, which makes the resampled series stationary). With L = 1 every position is a fresh
 * uniform index: the iid bootstrap of Efron. Blocks keep the serial dependence of daily returns
 * (volatility clustering, a position held over several days) that an iid bootstrap would destroy.
 *
 * <p><b>Statistics of a draw</b>, as {@code strategy.Metrics} computes them on an equity series
 * that starts at 1 and compounds the drawn returns: the Sharpe ratio is the mean excess return
 * over cashRate / 252 divided by the sample standard deviation (n − 1), × √252 (NaN when the draw's
 * returns are fewer than 2 or all equal, {@link #isConstant} telling rounding noise from variation);
 * the CAGR is equity^(252 / days) − 1; the maximum drawdown is the lowest equity / running
 * peak − 1 (0 or negative). As in {@code Metrics}, a draw whose equity reaches zero or below is
 * ruined: it ends on that day, its CAGR is −1.
 *
 * <p><b>Intervals</b> are the percentile intervals of the draws: the 5% and 95% percentiles of each
 * statistic over the draws, by linear interpolation between order statistics (Hyndman and Fan's
 * type 7, the default of R's {@code quantile} and of numpy): with the N values sorted
 * x₀ ≤ … ≤ x_{N−1}, h = (N − 1)·q and Q(q) = x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋+1 − x_⌊h⌋). Draws with an
 * undefined Sharpe ratio are left out of its percentiles (and it is NaN when none has one).
 *
 * <p><b>Reproducible:</b> a draw sequence comes from a {@link SplitMix64} seeded with the settings'
 * seed at every call, so the same returns and settings give the same intervals on any JVM, whatever
 * else was bootstrapped before. <b>Fast:</b> one run allocates an index buffer of n ints and three
 * arrays of one double per draw, nothing per draw, and measures a draw in one pass; 1,000 draws
 * take about 13 ms of CPU for 2,520 days and 1 ms for 126 (measured on a busy 2-core machine).
 */
public final class StationaryBootstrap {

    public static final double LOW = 0.05;
    public static final double HIGH = 0.95;

    private static final int TRADING_DAYS = 252;
    private static final double ANNUAL = Math.sqrt(TRADING_DAYS);

    /**
     * How to bootstrap.
     *
     * @param draws resampled series per run; 0 turns the bootstrap off
     * @param seed of the {@link SplitMix64} each run starts from
     * @param meanBlock L, the mean block length in days (at least 1; 1 is the iid bootstrap)
     */
    public record Settings(int draws, long seed, double meanBlock) implements Serializable {

        public static final int DEFAULT_DRAWS = ConfigKeys.BOOTSTRAP_DEFAULT_DRAWS;
        public static final int MAX_DRAWS = ConfigKeys.BOOTSTRAP_MAX_DRAWS;
        public static final long DEFAULT_SEED = ConfigKeys.BOOTSTRAP_DEFAULT_SEED;
        public static final int DEFAULT_MEAN_BLOCK = ConfigKeys.BOOTSTRAP_DEFAULT_MEAN_BLOCK;
        /** Forty years of days: a longer block is one circular shift of any series we hold. */
        public static final int MAX_MEAN_BLOCK = ConfigKeys.BOOTSTRAP_MAX_MEAN_BLOCK;
        public static final Settings DEFAULT = new Settings(DEFAULT_DRAWS, DEFAULT_SEED, DEFAULT_MEAN_BLOCK);

        public Settings {
            if (draws < 0 || draws > MAX_DRAWS) {
                throw new IllegalArgumentException("draws must be within 0.." + MAX_DRAWS + ", got " + draws);
            }
            if (!(meanBlock >= 1 && meanBlock <= MAX_MEAN_BLOCK)) {
                throw new IllegalArgumentException("the mean block length must be within 1.." + MAX_MEAN_BLOCK
                        + ", got " + meanBlock);
            }
        }

        public boolean enabled() {
            return draws > 0;
        }
    }

    /** A 5%–95% interval; both ends NaN when undefined. */
    public record Interval(double low, double high) implements Serializable {

        public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN);

        public boolean isDefined() {
            return !Double.isNaN(low) && !Double.isNaN(high);
        }
    }

    /**
     * The intervals of one series.
     *
     * @param draws the draws made: the settings' count, or 0 when the bootstrap is off or the series
     *     has fewer than 2 returns (every interval then undefined)
     */
    public record Result(int draws, long seed, double meanBlock, Interval sharpe, Interval cagr,
            Interval maxDrawdown) implements Serializable {

        /** No draw made. */
        public static Result none(Settings settings) {
            return new Result(0, settings.seed(), settings.meanBlock(), Interval.UNDEFINED, Interval.UNDEFINED,
                    Interval.UNDEFINED);
        }
    }

    private final Settings settings;
    private final RandomGenerator random;
    /** p = 1/L in units of 2⁻⁵³: a 53-bit uniform integer below it starts a new block (2⁵³ when L = 1: always). */
    private final long newBlock;

    private StationaryBootstrap(Settings settings, RandomGenerator random) {
        this.settings = settings;
        this.random = random;
        this.newBlock = (long) Math.ceil(0x1p53 / settings.meanBlock());
    }

    /** A bootstrap drawing from the given generator (tests script it; {@link #intervals} seeds its own). */
    static StationaryBootstrap withGenerator(Settings settings, RandomGenerator random) {
        return new StationaryBootstrap(settings, random);
    }

    /**
     * The intervals of a series of daily returns.
     *
     * @param returns daily simple returns (0.01 = +1%), in date order
     * @param cashRate yearly risk-free rate; the Sharpe ratio is of the returns over cashRate / 252
     * @throws IllegalArgumentException on a non-finite return
     */
    public static Result intervals(double[] returns, double cashRate, Settings settings) {
        for (int i = 0; i < returns.length; i++) {
            if (!Double.isFinite(returns[i])) {
                throw new IllegalArgumentException("return " + i + " is not finite: " + returns[i]);
            }
        }
        if (!settings.enabled() || returns.length < 2) {
            return Result.none(settings);
        }
        return new StationaryBootstrap(settings, new SplitMix64(settings.seed())).run(returns, cashRate);
    }

    Result run(double[] returns, double cashRate) {
        int draws = settings.draws();
        int[] indices = new int[returns.length];
        double[] sharpe = new double[draws];
        double[] cagr = new double[draws];
        double[] drawdown = new double[draws];
        double[] path = new double[3];
        double dailyRiskFree = cashRate / TRADING_DAYS;
        double shift = mean(returns);
        for (int d = 0; d < draws; d++) {
            resample(indices);
            pathStatistics(returns, indices, dailyRiskFree, shift, path);
            sharpe[d] = path[0];
            cagr[d] = path[1];
            drawdown[d] = path[2];
        }
        return new Result(draws, settings.seed(), settings.meanBlock(), interval(sharpe), interval(cagr),
                interval(drawdown));
    }

    /**
     * Fills {@code into} with the indices of the next draw (its length is the series' length). A
     * position starts a new block when the top 53 bits of the generator's next long, as a fraction
     * of 2⁵³, are below p = 1/L (the test {@code nextDouble() < p} without the conversion to double).
     */
    void resample(int[] into) {
        int n = into.length;
        int i = random.nextInt(n);
        into[0] = i;
        for (int t = 1; t < n; t++) {
            if ((random.nextLong() >>> 11) < newBlock) {
                i = random.nextInt(n);
            } else if (++i == n) {
                i = 0;
            }
            into[t] = i;
        }
    }

    /**
     * The Sharpe ratio, CAGR and maximum drawdown (into {@code out[0..2]}) of the series
     * returns[indices[0]], returns[indices[1]], …, compounded from 1 and ended at ruin, as described
     * in the class comment. One pass: the variance is of the returns shifted by {@code shift} (the
     * mean of the whole series, near every draw's mean, so the sums do not cancel).
     */
    static void pathStatistics(double[] returns, int[] indices, double dailyRiskFree, double shift, double[] out) {
        double equity = 1;
        double peak = 1;
        double worst = 1; // 1 + the maximum drawdown so far
        double sum = 0;
        double squares = 0;
        int days = indices.length;
        for (int t = 0; t < days; t++) {
            double r = returns[indices[t]];
            double d = r - shift;
            sum += d;
            squares += d * d;
            equity *= 1 + r;
            if (equity > peak) {
                peak = equity;
            } else if (equity < peak * worst) {
                worst = Math.min(worst, equity / peak);
            }
            if (equity <= 0) {
                days = t + 1;
                break;
            }
        }
        double sharpe = Double.NaN;
        if (days >= 2) {
            double meanShifted = sum / days;
            double sd = Math.sqrt(Math.max(0, (squares - sum * meanShifted) / (days - 1)));
            double mean = shift + meanShifted;
            sharpe = isConstant(sd, mean) ? Double.NaN : (mean - dailyRiskFree) / sd * ANNUAL;
        }
        out[0] = sharpe;
        out[1] = equity <= 0 ? -1 : Math.pow(equity, (double) TRADING_DAYS / days) - 1;
        out[2] = worst - 1;
    }

    /** {@link #pathStatistics(double[], int[], double, double, double[])} shifted by the series' mean. */
    static void pathStatistics(double[] returns, int[] indices, double dailyRiskFree, double[] out) {
        pathStatistics(returns, indices, dailyRiskFree, mean(returns), out);
    }

    private static double mean(double[] xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    /**
     * True when a standard deviation is zero or only the rounding noise of a constant series: below
     * 10⁻¹² of the mean's magnitude (the mean of n equal values is off by a few ulps, and so are the
     * deviations from it).
     */
    public static boolean isConstant(double sd, double mean) {
        return sd <= 1e-12 * Math.abs(mean);
    }

    /** The LOW and HIGH percentiles of the values that are not NaN; sorts {@code values}. */
    private static Interval interval(double[] values) {
        Arrays.sort(values); // NaN last
        int defined = values.length;
        while (defined > 0 && Double.isNaN(values[defined - 1])) {
            defined--;
        }
        if (defined == 0) {
            return Interval.UNDEFINED;
        }
        return new Interval(percentile(values, defined, LOW), percentile(values, defined, HIGH));
    }

    /**
     * The q-quantile of the first {@code count} values of {@code sorted} (ascending), by linear
     * interpolation between order statistics (type 7): h = (count − 1)·q,
     * Q = x_⌊h⌋ + (h − ⌊h⌋)·(x_⌊h⌋+1 − x_⌊h⌋).
     */
    static double percentile(double[] sorted, int count, double q) {
        if (count < 1 || count > sorted.length) {
            throw new IllegalArgumentException("count must be within 1.." + sorted.length + ", got " + count);
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be within 0..1, got " + q);
        }
        double h = (count - 1) * q;
        int lo = (int) Math.floor(h);
        double fraction = h - lo;
        if (fraction == 0) {
            return sorted[lo];
        }
        return sorted[lo] + fraction * (sorted[lo + 1] - sorted[lo]);
    }
}
