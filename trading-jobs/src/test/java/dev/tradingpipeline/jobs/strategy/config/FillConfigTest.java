package dev.tradingpipeline.jobs.strategy.config;

import static dev.tradingpipeline.jobs.strategy.config.ConfigFixtures.parse;
import static dev.tradingpipeline.jobs.strategy.config.ConfigFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.strategy.spec.ExecutionCosts;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import org.junit.jupiter.api.Test;

/** {@code fill}, {@code slippage} and {@code order-fee} in config.yaml. */
class FillConfigTest {

    private static final String VALID = "strategies:\n  - name: a\n    family: short_put\n    underlyings: [^SPX]\n";



    @Test
    void aSpreadFractionSlippageAndOrderFee() {
        ExecutionCosts fills = parse(VALID + "    fill: {at: mid, spread-fraction: 0.25}\n    slippage: 0.02\n"
                + "    order-fee: 1\n    commission: 0.5\n").get(0).spec().fills();
        assertThat(fills).isEqualTo(new ExecutionCosts(new FillModel(0.25, 0.02), 0.5, 1.0));
    }

    @Test
    void theShortFormsAndTheDefaults() {
        assertThat(parse(VALID).get(0).spec().fills()).isEqualTo(new ExecutionCosts(FillModel.MID, 0.65, 0));
        assertThat(parse(VALID + "    fill: far\n    slippage: 0.01\n").get(0).spec().fills())
                .isEqualTo(new ExecutionCosts(new FillModel(1, 0.01), 0.65, 0));
        assertThat(parse(VALID + "    fill: {at: far}\n").get(0).spec().fills().model()).isEqualTo(FillModel.FAR);
        assertThat(parse(VALID + "    fill: {spread-fraction: 0.5}\n").get(0).spec().fills().model())
                .isEqualTo(new FillModel(0.5, 0));
    }

    @Test
    void everyFillProblemAtOnce() {
        assertThat(problems(VALID + "    fill: {at: middle, spread-fracton: 0.2, slippage: 0.02}\n"
                + "    slippage: -0.01\n    order-fee: -1\n"
                + "  - name: b\n    family: short_put\n    underlyings: [^SPX]\n"
                + "    fill: {at: far, spread-fraction: 1.5}\n")).containsExactly(
                "config.yaml: strategies[0].fill.slippage: not a key of fill: write slippage: next to fill,"
                        + " in the strategy",
                "config.yaml: strategies[0].fill.spread-fracton: not a known key (did you mean 'spread-fraction'?)",
                "config.yaml: strategies[0].fill.at: expected mid or far, got 'middle'",
                "config.yaml: strategies[0].slippage: expected a slippage per share of option price >= 0"
                        + " (0.02 buys 0.02 above and sells 0.02 below the fill), got -0.01",
                "config.yaml: strategies[0].order-fee: expected a fee per order >= 0, got -1",
                "config.yaml: strategies[1].fill.spread-fraction: expected a fraction of the half-spread in [0, 1]"
                        + " (0 fills at the mid, 1 at the far side), got 1.5",
                "config.yaml: strategies[1].fill.spread-fraction: is measured from the mid: write at: mid"
                        + " (at: far is a fraction of 1)");
    }
}
