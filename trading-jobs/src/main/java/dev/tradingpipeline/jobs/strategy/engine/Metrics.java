package dev.tradingpipeline.jobs.strategy.engine;

import java.util.List;

/** Turns a daily equity series and trade P&amp;Ls into a {@link SimulationSummary}; 252 trading days a year. */
public final class Metrics {

    public static final int TRADING_DAYS = 252;

    private Metrics() {
    }

    public static SimulationSummary summarize(SimulationResult result) {
        double[] equity = result.daily().stream().mapToDouble(DailyRow::equity).toArray();
        double[] exposure = result.daily().stream().mapToDouble(DailyRow::exposure).toArray();
        double[] pnls = result.trades().stream().mapToDouble(Trade::pnl).toArray();
        return summarize(result.initialCapital(), equity, exposure, pnls, result.cashRate());
    }

    /**
     * @param initialCapital the equity before the first day: the base of the first daily return
     * @param equity end-of-day equity, one per trading day; the series ends at the first day at or
     *     below zero (ruin), as no return can be computed from there
     * @param exposure per day, same length as equity (or empty to skip average exposure)
     * @param tradePnls net P&amp;L per trade
     * @param cashRate yearly risk-free rate for Sharpe and Sortino
     */
    public static SimulationSummary summarize(double initialCapital, double[] equity, double[] exposure, double[] tradePnls,
            double cashRate) {
        double[] returns = dailyReturns(initialCapital, equity);
        int n = returns.length;
        double peak = initialCapital;
        double maxDrawdown = 0;
        for (int i = 0; i < n; i++) {
            peak = Math.max(peak, equity[i]);
            maxDrawdown = Math.min(maxDrawdown, equity[i] / peak - 1);
        }
        double last = n == 0 ? initialCapital : equity[n - 1];
        double totalReturn = last / initialCapital - 1;
        double cagr = n == 0 ? Double.NaN
                : last <= 0 ? -1 : Math.pow(last / initialCapital, (double) TRADING_DAYS / n) - 1;

        double dailyRf = cashRate / TRADING_DAYS;
        double[] excess = new double[n];
        double downsideSquares = 0;
        for (int i = 0; i < n; i++) {
            excess[i] = returns[i] - dailyRf;
            downsideSquares += Math.pow(Math.min(excess[i], 0), 2);
        }
        double annual = Math.sqrt(TRADING_DAYS);
        double sd = stdev(returns);
        double meanExcess = mean(excess);
        double sharpe = ratio(meanExcess, stdev(excess)) * annual;
        double sortino = n == 0 ? Double.NaN : ratio(meanExcess, Math.sqrt(downsideSquares / n)) * annual;
        double calmar = maxDrawdown == 0 ? Double.NaN : cagr / Math.abs(maxDrawdown);

        int wins = 0;
        double grossProfit = 0;
        double grossLoss = 0;
        for (double pnl : tradePnls) {
            if (pnl > 0) {
                wins++;
                grossProfit += pnl;
            } else {
                grossLoss -= pnl;
            }
        }
        int trades = tradePnls.length;
        double winRate = trades == 0 ? Double.NaN : (double) wins / trades;
        double profitFactor = trades == 0 ? Double.NaN
                : grossLoss == 0 ? (grossProfit > 0 ? Double.POSITIVE_INFINITY : Double.NaN) : grossProfit / grossLoss;
        double averageTrade = trades == 0 ? Double.NaN : mean(tradePnls);

        double averageExposure = Double.NaN;
        if (exposure.length >= n && exposure.length == equity.length && n > 0) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += equity[i] == 0 ? 0 : exposure[i] / equity[i];
            }
            averageExposure = sum / n;
        }
        return new SimulationSummary(totalReturn, cagr, sd * annual, sharpe, sortino, maxDrawdown, calmar, winRate,
                profitFactor, trades, averageTrade, averageExposure);
    }

    /**
     * Each day's equity over the previous day's, less 1 (the first day's over {@code initialCapital}),
     * ending on the first day at or below zero: no return can be computed from there (ruin).
     */
    public static double[] dailyReturns(double initialCapital, double[] equity) {
        int n = equity.length;
        for (int i = 0; i < n; i++) {
            if (equity[i] <= 0) {
                n = i + 1;
                break;
            }
        }
        double[] returns = new double[n];
        double previous = initialCapital;
        for (int i = 0; i < n; i++) {
            returns[i] = equity[i] / previous - 1;
            previous = equity[i];
        }
        return returns;
    }

    /** SimulationSummary of an equity series without trades or exposure (for benchmarks and tests). */
    public static SimulationSummary summarize(double initialCapital, List<Double> equity, double cashRate) {
        return summarize(initialCapital, equity.stream().mapToDouble(Double::doubleValue).toArray(), new double[0],
                new double[0], cashRate);
    }

    private static double mean(double[] xs) {
        if (xs.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    /** Sample standard deviation (n - 1); NaN below two values. */
    private static double stdev(double[] xs) {
        if (xs.length < 2) {
            return Double.NaN;
        }
        double m = mean(xs);
        double squares = 0;
        for (double x : xs) {
            squares += (x - m) * (x - m);
        }
        return Math.sqrt(squares / (xs.length - 1));
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 || Double.isNaN(denominator) ? Double.NaN : numerator / denominator;
    }
}
