package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.api.Strategy;
import dev.tradingpipeline.jobs.strategy.spec.DteRange;
import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import dev.tradingpipeline.jobs.strategy.spec.ExitRules;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.Leg;
import dev.tradingpipeline.jobs.strategy.spec.Side;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.strategy.spec.StrikeSelection;
import dev.tradingpipeline.jobs.strategy.spec.Universe;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which roots and deliverables a strategy may enter. The leg: one short put, 25-35 DTE, delta
 * 0.50 +/- 0.10, expiring 2024-02-01, entered on 2024-01-02 at the mid, no commission.
 */
class UniverseTest {

    private static final String EXP = "2024-02-01";

    private static OptionQuote put(String underlying, String date, String root, double bid, double ask, double delta,
            String deliveryCode) {
        return put(underlying, date, root, 100, bid, ask, delta, deliveryCode);
    }

    private static OptionQuote put(String underlying, String date, String root, double strike, double bid, double ask,
            double delta, String deliveryCode) {
        LocalDate d = LocalDate.parse(date);
        LocalDate e = LocalDate.parse(EXP);
        return new OptionQuote(underlying, d, root, e, strike, OptionRight.PUT, bid, ask, bid, ask, delta, 0.2, 100,
                (int) ChronoUnit.DAYS.between(d, e), deliveryCode);
    }

    private static DayChain day(String underlying, String date, OptionQuote... quotes) {
        return new DayChain(LocalDate.parse(date), underlying, 100, 100, List.of(quotes));
    }

    private static StrategySpec.Builder shortPut(String underlying) {
        return StrategySpec.builder("short put").underlyings(underlying)
                .leg(Leg.option(OptionRight.PUT, Side.SHORT, 1, new DteRange(25, 35, 30),
                        new StrikeSelection.ByDelta(-0.50, 0.10)))
                .entry(EntrySchedule.everyNDays(1000)).fills(FillModel.MID, 0);
    }

    private static SimulationResult run(StrategySpec spec, DayChain... days) {
        StrategyEngine engine = new StrategyEngine(spec);
        for (DayChain d : days) {
            engine.onDay(d);
        }
        return engine.result();
    }

    private static String root(SimulationResult r) {
        return r.trades().get(0).legs().get(0).contract().root();
    }

    @Test
    void rootsNameTheEligibleRoots() {
        // SPX and SPXW: same strike, expiry and delta; SPXW is the better price, but a tie on delta
        // and strike goes to the root's name, SPX, unless roots says otherwise
        DayChain entry = day("^SPX", "2024-01-02", put("^SPX", "2024-01-02", "SPX", 1.90, 2.10, -0.50, null),
                put("^SPX", "2024-01-02", "SPXW", 2.00, 2.20, -0.50, null));
        assertThat(root(run(shortPut("^SPX").build(), entry))).isEqualTo("SPX");

        SimulationResult r = run(shortPut("^SPX").universe(new Universe(List.of("SPXW"), false)).build(), entry);
        assertThat(root(r)).isEqualTo("SPXW");
        assertThat(r.trades().get(0).legs().get(0).entryPrice()).isEqualTo(2.10); // SPXW's mid
        assertThat(r.notes()).containsExactly(
                "2024-01-02 to 2024-01-02: left out 1 quotes of roots not in roots [SPXW]: SPX");
    }

    @Test
    void nonstandardContractsAreLeftOutUnlessIncludedAndCountedInOneNote() {
        // AAPL1 (adjusted root) at delta 0.50 is nearer the target than AAPL's 0.45; so is the AAPL 99
        // put with a delivery code at 0.49: by default only the standard AAPL 100 put is eligible
        String d1 = "2024-01-02";
        String d2 = "2024-01-03";
        DayChain day1 = day("AAPL", d1, put("AAPL", d1, "AAPL", 1.90, 2.10, -0.45, null),
                put("AAPL", d1, "AAPL1", 0.90, 1.10, -0.50, null),
                put("AAPL", d1, "AAPL", 99, 1.00, 1.20, -0.49, "1"));
        DayChain day2 = day("AAPL", d2, put("AAPL", d2, "AAPL", 1.90, 2.10, -0.45, null),
                put("AAPL", d2, "AAPL1", 0.90, 1.10, -0.50, null));
        SimulationResult standard = run(shortPut("AAPL").build(), day1, day2);
        assertThat(root(standard)).isEqualTo("AAPL");
        assertThat(standard.trades().get(0).legs().get(0).entryPrice()).isEqualTo(2.00);
        // 2 quotes left out on day 1 (AAPL1, the AAPL with a code) and 1 on day 2 (AAPL1): 3, in one note
        assertThat(standard.notes()).containsExactly("2024-01-02 to 2024-01-03: left out 3 quotes of non-standard"
                + " contracts (delivery_code set or adjusted root): AAPL, AAPL1");

        SimulationResult included = run(shortPut("AAPL").universe(new Universe(List.of(), true)).build(), day1, day2);
        assertThat(root(included)).isEqualTo("AAPL1");
        assertThat(included.trades().get(0).legs().get(0).entryPrice()).isEqualTo(1.00);
        assertThat(included.notes()).isEmpty();
    }

    @Test
    void aHeldContractStaysClosableWhenItGainsADeliveryCode() {
        StrategySpec spec = shortPut("AAPL").exits(new ExitRules(null, 0.5, null)).build();
        SimulationResult r = run(spec, day("AAPL", "2024-01-02", put("AAPL", "2024-01-02", "AAPL", 1.90, 2.10, -0.50, null)),
                // a corporate action: the held put now carries a delivery code; mid 0.90, profit
                // 200 - 90 = 110 >= 50 % of 200: closed at 0.90, not stuck
                day("AAPL", "2024-01-03", put("AAPL", "2024-01-03", "AAPL", 0.80, 1.00, -0.30, "1")));
        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.TAKE_PROFIT);
        assertThat(t.pnl()).isCloseTo(110.0, within(1e-9)); // (2.00 - 0.90) x 100
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void userStrategiesSeeTheSameUniverse() {
        List<String> seen = new ArrayList<>();
        Strategy spy = (day, portfolio, notes) -> {
            day.quotes().forEach(q -> seen.add(q.root()));
            return List.of();
        };
        StrategyEngine engine = new StrategyEngine(shortPut("AAPL").build(), spy);
        engine.onDay(day("AAPL", "2024-01-02", put("AAPL", "2024-01-02", "AAPL", 1.90, 2.10, -0.45, null),
                put("AAPL", "2024-01-02", "AAPL1", 0.90, 1.10, -0.50, null)));
        assertThat(seen).containsExactly("AAPL");
    }

    @Test
    void adjustedRoots() {
        assertThat(Universe.adjustedRoot("AAPL1", "AAPL")).isTrue();
        assertThat(Universe.adjustedRoot("AAPL7", "AAPL")).isTrue();
        assertThat(Universe.adjustedRoot("BRKB1", "BRK.B")).isTrue();
        assertThat(Universe.adjustedRoot("AAPL", "AAPL")).isFalse();
        assertThat(Universe.adjustedRoot("SPXW", "^SPX")).isFalse();
        assertThat(Universe.adjustedRoot("SPX", "^SPX")).isFalse();
        // a symbol that ends in a digit itself: only more digits after it adjust it
        assertThat(Universe.adjustedRoot("XYZ2", "XYZ2")).isFalse();
        assertThat(Universe.adjustedRoot("XYZ21", "XYZ2")).isTrue();
    }
}
