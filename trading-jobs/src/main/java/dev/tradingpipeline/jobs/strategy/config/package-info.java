/**
 * The {@code strategies:} section of config.yaml: {@link
 * dev.tradingpipeline.jobs.strategy.config.StrategyConfig} validates it into {@link
 * dev.tradingpipeline.jobs.strategy.config.StrategyDefinition}s (built-in family or explicit legs,
 * an optional user class, a parameter sweep) and expands sweeps into the core's {@link
 * dev.tradingpipeline.jobs.strategy.spec.StrategySpec}s. Plain Java, no Spark.
 */
package dev.tradingpipeline.jobs.strategy.config;
