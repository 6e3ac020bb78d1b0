package dev.tradingpipeline.jobs.strategy.engine;

import static dev.tradingpipeline.jobs.strategy.engine.Chains.entryDay;
import static dev.tradingpipeline.jobs.strategy.engine.Chains.shortPut;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.LegOrder;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.api.Order;
import dev.tradingpipeline.jobs.strategy.api.Strategy;
import dev.tradingpipeline.jobs.strategy.spec.Assignment;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Early assignment. The case: XYZ (an equity: American) at 100 on 2024-01-02, the 100 put
 * expiring 2024-02-01 sold at mid 2.00 (credit 200, 0.65 commission). On 2024-01-03 XYZ is at 90
 * at 15:45 and closes at 89; the put is quoted 10.00 / 10.06, mid 10.03: intrinsic 100 - 90 = 10,
 * extrinsic 0.03, below the default 0.05.
 */
class EarlyAssignmentTest {

    private static final double EPS = 1e-9;
    private static final String EXP = "2024-02-01";
    private static final LocalDate DAY2 = LocalDate.parse("2024-01-03");



    private static DayChain deepDay() {
        return Chains.day("2024-01-03", 90).close(89).put(EXP, 100, 10.00, 10.06, -0.99).build();
    }

    private static SimulationResult run(StrategySpec spec, Strategy strategy, DayChain... days) {
        StrategyEngine engine = strategy == null ? new StrategyEngine(spec) : new StrategyEngine(spec, strategy);
        for (DayChain d : days) {
            engine.onDay(d);
        }
        return engine.result();
    }

    @Test
    void aShortItmEquityPutWithLittleExtrinsicIsAssignedAndTheStockSoldAtTheClose() {
        SimulationResult r = run(shortPut().build(), null, entryDay(), deepDay());

        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.ASSIGNED);
        assertThat(t.exitDate()).isEqualTo(DAY2);
        // the put ends at 0 (the 200 credit is kept); 100 shares bought at the strike 100, sold at the close 89
        assertThat(t.legs()).extracting(TradeLeg::instrument, TradeLeg::quantity, TradeLeg::entryPrice,
                TradeLeg::exitPrice).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("XYZ 2024-02-01 100 P", -1, 2.00, 0.0),
                        org.assertj.core.groups.Tuple.tuple("underlying", 1, 100.0, 89.0));
        // +200 on the put, (89 - 100) x 100 = -1100 on the stock, one 0.65 commission: -900.65
        assertThat(t.pnl()).isCloseTo(-900.65, within(EPS));
        // cash 100199.35 - 10000 + 8900 = 99099.35, nothing open; unassigned it would mark at
        // 10.03: 100199.35 - 1003 = 99196.35
        assertThat(r.daily().get(1).equity()).isCloseTo(99_099.35, within(EPS));
        assertThat(r.daily().get(1).cash()).isCloseTo(99_099.35, within(EPS));
        assertThat(r.notes()).anyMatch(n -> n.contains("XYZ 2024-02-01 100 P assigned at 100")
                && n.contains("bought 100 shares"));
    }

    @Test
    void theSamePutOnAnIndexIsNotAssigned() {
        StrategySpec spec = shortPut()
                .assignment(new Assignment(0.05, Assignment.Then.CLOSE, Set.of(Chains.UNDERLYING))).build();
        SimulationResult r = run(spec, null, entryDay(), deepDay());

        // still open, marked at mid 10.03: 100199.35 - 1003 = 99196.35
        assertThat(r.trades()).singleElement().satisfies(t -> assertThat(t.exitReason())
                .isEqualTo(ExitReason.END_OF_DATA));
        assertThat(r.daily().get(1).equity()).isCloseTo(99_196.35, within(EPS));
        assertThat(Assignment.DEFAULT.american("^SPX", "SPXW")).isFalse();
        assertThat(Assignment.DEFAULT.american("^FOO", "FOO")).isFalse(); // '^': an index, European
        assertThat(Assignment.DEFAULT.american("SPX", "SPX")).isFalse();
        assertThat(Assignment.DEFAULT.american("SPY", "SPY")).isTrue();
    }

    @Test
    void moreExtrinsicThanTheThresholdIsNotAssigned() {
        // mid 10.10: extrinsic 0.10 >= 0.05
        SimulationResult r = run(shortPut().build(), null, entryDay(),
                Chains.day("2024-01-03", 90).close(89).put(EXP, 100, 10.00, 10.20, -0.99).build());
        assertThat(r.trades().get(0).exitReason()).isEqualTo(ExitReason.END_OF_DATA);
        assertThat(r.daily().get(1).equity()).isCloseTo(100_199.35 - 1010, within(EPS));
    }

    @Test
    void withThenHoldTheStockStaysMarkedAtTheCloseUntilTheStrategyClosesIt() {
        ContractKey put = Chains.put(EXP, 100);
        Strategy strategy = (day, portfolio, notes) -> {
            if (day.date().equals(LocalDate.parse("2024-01-02"))) {
                return List.of(new Order.Open(List.of(new LegOrder(put, -1))));
            }
            if (day.date().equals(LocalDate.parse("2024-01-05"))) {
                return List.of(new Order.Close(portfolio.positions().get(0).id(), ExitReason.STRATEGY));
            }
            return List.of();
        };
        StrategySpec spec = shortPut().assignment(new Assignment(0.05, Assignment.Then.HOLD, Set.of())).build();
        SimulationResult r = run(spec, strategy, entryDay(), deepDay(),
                Chains.day("2024-01-04", 92).build(),
                Chains.day("2024-01-05", 93).close(95).build());

        // day 2: cash 100199.35 - 10000 = 90199.35, 100 shares marked at the close 89: 99099.35
        assertThat(r.daily().get(1).cash()).isCloseTo(90_199.35, within(EPS));
        assertThat(r.daily().get(1).equity()).isCloseTo(99_099.35, within(EPS));
        // day 3: marked at 92: 90199.35 + 9200 = 99399.35
        assertThat(r.daily().get(2).equity()).isCloseTo(99_399.35, within(EPS));
        // day 4: the strategy sells the shares at 15:45, 93 (no commission on stock):
        // 200 + (93 - 100) x 100 - 0.65 = -500.65
        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.STRATEGY);
        assertThat(t.exitDate()).isEqualTo(LocalDate.parse("2024-01-05"));
        assertThat(t.pnl()).isCloseTo(-500.65, within(EPS));
        assertThat(r.daily().get(3).equity()).isCloseTo(100_000 - 500.65, within(EPS));
    }

    @Test
    void aShortCallAssignedSellsTheSharesShortAtTheStrike() {
        ContractKey call = new ContractKey(Chains.UNDERLYING, LocalDate.parse(EXP), 100, OptionRight.CALL);
        Strategy sellCall = (day, portfolio, notes) -> day.date().equals(LocalDate.parse("2024-01-02"))
                ? List.of(new Order.Open(List.of(new LegOrder(call, -1)))) : List.of();
        SimulationResult r = run(shortPut().build(), sellCall,
                Chains.day("2024-01-02", 100).call(EXP, 100, 1.90, 2.10, 0.50).build(),
                // intrinsic 110 - 100 = 10, mid 10.02: extrinsic 0.02
                Chains.day("2024-01-03", 110).close(111).call(EXP, 100, 10.00, 10.04, 0.99).build());

        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.ASSIGNED);
        assertThat(t.legs().get(1).quantity()).isEqualTo(-1);
        // +200 on the call; short 100 shares at 100 bought back at the close 111: -1100; -0.65
        assertThat(t.pnl()).isCloseTo(-900.65, within(EPS));
    }
}
