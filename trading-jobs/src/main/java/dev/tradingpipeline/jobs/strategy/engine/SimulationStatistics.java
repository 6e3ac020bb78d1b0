package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.statistics.SharpeStatistics;
import dev.tradingpipeline.jobs.statistics.StationaryBootstrap;
import java.io.Serializable;

/**
 * How far a simulation's figures can be trusted given how few days it covers: the probabilistic
 * Sharpe ratio against 0 and the stationary bootstrap's 5%–95% intervals of its Sharpe ratio, CAGR
 * and maximum drawdown ({@link StationaryBootstrap}), all from its daily returns.
 *
 * <p>The daily returns are those {@link Metrics} computes: equity over the previous day's (the
 * starting capital before the first day), less 1, ending on the first day at or below zero (ruin).
 * The PSR is {@link SharpeStatistics#probabilisticSharpe(double[], double)} of the returns in excess
 * of cashRate / 252, against 0: the probability that the true Sharpe ratio, as the summary's
 * {@code sharpe} defines it, is above zero given the series' length, skewness and kurtosis. NaN
 * with fewer than 2 returns or when they do not vary ({@link StationaryBootstrap#isConstant}).
 *
 * <p>Spark-free and cheap (1,000 draws of a year of days take a few milliseconds): the job computes
 * it in the executors for each simulation, and the driver can call {@link #of(double, double[],
 * double, StationaryBootstrap.Settings)} on a derived series (walk-forward, portfolio).
 *
 * @param psr probabilistic Sharpe ratio against 0, NaN when undefined
 * @param bootstrap the intervals, with the draws made (0: off, or fewer than 2 returns)
 */
public record SimulationStatistics(double psr, StationaryBootstrap.Result bootstrap)
        implements Serializable {

    /** Statistics of no return at all: PSR NaN, no draw. */
    public static SimulationStatistics none(StationaryBootstrap.Settings settings) {
        return new SimulationStatistics(Double.NaN, StationaryBootstrap.Result.none(settings));
    }

    public static SimulationStatistics of(SimulationResult result, StationaryBootstrap.Settings settings) {
        double[] equity = result.daily().stream().mapToDouble(DailyRow::equity).toArray();
        return of(result.initialCapital(), equity, result.cashRate(), settings);
    }

    /**
     * @param initialCapital the equity before the first day: the base of the first daily return
     * @param equity end-of-day equity, one per trading day
     * @param cashRate yearly risk-free rate, as the simulation's
     */
    public static SimulationStatistics of(double initialCapital, double[] equity, double cashRate,
            StationaryBootstrap.Settings settings) {
        double[] returns = dailyReturns(initialCapital, equity);
        return new SimulationStatistics(probabilisticSharpe(returns, cashRate),
                StationaryBootstrap.intervals(returns, cashRate, settings));
    }

    /** Daily returns as {@link Metrics#dailyReturns} computes them: ending on the first day at or below zero. */
    public static double[] dailyReturns(double initialCapital, double[] equity) {
        return Metrics.dailyReturns(initialCapital, equity);
    }

    /** PSR(0) of the returns in excess of cashRate / 252; NaN below 2 returns or when they do not vary. */
    static double probabilisticSharpe(double[] returns, double cashRate) {
        int n = returns.length;
        if (n < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (double r : returns) {
            sum += r;
        }
        double mean = sum / n;
        double squares = 0;
        for (double r : returns) {
            squares += (r - mean) * (r - mean);
        }
        if (StationaryBootstrap.isConstant(Math.sqrt(squares / (n - 1)), mean)) {
            return Double.NaN;
        }
        double dailyRiskFree = cashRate / Metrics.TRADING_DAYS;
        double[] excess = new double[n];
        for (int i = 0; i < n; i++) {
            excess[i] = returns[i] - dailyRiskFree;
        }
        try {
            return SharpeStatistics.probabilisticSharpe(excess, 0);
        } catch (IllegalArgumentException e) {
            // moments no sample has but a two-valued one can come near (1 - γ3·SR + (γ4-1)/4·SR² = 0)
            return Double.NaN;
        }
    }

    /** The bootstrap settings of {@code statistics.bootstrap.*}. */
    public static StationaryBootstrap.Settings settings(TradingConfig config) {
        return new StationaryBootstrap.Settings(config.getInt(ConfigKeys.STATISTICS_BOOTSTRAP_DRAWS),
                config.getInt(ConfigKeys.STATISTICS_BOOTSTRAP_SEED),
                config.getInt(ConfigKeys.STATISTICS_BOOTSTRAP_MEAN_BLOCK));
    }
}
