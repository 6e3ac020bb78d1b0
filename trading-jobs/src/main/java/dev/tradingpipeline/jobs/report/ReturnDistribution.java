package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.statistics.SharpeStatistics;

/**
 * The distribution of a simulation's daily returns ({@link DailyReturns}): its moments and a
 * histogram of equal-width bins from the smallest return to the largest.
 *
 * <p>The mean is the arithmetic mean; the standard deviation is the sample one (n - 1, as the
 * volatility); skewness and kurtosis are {@link SharpeStatistics#moments}'s, the definitions the
 * probabilistic Sharpe ratio takes (central moments with divisor n: m3 / m2^1.5 and m4 / m2^2; a
 * normal distribution has kurtosis 3).
 * The number of bins is Rice's rule, ceil(2 n^(1/3)), kept between {@value #MIN_BINS} and
 * {@value #MAX_BINS}; each bin holds [lower, upper), the last one also its upper edge.
 *
 * @param skewness NaN when every return is the same
 * @param kurtosis NaN when every return is the same
 * @param counts returns per bin, lowest bin first; empty without returns
 */
record ReturnDistribution(int n, double mean, double stdev, double skewness, double kurtosis, double min, double max,
        double binWidth, int[] counts) {

    static final int MIN_BINS = 5;
    static final int MAX_BINS = 40;

    static ReturnDistribution of(double[] returns) {
        int n = returns.length;
        if (n == 0) {
            return new ReturnDistribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, new int[0]);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double r : returns) {
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        // the moments as the probabilistic Sharpe ratio takes them: one definition
        SharpeStatistics.Moments m = n < 2 ? null : SharpeStatistics.moments(returns);
        double mean = m == null ? returns[0] : m.mean();
        double stdev = m == null ? Double.NaN : m.stdev();
        double skewness = m == null ? Double.NaN : m.skewness();
        double kurtosis = m == null ? Double.NaN : m.kurtosis();
        int bins = bins(n);
        double width = (max - min) / bins;
        int[] counts = new int[bins];
        for (double r : returns) {
            counts[bin(r, min, width, bins)]++;
        }
        return new ReturnDistribution(n, mean, stdev, skewness, kurtosis, min, max, width, counts);
    }

    static int bins(int n) {
        return Math.max(MIN_BINS, Math.min(MAX_BINS, (int) Math.ceil(2 * Math.cbrt(n))));
    }

    private static int bin(double r, double min, double width, int bins) {
        if (width <= 0) {
            return bins / 2; // every return the same: one bar in the middle
        }
        return Math.min(bins - 1, (int) Math.floor((r - min) / width));
    }

    /** The lower edge of bin {@code i}. */
    double lower(int i) {
        return binWidth > 0 ? min + i * binWidth : min;
    }
}
