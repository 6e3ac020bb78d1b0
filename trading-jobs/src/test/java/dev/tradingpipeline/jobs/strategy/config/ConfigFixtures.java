package dev.tradingpipeline.jobs.strategy.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import java.util.List;
import java.util.Map;

/** The strategies of a config.yaml text, or the problems it has, for the config tests. */
final class ConfigFixtures {

    private ConfigFixtures() {
    }

    static List<StrategyDefinition> parse(String yaml) {
        return StrategyConfig.parse(TradingConfig.parse(yaml, "config.yaml", ".", Map.of(), "--set "));
    }

    /** The problem lines of the one exception a bad configuration gives. */
    static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).startsWith("Invalid configuration:\n  - ");
            return e.problems().stream().map(Problem::line).toList();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }
}
