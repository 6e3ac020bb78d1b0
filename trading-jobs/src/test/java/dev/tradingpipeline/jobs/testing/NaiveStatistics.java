package dev.tradingpipeline.jobs.testing;

/**
 * Textbook computations the tests check the project's own against: two passes over plain arrays,
 * written for clarity, not speed.
 */
public final class NaiveStatistics {

    private NaiveStatistics() {
    }

    /** Pearson's correlation of two series of one length: covariance over the product of the spreads. */
    public static double pearson(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " values against " + y.length);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
