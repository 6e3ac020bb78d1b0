package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.engine.Metrics;
import java.util.Arrays;

/**
 * Rolling Sharpe ratio and volatility over a window of daily returns, with the definitions of
 * {@code Metrics}: the value on day i is computed from the {@code window} returns of days
 * i - window + 1 to i (NaN before the window is full);
 * <ul>
 *   <li>volatility: sample standard deviation (n - 1) of the returns x sqrt(252);</li>
 *   <li>Sharpe: mean / sample standard deviation of the excess returns over {@code cashRate / 252},
 *       x sqrt(252); NaN where the window's returns do not vary (standard deviation below
 *       {@value #FLAT}: an account that held nothing, whose ratio would be rounding noise).</li>
 * </ul>
 */
final class RollingStatistics {

    /** A quarter of trading days, as quantstats and pyfolio draw by default (126 and 63). */
    static final int WINDOW = 63;
    /** Below this standard deviation of daily returns a window is flat: no Sharpe ratio. */
    static final double FLAT = 1e-10;

    private static final double ANNUAL = Math.sqrt(Metrics.TRADING_DAYS);

    private RollingStatistics() {
    }

    static double[] sharpe(double[] returns, int window, double cashRate) {
        double dailyRf = cashRate / Metrics.TRADING_DAYS;
        return rolling(returns, window, (mean, sd) -> sd < FLAT ? Double.NaN : (mean - dailyRf) / sd * ANNUAL);
    }

    static double[] volatility(double[] returns, int window) {
        return rolling(returns, window, (mean, sd) -> sd * ANNUAL);
    }

    private interface Statistic {
        double of(double mean, double sd);
    }

    /** Two passes over each window: exact to rounding, and cheap at 63 values per day. */
    private static double[] rolling(double[] returns, int window, Statistic statistic) {
        if (window < 2) {
            throw new IllegalArgumentException("a rolling standard deviation needs a window of 2 or more, got "
                    + window);
        }
        double[] out = new double[returns.length];
        Arrays.fill(out, Double.NaN);
        for (int end = window - 1; end < returns.length; end++) {
            double sum = 0;
            for (int t = end - window + 1; t <= end; t++) {
                sum += returns[t];
            }
            double mean = sum / window;
            double squares = 0;
            for (int t = end - window + 1; t <= end; t++) {
                squares += (returns[t] - mean) * (returns[t] - mean);
            }
            out[end] = statistic.of(mean, Math.sqrt(squares / (window - 1)));
        }
        return out;
    }
}
