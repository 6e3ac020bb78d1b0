package dev.tradingpipeline.jobs.strategy.engine;

/**
 * Performance of one simulation. Returns and rates are fractions (0.095 = 9.5 %); drawdown is
 * negative. NaN where a figure is undefined (no trades, no variation, no drawdown, no loss).
 *
 * @param volatility annualised: standard deviation (n - 1) of daily returns x sqrt(252)
 * @param sharpe mean / standard deviation of daily excess returns over cashRate / 252, x sqrt(252)
 * @param sortino mean daily excess return / downside deviation (root mean square of the negative
 *     excess returns over all days), x sqrt(252)
 * @param calmar CAGR / |max drawdown|
 * @param winRate share of trades with P&amp;L &gt; 0
 * @param profitFactor gross profit / gross loss of trades (infinite with no losing trade)
 * @param averageExposure mean of exposure / equity over the days
 */
public record SimulationSummary(
        double totalReturn,
        double cagr,
        double volatility,
        double sharpe,
        double sortino,
        double maxDrawdown,
        double calmar,
        double winRate,
        double profitFactor,
        int tradeCount,
        double averageTrade,
        double averageExposure) {
}
