package dev.tradingpipeline.jobs.strategy.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.strategy.spec.Margin;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code margin: cash|reg-t} of a strategy. */
class MarginConfigTest {

    private static List<StrategyDefinition> parse(String yaml) {
        return StrategyConfig.parse(TradingConfig.parse(yaml, "config.yaml", ".", Map.of(), "--set "));
    }

    @Test
    void marginDefaultsToCashAndReadsRegT() {
        String base = "strategies:\n  - name: a\n    family: short_put\n    underlyings: [^SPX]\n";
        assertThat(parse(base).get(0).spec().sizing()).isEqualTo(Sizing.fromCapital(100_000));
        assertThat(parse(base).get(0).spec().sizing().margin()).isEqualTo(Margin.CASH);
        assertThat(parse(base + "    margin: reg-t\n").get(0).spec().sizing())
                .isEqualTo(Sizing.fromCapital(100_000).withMargin(Margin.REG_T));
        assertThat(parse(base + "    margin: REG-T\n    contracts: 3\n").get(0).spec().sizing())
                .isEqualTo(Sizing.fixed(100_000, 3).withMargin(Margin.REG_T));
        assertThat(parse(base + "    margin: cash\n").get(0).spec().sizing().margin()).isEqualTo(Margin.CASH);
        // a sweep's points keep it
        List<StrategyDefinition> swept = parse(base + "    margin: reg-t\n    sweep: {delta: [0.2, 0.3]}\n");
        assertThat(StrategyConfig.expand(swept.get(0))).allMatch(s -> s.sizing().margin() == Margin.REG_T);
    }

    @Test
    void aBadMarginIsReportedWithTheOtherProblems() {
        try {
            parse("strategies:\n  - name: a\n    family: short_put\n    underlyings: [^SPX]\n    margin: regt\n"
                    + "    capital: 0\n");
        } catch (ConfigException e) {
            List<String> problems = e.problems().stream().map(Problem::line).toList();
            assertThat(problems).containsExactly(
                    "config.yaml: strategies[0].capital: expected a capital > 0, got 0",
                    "config.yaml: strategies[0].margin: expected cash or reg-t, got 'regt' (did you mean 'reg-t'?)");
            return;
        }
        throw new AssertionError("expected a ConfigException");
    }
}
