package dev.tradingpipeline.jobs.strategy.config;

import static dev.tradingpipeline.jobs.strategy.config.ConfigFixtures.parse;
import static dev.tradingpipeline.jobs.strategy.config.ConfigFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.strategy.spec.Universe;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code roots} and {@code include-nonstandard} in config.yaml. */
class UniverseConfigTest {

    private static final String VALID = "strategies:\n  - name: a\n    family: short_put\n    underlyings: [^SPX]\n";



    @Test
    void rootsAndIncludeNonstandard() {
        assertThat(parse(VALID).get(0).spec().universe()).isEqualTo(Universe.STANDARD);
        assertThat(parse(VALID + "    roots: [SPXW, spx]\n").get(0).spec().universe())
                .isEqualTo(new Universe(List.of("SPXW", "SPX"), false));
        assertThat(parse(VALID + "    roots: SPXW\n    include-nonstandard: true\n").get(0).spec().universe())
                .isEqualTo(new Universe(List.of("SPXW"), true));
    }

    @Test
    void aSweepKeepsTheUniverse() {
        StrategyDefinition d = parse(VALID + "    roots: [SPXW]\n    sweep: {delta: [0.2, 0.3]}\n").get(0);
        List<StrategySpec> specs = StrategyConfig.expand(d);
        assertThat(specs).hasSize(2);
        assertThat(specs).extracting(StrategySpec::universe).containsOnly(new Universe(List.of("SPXW"), false));
    }

    @Test
    void everyUniverseProblemAtOnce() {
        assertThat(problems(VALID + "    roots: [SPXW, '', SPXW, {a: 1}]\n    include-nonstandard: maybe\n"
                + "  - name: b\n    family: short_put\n    underlyings: [AAPL]\n    roots: []\n"
                + "  - name: c\n    family: short_put\n    underlyings: [AAPL]\n    roots: [AAPL1]\n"
                + "    incude-nonstandard: true\n")).containsExactly(
                "config.yaml: strategies[0].roots[1]: expected a root, e.g. SPXW, got ''",
                "config.yaml: strategies[0].roots[2]: 'SPXW' is listed twice",
                "config.yaml: strategies[0].roots[3]: expected a root, e.g. SPXW, got a mapping",
                "config.yaml: strategies[0].include-nonstandard: expected true or false, got 'maybe'",
                "config.yaml: strategies[1].roots: expected at least one root, e.g. [SPXW]; leave roots out for"
                        + " every root",
                "config.yaml: strategies[2].incude-nonstandard: not a known key (did you mean"
                        + " 'include-nonstandard'?)",
                "config.yaml: strategies[2].roots: AAPL1 is an adjusted root of AAPL (non-standard deliverable):"
                        + " add include-nonstandard: true to trade it");
    }
}
