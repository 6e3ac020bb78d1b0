package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.LegOrder;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.api.Order;
import dev.tradingpipeline.jobs.strategy.api.Strategy;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * AM and PM settlement. The case: ^SPX at 5000 on Wednesday 2024-02-14, a 5000 put expiring
 * Friday 2024-02-16 quoted 19.90 / 20.10 (mid 20.00), sold once (1 contract, 0.65 commission):
 * credit 2000. Thursday closes at 4980, Friday's price (15:45 and close) is 4960, and the opening
 * settlement value of Friday morning is 4950.
 */
class SettlementStylesTest {

    private static final double EPS = 1e-9;
    private static final LocalDate WED = LocalDate.parse("2024-02-14");
    private static final LocalDate THU = LocalDate.parse("2024-02-15");
    private static final LocalDate FRI = LocalDate.parse("2024-02-16");

    private static ContractKey put(String root) {
        return new ContractKey(root, FRI, 5000, OptionRight.PUT);
    }

    private static DayChain day(LocalDate date, double spot, String root, double bid, double ask) {
        List<OptionQuote> quotes = new ArrayList<>();
        quotes.add(new OptionQuote("^SPX", date, root, FRI, 5000, OptionRight.PUT, bid, ask, bid, ask, -0.5, 0.2,
                spot, (int) ChronoUnit.DAYS.between(date, FRI)));
        return new DayChain(date, "^SPX", spot, spot, quotes);
    }

    private static List<DayChain> week(String root) {
        return List.of(day(WED, 5000, root, 19.90, 20.10), day(THU, 4980, root, 25.00, 25.20),
                day(FRI, 4960, root, 39.90, 40.10));
    }

    /** Sells one put of {@code root} on Wednesday; on {@code closeOn}, asks to close it. */
    private static Strategy sellOnce(String root, LocalDate closeOn) {
        return (day, portfolio, notes) -> {
            if (day.date().equals(WED)) {
                return List.of(new Order.Open(List.of(new LegOrder(put(root), -1))));
            }
            if (day.date().equals(closeOn)) {
                return portfolio.positions().stream()
                        .map(p -> (Order) new Order.Close(p.id(), ExitReason.STRATEGY)).toList();
            }
            return List.of();
        };
    }

    private static SimulationResult run(Strategy strategy, SettlementStyles styles, List<DayChain> days) {
        StrategySpec spec = StrategySpec.builder("am").underlyings("^SPX").fills(FillModel.MID, 0.65).build();
        StrategyEngine engine = new StrategyEngine(spec, strategy, styles);
        days.forEach(engine::onDay);
        return engine.result();
    }

    private static final SettlementStyles WITH_TABLE = new SettlementStyles(Set.of("SPX"),
            Map.of(SettlementStyles.key("SPX", FRI), 4950.0));

    @Test
    void amShortPutSettlesAtTheTablesOpeningValue() {
        SimulationResult r = run(sellOnce("SPX", null), WITH_TABLE, week("SPX"));

        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.EXPIRY);
        assertThat(t.exitDate()).isEqualTo(FRI);
        // intrinsic from the SOQ 4950 (not Friday's 4960): 5000 - 4950 = 50
        assertThat(t.legs().get(0).exitPrice()).isCloseTo(50.0, within(EPS));
        // credit 2000 - 50 x 100 - 0.65 = -3000.65
        assertThat(t.pnl()).isCloseTo(-3000.65, within(EPS));
        assertThat(r.daily().get(2).equity()).isCloseTo(100_000 - 3000.65, within(EPS));
        assertThat(r.notes()).noneMatch(n -> n.contains("AM-settled"));
    }

    @Test
    void amShortPutWithoutATableSettlesAtThePreviousCloseWithOneNote() {
        SettlementStyles noTable = new SettlementStyles(Set.of("SPX"), Map.of());
        SimulationResult r = run(sellOnce("SPX", null), noTable, week("SPX"));

        Trade t = r.trades().get(0);
        // Thursday's close 4980: intrinsic 5000 - 4980 = 20; 2000 - 2000 - 0.65 = -0.65
        assertThat(t.legs().get(0).exitPrice()).isCloseTo(20.0, within(EPS));
        assertThat(t.pnl()).isCloseTo(-0.65, within(EPS));
        assertThat(r.notes()).filteredOn(n -> n.contains("AM-settled")).singleElement().satisfies(n -> assertThat(n)
                .contains("SPX 2024-02-16 5000 P", "4980.0000", "2024-02-15", "approximation"));
    }

    @Test
    void theDefaultAmRootsMakeSpxAmAndTheTableMayNameTheUnderlying() {
        SettlementStyles byUnderlying = new SettlementStyles(Set.copyOf(SettlementStyles.DEFAULT_AM_ROOTS),
                Map.of(SettlementStyles.key("^SPX", FRI), 4950.0));
        SimulationResult r = run(sellOnce("SPX", null), byUnderlying, week("SPX"));
        assertThat(r.trades().get(0).legs().get(0).exitPrice()).isCloseTo(50.0, within(EPS));
    }

    @Test
    void pmSpxwPutSettlesAtTheExpiryDaysPriceWhateverTheTable() {
        SimulationResult r = run(sellOnce("SPXW", null), WITH_TABLE, week("SPXW"));

        Trade t = r.trades().get(0);
        // Friday's price 4960: intrinsic 40; 2000 - 4000 - 0.65 = -2000.65
        assertThat(t.legs().get(0).exitPrice()).isCloseTo(40.0, within(EPS));
        assertThat(t.pnl()).isCloseTo(-2000.65, within(EPS));
    }

    @Test
    void anAmOptionCannotBeClosedOnItsExpirationDayAndSettlesAtTheOpeningValue() {
        SimulationResult r = run(sellOnce("SPX", FRI), WITH_TABLE, week("SPX"));

        Trade t = r.trades().get(0);
        // the close at Friday's 15:45 mid 40.00 is refused: settled at 50 as above
        assertThat(t.exitReason()).isEqualTo(ExitReason.EXPIRY);
        assertThat(t.pnl()).isCloseTo(-3000.65, within(EPS));
        assertThat(r.notes()).anyMatch(n -> n.contains("cannot close position 1") && n.contains("AM-settled"));
    }

    @Test
    void anAmOptionClosedTheDayBeforeTradesAtItsQuote() {
        SimulationResult r = run(sellOnce("SPX", THU), WITH_TABLE, week("SPX"));

        Trade t = r.trades().get(0);
        // bought back Thursday at mid 25.10: 2000 - 2510 - 2 x 0.65 = -511.30
        assertThat(t.exitReason()).isEqualTo(ExitReason.STRATEGY);
        assertThat(t.pnl()).isCloseTo(-511.30, within(EPS));
    }

    @Test
    void anAmOptionCannotBeOpenedOnItsExpirationDay() {
        Strategy sellFriday = (day, portfolio, notes) -> day.date().equals(FRI)
                ? List.of(new Order.Open(List.of(new LegOrder(put("SPX"), -1)))) : List.of();
        SimulationResult r = run(sellFriday, WITH_TABLE, week("SPX"));

        assertThat(r.trades()).isEmpty();
        assertThat(r.daily().get(2).equity()).isCloseTo(100_000, within(EPS));
        assertThat(r.notes()).anyMatch(n -> n.contains("cannot open") && n.contains("AM-settled"));
    }

    @Test
    void aSaturdayDatedAmExpirationStopsTradingOnTheFridayBefore() {
        assertThat(SettlementStyles.noTradingFrom(LocalDate.parse("2014-03-22"))).isEqualTo("2014-03-21");
        assertThat(SettlementStyles.noTradingFrom(FRI)).isEqualTo(FRI);
        // dated on Good Friday (an exchange holiday, 2015-04-03): trading stops on the Thursday
        assertThat(SettlementStyles.noTradingFrom(LocalDate.parse("2015-04-03"))).isEqualTo("2015-04-02");
    }
}
