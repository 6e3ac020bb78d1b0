/**
 * Backtests of option strategies, in five packages:
 * <ul>
 *   <li>{@code api}: the stable API for users' own strategies ({@code Strategy}, {@code DayChain},
 *       {@code Order}, ...);</li>
 *   <li>{@code spec}: one configured strategy as values ({@code StrategySpec} and its parts);</li>
 *   <li>{@code engine}: the simulation, one strategy on one underlying fed a day at a time, and
 *       what is computed from its series;</li>
 *   <li>{@code config}: the {@code strategies:} and {@code portfolios:} sections of config.yaml;</li>
 *   <li>{@code spark}: the Spark job that runs simulations over the silver table and writes the
 *       gold tables.</li>
 * </ul>
 * Only {@code api} and {@code spec} are for users' code; the engine and below may change.
 */
package dev.tradingpipeline.jobs.strategy;
