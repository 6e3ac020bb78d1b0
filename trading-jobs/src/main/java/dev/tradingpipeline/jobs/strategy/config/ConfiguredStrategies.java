package dev.tradingpipeline.jobs.strategy.config;

import java.util.List;

/**
 * What config.yaml asks the strategy mode to run: its {@code strategies:} and the
 * {@code portfolios:} built from them, validated together ({@link StrategyConfig#configured}).
 */
public record ConfiguredStrategies(List<StrategyDefinition> strategies, List<PortfolioDefinition> portfolios) {

    public ConfiguredStrategies {
        strategies = List.copyOf(strategies);
        portfolios = List.copyOf(portfolios);
    }
}
