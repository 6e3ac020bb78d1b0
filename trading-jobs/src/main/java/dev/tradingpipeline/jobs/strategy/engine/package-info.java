/**
 * The backtester's engine (not API: it may change between versions; user strategies use
 * {@code strategy.api}): plain Java, no Spark, so that a Spark job can run one simulation per
 * (strategy, underlying, parameter set) inside a task and tests can drive it with a few quotes.
 *
 * <p>The flow of one simulation: a {@link dev.tradingpipeline.jobs.strategy.engine.StrategyEngine} is
 * fed one {@link dev.tradingpipeline.jobs.strategy.api.DayChain} at a time in date order; on each day
 * it asks its {@link dev.tradingpipeline.jobs.strategy.api.Strategy} for orders (decided on the 15:45
 * snapshot, the only one with greeks), fills them at 15:45 quotes, settles expired contracts at
 * intrinsic value, marks what is left at the end-of-day mid and records the day. Because the
 * engine only ever holds the days it has been given, a decision cannot see the future.
 * {@link dev.tradingpipeline.jobs.strategy.engine.StrategyEngine#result()} gives the trades, the daily
 * series and the notes; {@link dev.tradingpipeline.jobs.strategy.engine.Metrics} turns them into a
 * {@link dev.tradingpipeline.jobs.strategy.engine.SimulationSummary}.
 *
 * <p>Also here: the engine's book ({@link dev.tradingpipeline.jobs.strategy.engine.OpenPosition},
 * what strategies see as an {@code api.Position}), collateral and Reg T margin, early assignment,
 * settlement and marks, the built-in rule-based strategy, the shared account of a portfolio, and
 * what is computed from a simulation's series (metrics, statistics, benchmark comparison,
 * walk-forward).
 *
 * <p>Money conventions: one option contract (and one "unit" of an underlying leg) is 100 shares;
 * a quantity is signed (long &gt; 0); buying costs {@code quantity x price x 100} of cash.
 */
package dev.tradingpipeline.jobs.strategy.engine;
