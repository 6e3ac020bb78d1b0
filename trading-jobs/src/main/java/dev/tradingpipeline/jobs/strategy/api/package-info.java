/**
 * The stable API for users' own strategies: what a strategy class (named with {@code class:} in
 * config.yaml) implements, receives and returns. Plain Java, no Spark. Types here change only in
 * ways that keep existing strategies compiling; everything else in {@code dev.tradingpipeline.jobs.strategy}
 * may change between versions.
 *
 * <ul>
 *   <li>{@link dev.tradingpipeline.jobs.strategy.api.Strategy}: the interface to implement; the
 *       engine calls {@code onDay} once per trading day at the 15:45 snapshot. A strategy class has
 *       a public constructor taking a {@link dev.tradingpipeline.jobs.strategy.spec.StrategySpec}
 *       (its configuration entry; {@code parameters()} holds its {@code params:}) or none.</li>
 *   <li>{@link dev.tradingpipeline.jobs.strategy.api.DayChain}: one underlying's day, with its
 *       {@link dev.tradingpipeline.jobs.strategy.api.OptionQuote}s, each naming its contract by a
 *       {@link dev.tradingpipeline.jobs.strategy.api.ContractKey} and an
 *       {@link dev.tradingpipeline.jobs.strategy.api.OptionRight}.</li>
 *   <li>{@link dev.tradingpipeline.jobs.strategy.api.PortfolioView}: the strategy's own book, read-only:
 *       its open {@link dev.tradingpipeline.jobs.strategy.api.Position}s and their
 *       {@link dev.tradingpipeline.jobs.strategy.api.PositionLeg}s, cash, equity, free capital.</li>
 *   <li>{@link dev.tradingpipeline.jobs.strategy.api.Order}: what a strategy returns: open a position of
 *       {@link dev.tradingpipeline.jobs.strategy.api.LegOrder}s, or close one with an
 *       {@link dev.tradingpipeline.jobs.strategy.api.ExitReason}.</li>
 *   <li>{@link dev.tradingpipeline.jobs.strategy.api.Notes}: where a strategy says why it did not
 *       trade; the notes reach the run's tables and report.</li>
 *   <li>{@link dev.tradingpipeline.jobs.strategy.api.TradingCalendar}: the NYSE's trading days by rule
 *       (when an expiration on a holiday settles).</li>
 * </ul>
 *
 * <p>Also part of what a strategy may use: {@link dev.tradingpipeline.jobs.strategy.spec.StrategySpec}
 * and the value types it is made of ({@code strategy.spec}), to read its configuration entry.
 * Not API: {@code strategy.engine} (the simulation: fills, settlement, marks, margin, metrics),
 * {@code strategy.config} (reading config.yaml) and {@code strategy.spark} (the Spark job).
 *
 * <p>Money conventions: one option contract (and one unit of an underlying leg) is 100 shares
 * ({@link dev.tradingpipeline.jobs.strategy.api.Position#MULTIPLIER}); a quantity is signed
 * (long &gt; 0); prices are per share.
 */
package dev.tradingpipeline.jobs.strategy.api;
