/**
 * One configured strategy as values: {@link dev.tradingpipeline.jobs.strategy.spec.StrategySpec}
 * (what it trades, when, and with which money) and what it is made of: its
 * {@link dev.tradingpipeline.jobs.strategy.spec.Leg}s (the built-in
 * {@link dev.tradingpipeline.jobs.strategy.spec.Families} are presets of them), entry schedule, exit
 * rules, {@link dev.tradingpipeline.jobs.strategy.spec.ExecutionCosts} (fill model, commission,
 * fee), sizing and margin, early assignment and universe. Immutable and serializable: the
 * configuration ({@code strategy.config}) builds them, the engine runs them, the Spark job ships
 * them to its executors.
 *
 * <p>A user strategy's constructor may take its {@code StrategySpec} to read its entry (its
 * {@code parameters()} are the entry's {@code params:}); see {@code strategy.api}. Plain Java, no Spark.
 */
package dev.tradingpipeline.jobs.strategy.spec;
