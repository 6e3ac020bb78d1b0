package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.LegOrder;
import dev.tradingpipeline.jobs.strategy.api.Notes;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.api.Order;
import dev.tradingpipeline.jobs.strategy.api.PortfolioView;
import dev.tradingpipeline.jobs.strategy.api.Strategy;
import dev.tradingpipeline.jobs.strategy.spec.Families;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategyLoaderTest {

    /**
     * A user strategy as a user would write one: buy one 100 call on the first day, using nothing
     * but the public API, then hold it to expiry.
     */
    public static final class BuyOneCall implements Strategy {
        private final double strike;

        public BuyOneCall(StrategySpec spec) {
            this.strike = spec.parameters().getOrDefault("strike", 100.0);
        }

        @Override
        public List<Order> onDay(DayChain day, PortfolioView portfolio, Notes notes) {
            if (!portfolio.positions().isEmpty()) {
                return List.of();
            }
            return day.quotes().stream()
                    .filter(q -> q.right() == OptionRight.CALL && q.strike() == strike)
                    .findFirst()
                    .<List<Order>>map(q -> List.of(new Order.Open(List.of(new LegOrder(q.key(), 1)))))
                    .orElseGet(() -> {
                        notes.add("no " + strike + " call");
                        return List.of();
                    });
        }
    }

    private static final StrategySpec SPEC = StrategySpec.builder("mine").underlyings(Chains.UNDERLYING)
            .parameters(java.util.Map.of("strike", 100.0)).fills(FillModel.FAR, 0.65).build();

    @Test
    void userStrategyRunsThroughTheSameEngine() {
        Strategy mine = StrategyLoader.load(BuyOneCall.class.getName(), SPEC, getClass().getClassLoader());
        StrategyEngine engine = new StrategyEngine(SPEC, mine);
        engine.onDay(Chains.day("2024-01-02", 100).call("2024-02-01", 100, 1.90, 2.10, 0.5).build());
        engine.onDay(Chains.day("2024-02-01", 104).build());

        Trade t = engine.result().trades().get(0);
        // bought at the ask 2.10, settled at 104 - 100 = 4: (4 - 2.10) x 100 - 0.65 = 189.35
        assertThat(t.exitReason()).isEqualTo(ExitReason.EXPIRY);
        assertThat(t.pnl()).isCloseTo(189.35, within(1e-9));
    }

    @Test
    void withoutAClassTheSpecsLegsRun() {
        assertThat(StrategyLoader.load(null, withALeg(), getClass().getClassLoader()))
                .isInstanceOf(RuleBasedStrategy.class);
    }

    @Test
    void theRuleBasedStrategysNameFromBeforeItsPackageMovedStillLoadsIt() {
        assertThat(StrategyLoader.load("dev.tradingpipeline.jobs.strategy.RuleBasedStrategy", withALeg(),
                getClass().getClassLoader())).isInstanceOf(RuleBasedStrategy.class);
        assertThat(StrategyLoader.MOVED).allSatisfy((from, to) -> assertThat(
                StrategyLoader.load(from, withALeg(), getClass().getClassLoader()).getClass().getName()).isEqualTo(to));
    }

    @Test
    void badClassesAreNamed() {
        ClassLoader cl = getClass().getClassLoader();
        assertThatThrownBy(() -> StrategyLoader.load("com.example.Nope", SPEC, cl))
                .hasMessageContaining("com.example.Nope is not on the class path");
        assertThatThrownBy(() -> StrategyLoader.load(String.class.getName(), SPEC, cl))
                .hasMessageContaining("does not implement");
    }

    private static StrategySpec withALeg() {
        return StrategySpec.builder("rules").legs(Families.of("short_put", java.util.Map.of())).build();
    }
}
