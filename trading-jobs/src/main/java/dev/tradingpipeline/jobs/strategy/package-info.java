/**
 * The backtester's core: plain Java, no Spark, so that a Spark job can run one simulation per
 * (strategy, underlying, parameter set) inside a task and tests can drive it with a few quotes.
 *
 * <p>The flow of one simulation: a {@link dev.tradingpipeline.jobs.strategy.StrategyEngine} is
 * fed one {@link dev.tradingpipeline.jobs.strategy.DayChain} at a time in date order; on each day
 * it asks its {@link dev.tradingpipeline.jobs.strategy.Strategy} for orders (decided on the 15:45
 * snapshot, the only one with greeks), fills them at 15:45 quotes, settles expired contracts at
 * intrinsic value, marks what is left at the end-of-day mid and records the day. Because the
 * engine only ever holds the days it has been given, a decision cannot see the future.
 * {@link dev.tradingpipeline.jobs.strategy.StrategyEngine#result()} gives the trades, the daily
 * series and the notes; {@link dev.tradingpipeline.jobs.strategy.Metrics} turns them into a
 * {@link dev.tradingpipeline.jobs.strategy.Summary}.
 *
 * <p>Money conventions: one option contract (and one "unit" of an underlying leg) is 100 shares;
 * a quantity is signed (long &gt; 0); buying costs {@code quantity x price x 100} of cash.
 */
package dev.tradingpipeline.jobs.strategy;
