package dev.tradingpipeline.jobs.strategy.engine;

import static dev.tradingpipeline.jobs.strategy.engine.Chains.run;
import static dev.tradingpipeline.jobs.strategy.engine.Chains.entryDay;
import static dev.tradingpipeline.jobs.strategy.engine.Chains.shortPut;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.api.PositionLeg;
import dev.tradingpipeline.jobs.strategy.api.Strategy;
import dev.tradingpipeline.jobs.strategy.spec.Assignment;
import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import dev.tradingpipeline.jobs.strategy.spec.ExitRules;
import dev.tradingpipeline.jobs.strategy.spec.Families;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine on hand-built chains. Money: one contract = 100 shares, so a put sold at 2.00
 * brings 200 of cash. The usual case: XYZ at 100 on 2024-01-02, a 30-DTE 100 put (expiring
 * 2024-02-01) quoted 1.90 / 2.10 (mid 2.00) with delta -0.50, one contract, 0.65 commission.
 */
class StrategyEngineTest {

    private static final double EPS = 1e-9;
    private static final String EXP = "2024-02-01";



    @Test
    void shortPutExpiringWorthlessKeepsTheCreditLessCommission() {
        SimulationResult r = run(shortPut().build(), entryDay(),
                Chains.day(EXP, 105).put(EXP, 100, 0, 0.05, -0.01).build());

        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.EXPIRY);
        assertThat(t.legs().get(0).entryPrice()).isEqualTo(2.00);
        assertThat(t.legs().get(0).exitPrice()).isEqualTo(0.0); // max(100 - 105, 0)
        // credit 2.00 x 100 = 200, one commission 0.65 (none at settlement): 199.35
        assertThat(t.pnl()).isCloseTo(199.35, within(EPS));
        // day 1: cash 100000 + 200 - 0.65; equity marks the put at mid 2.00: 100199.35 - 200
        DailyRow d1 = r.daily().get(0);
        assertThat(d1.cash()).isCloseTo(100_199.35, within(EPS));
        assertThat(d1.equity()).isCloseTo(99_999.35, within(EPS));
        assertThat(d1.exposure()).isCloseTo(10_000, within(EPS)); // cash-secured: strike 100 x 100
        assertThat(d1.dailyPnl()).isCloseTo(-0.65, within(EPS));
        DailyRow d2 = r.daily().get(1);
        assertThat(d2.equity()).isCloseTo(100_199.35, within(EPS));
        assertThat(d2.exposure()).isZero();
        assertThat(d2.dailyPnl()).isCloseTo(200, within(EPS));
    }

    @Test
    void shortPutExpiringInTheMoneySettlesAtIntrinsicFromTheClose() {
        // 15:45 at 96 but the close at 95: settlement uses the close, intrinsic 100 - 95 = 5
        SimulationResult r = run(shortPut().build(), entryDay(),
                Chains.day(EXP, 96).close(95).put(EXP, 100, 3.90, 4.10, -0.95).build());

        Trade t = r.trades().get(0);
        assertThat(t.legs().get(0).exitPrice()).isEqualTo(5.0);
        // 200 credit - 5 x 100 settlement - 0.65 = -300.65
        assertThat(t.pnl()).isCloseTo(-300.65, within(EPS));
        assertThat(r.daily().get(1).equity()).isCloseTo(99_699.35, within(EPS));
    }

    @Test
    void bullPutSpreadLosesAtMostItsWidthLessTheCredit() {
        StrategySpec spec = StrategySpec.builder("bull put").underlyings(Chains.UNDERLYING)
                .legs(Families.of("bull_put", Map.of("short_delta", 0.50, "long_delta", 0.20, "delta_band", 0.05,
                        "dte_min", 25.0, "dte_max", 35.0)))
                .entry(EntrySchedule.everyNDays(1000)).fills(FillModel.MID, 0.65).build();
        DayChain entry = Chains.day("2024-01-02", 100)
                .put(EXP, 100, 4.90, 5.10, -0.50)
                .put(EXP, 95, 3.00, 3.20, -0.35) // in neither band: |0.35 - 0.50| = |0.35 - 0.20| = 0.15
                .put(EXP, 90, 1.90, 2.10, -0.20)
                .build();
        SimulationResult r = run(spec, entry, Chains.day(EXP, 80).build());

        Trade t = r.trades().get(0);
        assertThat(t.legs()).extracting(l -> l.contract().strike(), TradeLeg::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(100.0, -1), org.assertj.core.groups.Tuple.tuple(90.0, 1));
        // credit 5.00 - 2.00 = 3.00 -> 300; collateral = width (100 - 90) x 100 = 1000
        assertThat(t.entryValue()).isCloseTo(-300, within(EPS));
        assertThat(r.daily().get(0).exposure()).isCloseTo(1000, within(EPS));
        // at 80: short 100 put pays 20 x 100, long 90 put gets 10 x 100: -1000
        // 300 - 1000 - 2 x 0.65 = -701.30 = max loss (1000 - 300) plus commissions
        assertThat(t.pnl()).isCloseTo(-701.30, within(EPS));
        assertThat(t.commissions()).isCloseTo(1.30, within(EPS));
    }

    @Test
    void takeProfitAtHalfTheCredit() {
        StrategySpec spec = shortPut().exits(new ExitRules(null, 0.5, null)).build();
        SimulationResult r = run(spec, entryDay(),
                // mid 1.05: profit 200 - 105 = 95 < 100, hold
                Chains.day("2024-01-03", 101).put(EXP, 100, 1.00, 1.10, -0.40).build(),
                // mid 0.95: profit 105 >= 50 % of 200, close at mid 0.95
                Chains.day("2024-01-04", 102).put(EXP, 100, 0.90, 1.00, -0.35).build());

        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.TAKE_PROFIT);
        assertThat(t.exitDate()).isEqualTo(LocalDate.parse("2024-01-04"));
        assertThat(t.legs().get(0).exitPrice()).isCloseTo(0.95, within(EPS));
        // 200 - 95 - 2 x 0.65 = 103.70
        assertThat(t.pnl()).isCloseTo(103.70, within(EPS));
    }

    @Test
    void stopLossAtTwiceTheCredit() {
        StrategySpec spec = shortPut().exits(new ExitRules(null, null, 2.0)).build();
        SimulationResult r = run(spec, entryDay(),
                // mid 5.50: loss 550 - 200 = 350 < 2 x 200, hold
                Chains.day("2024-01-03", 95).put(EXP, 100, 5.40, 5.60, -0.70).build(),
                // mid 6.10: loss 410 >= 400, close at 6.10
                Chains.day("2024-01-04", 94).put(EXP, 100, 6.00, 6.20, -0.75).build());

        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.STOP_LOSS);
        assertThat(t.exitDate()).isEqualTo(LocalDate.parse("2024-01-04"));
        // 200 - 610 - 1.30 = -411.30
        assertThat(t.pnl()).isCloseTo(-411.30, within(EPS));
    }

    @Test
    void commissionIsPerContractOnEachFill() {
        StrategySpec spec = shortPut().fills(FillModel.MID, 1.00).sizing(Sizing.fixed(100_000, 3))
                .exits(new ExitRules(null, 0.5, null)).build();
        SimulationResult r = run(spec, entryDay(), Chains.day("2024-01-03", 102).put(EXP, 100, 0.90, 1.00, -0.35).build());

        Trade t = r.trades().get(0);
        assertThat(t.legs().get(0).quantity()).isEqualTo(-3);
        // 3 contracts x 1.00 to open + 3 x 1.00 to close
        assertThat(t.commissions()).isCloseTo(6, within(EPS));
        // gross 3 x (2.00 - 0.95) x 100 = 315; net 309
        assertThat(t.pnl()).isCloseTo(309, within(EPS));
        assertThat(r.daily().get(1).equity()).isCloseTo(100_309, within(EPS));
    }

    @Test
    void exitAtDte() {
        StrategySpec spec = shortPut().exits(new ExitRules(21, null, null)).build();
        SimulationResult r = run(spec, entryDay(),
                Chains.day("2024-01-10", 101).put(EXP, 100, 1.50, 1.70, -0.45).build(), // 22 DTE: hold
                Chains.day("2024-01-11", 101).put(EXP, 100, 1.40, 1.60, -0.45).build()); // 21 DTE: close
        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.DTE);
        assertThat(t.exitDate()).isEqualTo(LocalDate.parse("2024-01-11"));
        // 200 - 150 - 1.30
        assertThat(t.pnl()).isCloseTo(48.70, within(EPS));
    }

    @Test
    void dayWithoutEligibleContractIsNotedAndNotTraded() {
        DayChain day = Chains.day("2024-01-02", 100)
                .put("2024-01-12", 100, 1.00, 1.10, -0.50) // 10 DTE: outside 25-35
                .put(EXP, 90, 0.40, 0.50, -0.15) // 30 DTE but delta 0.15 is outside 0.50 +/- 0.10
                .put(EXP, 100, 1.90, 2.10, null) // greeks unknown (vendor IV 0): never chosen
                .build();
        SimulationResult r = run(shortPut().build(), day);

        assertThat(r.trades()).isEmpty();
        assertThat(r.notes()).containsExactly(
                "2024-01-02: no eligible contract for leg 1 (short put, 25-35 DTE, delta 0.50 +/- 0.10)");
        assertThat(r.daily().get(0).equity()).isEqualTo(100_000);
    }

    @Test
    void farFillsSellAtTheBidWhereMidFillsSellAtTheMid() {
        SimulationResult mid = run(shortPut().build(), entryDay());
        SimulationResult far = run(shortPut().fills(FillModel.FAR, 0.65).build(), entryDay());

        assertThat(mid.trades().get(0).legs().get(0).entryPrice()).isEqualTo(2.00);
        assertThat(far.trades().get(0).legs().get(0).entryPrice()).isEqualTo(1.90);
        // marked at the EOD mid 2.00 either way: 100000 + 200 - 200 - 0.65 vs 100000 + 190 - 200 - 0.65
        assertThat(mid.daily().get(0).equity()).isCloseTo(99_999.35, within(EPS));
        assertThat(far.daily().get(0).equity()).isCloseTo(99_989.35, within(EPS));
    }

    @Test
    void farFillsBuyBackAtTheAsk() {
        StrategySpec spec = shortPut().fills(FillModel.FAR, 0).exits(new ExitRules(null, 0.5, null)).build();
        // sold at bid 1.90; mid 0.95 -> profit judged at mid 200 - 95 >= 95 (50 % of the 190 credit)
        SimulationResult r = run(spec, entryDay(), Chains.day("2024-01-03", 102).put(EXP, 100, 0.90, 1.00, -0.35).build());
        Trade t = r.trades().get(0);
        assertThat(t.legs().get(0).exitPrice()).isEqualTo(1.00);
        assertThat(t.pnl()).isCloseTo(90, within(EPS)); // (1.90 - 1.00) x 100
    }

    @Test
    void cashEarnsTheRateOverTwoHundredFiftyTwoDaysAYear() {
        StrategySpec spec = shortPut().cashRate(0.0252).build(); // 0.0001 a day
        SimulationResult r = run(spec, Chains.day("2024-01-02", 100).build(), Chains.day("2024-01-03", 100).build(),
                Chains.day("2024-01-04", 100).build());

        assertThat(r.daily().get(0).equity()).isEqualTo(100_000); // no interest before the first night
        assertThat(r.daily().get(1).equity()).isCloseTo(100_010, within(1e-6)); // 100000 x 0.0001
        assertThat(r.daily().get(2).equity()).isCloseTo(100_020.001, within(1e-6)); // + 100010 x 0.0001
        assertThat(r.daily().get(2).cash()).isCloseTo(100_020.001, within(1e-6));
    }

    @Test
    void whenFlatReentersOnlyOnceThePositionEnds() {
        StrategySpec spec = shortPut().entry(EntrySchedule.whenFlat()).build();
        SimulationResult r = run(spec, entryDay(),
                // an eligible 30-DTE put, but the first position is still open
                Chains.day("2024-01-03", 100).put(EXP, 100, 1.90, 2.10, -0.50)
                        .put("2024-02-02", 100, 2.00, 2.20, -0.50).build(),
                // the first put expires today (worthless at 105): flat after today, so sell the next
                Chains.day(EXP, 105).put(EXP, 100, 0, 0.05, -0.01)
                        .put("2024-03-01", 105, 2.90, 3.10, -0.50).build());

        assertThat(r.trades()).extracting(Trade::entryDate, Trade::exitReason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2024-01-02"), ExitReason.EXPIRY),
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse(EXP), ExitReason.END_OF_DATA));
        // cash: 100000 + 200 - 0.65 (first) + 0 (settled worthless) + 300 - 0.65 (second) = 100498.70
        // equity: cash - 300 (second put marked at 3.00)
        assertThat(r.daily().get(2).cash()).isCloseTo(100_498.70, within(EPS));
        assertThat(r.daily().get(2).equity()).isCloseTo(100_198.70, within(EPS));
        assertThat(r.trades().get(1).pnl()).isCloseTo(-0.65, within(EPS));
    }

    @Test
    void strategiesSeeOnlyTheDayGivenAsKnownAt1545() {
        List<LocalDate> seen = new ArrayList<>();
        List<Double> closesSeen = new ArrayList<>();
        Strategy spy = (day, portfolio, notes) -> {
            seen.add(day.date());
            closesSeen.add(day.underlyingPriceEod());
            day.quotes().forEach(q -> closesSeen.add(q.bidEod()));
            return List.of();
        };
        StrategyEngine engine = new StrategyEngine(shortPut().build(), spy);
        engine.onDay(entryDay());
        engine.onDay(Chains.day("2024-01-03", 100).build());

        assertThat(seen).containsExactly(LocalDate.parse("2024-01-02"), LocalDate.parse("2024-01-03"));
        assertThat(closesSeen).allMatch(v -> v.isNaN()); // the close is after 15:45
    }

    @Test
    void decisionsDoNotDependOnLaterDays() {
        DayChain day2 = Chains.day("2024-01-03", 100).put(EXP, 100, 1.90, 2.10, -0.50).build();
        SimulationResult calm = run(shortPut().build(), entryDay(), day2,
                Chains.day("2024-01-04", 101).put(EXP, 100, 1.80, 2.00, -0.48).build());
        SimulationResult crash = run(shortPut().build(), entryDay(), day2,
                Chains.day("2024-01-04", 50).put(EXP, 100, 49.0, 51.0, -1.0).build());

        assertThat(crash.daily().subList(0, 2)).isEqualTo(calm.daily().subList(0, 2));
        assertThat(crash.trades().get(0).entryDate()).isEqualTo(calm.trades().get(0).entryDate());
        assertThat(crash.trades().get(0).legs().get(0).entryPrice())
                .isEqualTo(calm.trades().get(0).legs().get(0).entryPrice());
    }

    @Test
    void daysMustComeInOrder() {
        StrategyEngine engine = new StrategyEngine(shortPut().build());
        engine.onDay(Chains.day("2024-01-03", 100).build());
        assertThatThrownBy(() -> engine.onDay(Chains.day("2024-01-02", 100).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("date order");
    }

    @Test
    void missingQuoteCarriesTheLastMarkNotedOncePerContract() {
        SimulationResult r = run(shortPut().build(), entryDay(), Chains.day("2024-01-03", 100).build(),
                Chains.day("2024-01-04", 100).build());
        assertThat(r.daily().get(1).equity()).isCloseTo(r.daily().get(0).equity(), within(EPS));
        assertThat(r.daily().get(2).equity()).isCloseTo(r.daily().get(0).equity(), within(EPS));
        assertThat(r.notes()).containsExactly("2024-01-03: no quote for XYZ 2024-02-01 100 P; carrying its last mark"
                + " 2.0000 (noted once per contract)");
        assertThat(r.staleMarkContracts()).isEqualTo(1);
    }

    /**
     * The put sold at 2.00 (cash 100199.35) has a NULL end-of-day bid/ask on 01-03 (NaN) and 0/0 on
     * 01-04: both keep the mark 2.00, equity 100199.35 - 200 = 99999.35; 01-05 marks it at 1.50:
     * 100199.35 - 150 = 100049.35. The only drawdown is day one's commission: 99999.35 / 100000 - 1.
     */
    @Test
    void nullAndZeroEndOfDayQuotesKeepTheLastMarkAndTheMetricsFinite() {
        SimulationResult r = run(shortPut().build(), entryDay(),
                Chains.day("2024-01-03", 100).quote(OptionRight.PUT, EXP, 100, 1.90, 2.10, Double.NaN, Double.NaN,
                        -0.50).build(),
                Chains.day("2024-01-04", 100).quote(OptionRight.PUT, EXP, 100, 1.90, 2.10, 0, 0, -0.50).build(),
                Chains.day("2024-01-05", 101).put(EXP, 100, 1.40, 1.60, -0.45).build());

        assertThat(r.daily()).extracting(DailyRow::equity).containsExactly(99_999.35, 99_999.35, 99_999.35,
                100_049.35);
        assertThat(r.notes()).containsExactly("2024-01-03: no usable end-of-day quote for XYZ 2024-02-01 100 P;"
                + " carrying its last mark 2.0000 (noted once per contract)");
        SimulationSummary s = r.summary();
        assertThat(s.volatility()).isFinite();
        assertThat(s.sharpe()).isFinite();
        assertThat(s.maxDrawdown()).isCloseTo(99_999.35 / 100_000 - 1, within(1e-12));
        assertThat(r.staleMarkContracts()).isEqualTo(1);
    }

    /**
     * Iron condor short 90 P / long 80 P / short 110 C / long 115 C, credit 170, no commission.
     * Terminal payoff: -1000 below 80 (put width 10 x 100), 0 between 90 and 110, -500 above 115:
     * its value stays in [-1000, 0]. On 01-03 only the short 90 put is quoted (mid 20.00); the
     * three stale marks would give -2000 + 15 - 100 + 15 = -2070, past the maximum loss. The legs
     * go back to their last all-quoted marks (01-02: 1.00, 0.15, 1.00, 0.15): -170, and equity
     * stays 100000 + 170 - 170 = 100000.
     */
    /**
     * Early assignment is on by default; the mark and ruin cases below hold deep in-the-money shorts
     * of an equity-like underlying, whose assignment EarlyAssignmentTest covers.
     */
    private static final Assignment NO_ASSIGNMENT = new Assignment(0, Assignment.Then.CLOSE, java.util.Set.of());

    @Test
    void staleAndFreshLegsMixedOutOfBoundsGoBackToTheLastConsistentMarks() {
        StrategySpec spec = StrategySpec.builder("condor").underlyings(Chains.UNDERLYING)
                .legs(Families.of("iron_condor", Map.of("dte_target", 30.0))).entry(EntrySchedule.everyNDays(1000))
                .fills(FillModel.MID, 0).assignment(NO_ASSIGNMENT).build();
        DayChain entry = Chains.day("2024-01-02", 100)
                .put(EXP, 90, 0.90, 1.10, -0.20).put(EXP, 80, 0.10, 0.20, -0.05)
                .call(EXP, 110, 0.90, 1.10, 0.20).call(EXP, 115, 0.10, 0.20, 0.05).build();
        SimulationResult r = run(spec, entry, Chains.day("2024-01-03", 70).put(EXP, 90, 19.90, 20.10, -0.95).build());

        assertThat(r.daily().get(0).equity()).isCloseTo(100_000, within(EPS));
        assertThat(r.daily().get(1).equity()).isCloseTo(100_000, within(EPS));
        assertThat(r.notes()).contains("2024-01-03: position 1 marked -2070.00, outside its payoff bounds"
                + " [-1000.00, 0.00] with stale legs; re-marked to -170.00 (noted once per position)");
        assertThat(Marks.bounds(List.of(new OpenLeg(Chains.put(EXP, 100), -2, 1),
                new OpenLeg(Chains.put(EXP, 90), 2, 1)))).containsExactly(-2_000, 0); // 2 x width 10 x 100
    }

    /**
     * Bull put spread 100/90 sold for 3.00 (cash 100000 + 300 - 1.30). On 01-03 both legs are
     * quoted but inconsistently: short 100 P mid 12.00, long 90 P mid 1.00 gives -1100, more than
     * the width 10 x 100. The short leg (the one pushing past the bound) is marked down by
     * 100 / 100 = 1.00 to 11.00: value -1000, equity 100298.70 - 1000 = 99298.70, and the open
     * trade's legs carry the same marks: -(11 - 5) x 100 + (1 - 2) x 100 - 1.30 = -701.30.
     */
    @Test
    void fullyQuotedButInconsistentSpreadIsClampedToItsWidth() {
        StrategySpec spec = StrategySpec.builder("bull put").underlyings(Chains.UNDERLYING)
                .legs(Families.of("bull_put", Map.of("short_delta", 0.50, "long_delta", 0.20, "delta_band", 0.05,
                        "dte_min", 25.0, "dte_max", 35.0)))
                .entry(EntrySchedule.everyNDays(1000)).fills(FillModel.MID, 0.65)
                .assignment(NO_ASSIGNMENT).build();
        DayChain entry = Chains.day("2024-01-02", 100)
                .put(EXP, 100, 4.90, 5.10, -0.50).put(EXP, 90, 1.90, 2.10, -0.20).build();
        SimulationResult r = run(spec, entry,
                Chains.day("2024-01-03", 85).put(EXP, 100, 11.90, 12.10, -0.90).put(EXP, 90, 0.90, 1.10, -0.30)
                        .build());

        assertThat(r.daily().get(1).equity()).isCloseTo(99_298.70, within(1e-6));
        Trade t = r.trades().get(0);
        assertThat(t.legs()).extracting(TradeLeg::exitPrice).containsExactly(11.0, 1.0);
        assertThat(t.pnl()).isCloseTo(-701.30, within(1e-6));
    }

    /**
     * Capital 1000, one put sold at 2.00: cash 1199.35, equity 999.35. On 01-03 the put is marked
     * 13.00: equity 1199.35 - 1300 = -100.65 <= 0, ruin. The put closes at that mark (RUIN, P&L
     * 200 - 1300 - 0.65 = -1100.65), and the recovery on 01-04 is never traded nor recorded.
     * Metrics on the two days: total return -100.65 / 1000 - 1 = -1.10065, CAGR -1 (all lost),
     * drawdown from the peak 1000 the same -1.10065.
     */
    @Test
    void ruinClosesAtTheMarksAndStopsTheSimulation() {
        StrategySpec spec = shortPut().sizing(Sizing.fixed(1_000, 1)).entry(EntrySchedule.whenFlat())
                .assignment(NO_ASSIGNMENT).build();
        SimulationResult r = run(spec, entryDay(),
                Chains.day("2024-01-03", 87).put(EXP, 100, 12.90, 13.10, -0.95).build(),
                Chains.day("2024-01-04", 100).put(EXP, 100, 1.90, 2.10, -0.50).build());

        assertThat(r.ruinDate()).isEqualTo(LocalDate.parse("2024-01-03"));
        assertThat(r.daily()).hasSize(2);
        DailyRow d2 = r.daily().get(1);
        assertThat(d2.equity()).isCloseTo(-100.65, within(EPS));
        assertThat(d2.cash()).isCloseTo(-100.65, within(EPS));
        assertThat(d2.exposure()).isZero();
        assertThat(r.trades()).singleElement().satisfies(t -> {
            assertThat(t.exitReason()).isEqualTo(ExitReason.RUIN);
            assertThat(t.exitDate()).isEqualTo(LocalDate.parse("2024-01-03"));
            assertThat(t.pnl()).isCloseTo(-1_100.65, within(EPS));
        });
        SimulationSummary s = r.summary();
        assertThat(s.totalReturn()).isCloseTo(-1.10065, within(1e-12));
        assertThat(s.cagr()).isEqualTo(-1.0);
        assertThat(s.maxDrawdown()).isCloseTo(-1.10065, within(1e-12));
        assertThat(s.volatility()).isFinite();
    }

    @Test
    void missingExpirationDaySettlesOnTheNextDayWithANote() {
        SimulationResult r = run(shortPut().build(), entryDay(), Chains.day("2024-02-02", 97).build());
        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.EXPIRY);
        assertThat(t.exitDate()).isEqualTo(LocalDate.parse("2024-02-02"));
        // intrinsic 100 - 97 = 3: 200 - 300 - 0.65
        assertThat(t.pnl()).isCloseTo(-100.65, within(EPS));
        assertThat(r.notes()).singleElement().asString()
                .startsWith("2024-02-02: XYZ 2024-02-01 100 P expired on 2024-02-01, which is missing from the data");
    }

    /**
     * The case: a monthly dated Saturday 2014-03-22 (as standard monthlies were before
     * 2015). Sold 2014-02-20 at mid 3.00 (30 DTE), no commission. Friday's close is 99, Monday's 90.
     * The last trading day before the expiration is Friday: intrinsic 100 - 99 = 1.00, P&L
     * 300 - 100 = +200. Settling with Monday's close would give 300 - 1000 = -700.
     */
    @Test
    void saturdayExpirySettlesOnTheFridayBeforeAtFridaysClose() {
        String sat = "2014-03-22";
        StrategySpec spec = shortPut().fills(FillModel.MID, 0).build();
        SimulationResult r = run(spec, Chains.day("2014-02-20", 100).put(sat, 100, 2.90, 3.10, -0.50).build(),
                Chains.day("2014-03-21", 99.5).close(99).put(sat, 100, 0.90, 1.10, -0.60).build(),
                Chains.day("2014-03-24", 90).build());

        Trade t = r.trades().get(0);
        assertThat(t.exitReason()).isEqualTo(ExitReason.EXPIRY);
        assertThat(t.exitDate()).isEqualTo(LocalDate.parse("2014-03-21"));
        assertThat(t.legs().get(0).exitPrice()).isEqualTo(1.0);
        assertThat(t.pnl()).isCloseTo(200, within(EPS));
        // Friday: cash 100000 + 300 - 100, nothing open; Monday: unchanged
        assertThat(r.daily().get(1).equity()).isCloseTo(100_200, within(EPS));
        assertThat(r.daily().get(1).exposure()).isZero();
        assertThat(r.daily().get(2).equity()).isCloseTo(100_200, within(EPS));
        assertThat(r.notes()).isEmpty();
    }

    /**
     * An expiration on Good Friday 2015-04-03 (no trading) settles on Thursday 04-02: the put sold
     * 2015-03-04 at 2.00 (30 DTE) expires worthless at the close 103, and a when-flat strategy is
     * flat after Thursday, so it sells the next put (2015-05-01, 29 DTE, mid 2.50) that same day
     * instead of waiting for Monday's data.
     * Cash: 100000 + 200 - 0.65 + 0 + 250 - 0.65 = 100448.70; equity marks the new put at 2.50.
     */
    @Test
    void holidayExpirySettlesTheTradingDayBeforeAndAWhenFlatStrategyReentersThatDay() {
        String goodFriday = "2015-04-03";
        StrategySpec spec = shortPut().entry(EntrySchedule.whenFlat()).build();
        SimulationResult r = run(spec, Chains.day("2015-03-04", 100).put(goodFriday, 100, 1.90, 2.10, -0.50).build(),
                Chains.day("2015-04-02", 103).put(goodFriday, 100, 0, 0.05, -0.01)
                        .put("2015-05-01", 103, 2.40, 2.60, -0.50).build(),
                Chains.day("2015-04-06", 103).put("2015-05-01", 103, 2.40, 2.60, -0.50).build());

        assertThat(r.trades()).extracting(Trade::entryDate, Trade::exitDate, Trade::exitReason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2015-03-04"), LocalDate.parse("2015-04-02"),
                        ExitReason.EXPIRY),
                org.assertj.core.groups.Tuple.tuple(LocalDate.parse("2015-04-02"), LocalDate.parse("2015-04-06"),
                        ExitReason.END_OF_DATA));
        assertThat(r.trades().get(0).pnl()).isCloseTo(199.35, within(EPS));
        assertThat(r.daily().get(1).cash()).isCloseTo(100_448.70, within(EPS));
        assertThat(r.daily().get(1).equity()).isCloseTo(100_198.70, within(EPS));
        assertThat(r.daily().get(1).exposure()).isCloseTo(10_300, within(EPS)); // only the new 103 put
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void coveredCallHoldsTheUnderlyingUntilTheCallExpires() {
        StrategySpec spec = StrategySpec.builder("buy-write").underlyings(Chains.UNDERLYING)
                .legs(Families.of("buy_write", Map.of("dte_min", 25.0, "dte_max", 35.0)))
                .entry(EntrySchedule.everyNDays(1000)).fills(FillModel.MID, 0.65).build();
        DayChain entry = Chains.day("2024-01-02", 100).call(EXP, 100, 1.90, 2.10, 0.50).build();
        SimulationResult r = run(spec, entry, Chains.day(EXP, 105).build());

        // buy 100 shares at 100 (10000), sell the call for 200: debit 9800 is the collateral
        assertThat(r.daily().get(0).exposure()).isCloseTo(9_800, within(EPS));
        assertThat(r.daily().get(0).cash()).isCloseTo(100_000 - 10_000 + 200 - 0.65, within(EPS));
        Trade t = r.trades().get(0);
        // shares 100 -> 105: +500; call 2.00 -> 5.00 intrinsic: -300; commission 0.65
        assertThat(t.legs()).extracting(TradeLeg::instrument).containsExactly("underlying", "XYZ 2024-02-01 100 C");
        assertThat(t.pnl()).isCloseTo(199.35, within(EPS));
        assertThat(r.daily().get(1).equity()).isCloseTo(100_199.35, within(EPS));
    }

    @Test
    void sizingFromCapitalCashSecuresEachShortPut() {
        // put-write: the at-the-money put is the strike nearest 101, i.e. 100; collateral 100 x 100
        StrategySpec spec = StrategySpec.builder("put-write").underlyings(Chains.UNDERLYING)
                .legs(Families.of("put_write", Map.of()))
                .entry(EntrySchedule.everyNDays(1000)).sizing(Sizing.fromCapital(25_000)).build();
        DayChain day = Chains.day("2024-01-02", 101)
                .put(EXP, 95, 0.90, 1.10, -0.30).put(EXP, 100, 1.90, 2.10, -0.45).put(EXP, 105, 4.90, 5.10, -0.60)
                .build();
        SimulationResult r = run(spec, day);
        TradeLeg leg = r.trades().get(0).legs().get(0);
        assertThat(leg.contract().strike()).isEqualTo(100.0);
        assertThat(leg.quantity()).isEqualTo(-2); // floor(25000 / 10000)
        assertThat(r.daily().get(0).exposure()).isCloseTo(20_000, within(EPS));
    }

    @Test
    void ironCondorUsesOneExpirationForAllLegs() {
        StrategySpec spec = StrategySpec.builder("condor").underlyings(Chains.UNDERLYING)
                .legs(Families.of("iron_condor", Map.of("dte_target", 29.0))).entry(EntrySchedule.everyNDays(1000)).build();
        DayChain day = Chains.day("2024-01-02", 100)
                .put(EXP, 90, 0.90, 1.10, -0.20).put(EXP, 80, 0.10, 0.20, -0.05)
                .call(EXP, 110, 0.90, 1.10, 0.20).call(EXP, 115, 0.10, 0.20, 0.05)
                // 29 DTE, the target, but without wings: skipped as a whole for the 30-DTE expiration
                .put("2024-01-31", 90, 0.90, 1.10, -0.20).call("2024-01-31", 110, 0.90, 1.10, 0.20)
                .build();
        SimulationResult r = run(spec, day);
        Trade t = r.trades().get(0);
        assertThat(t.legs()).extracting(l -> l.contract().expiration()).containsOnly(LocalDate.parse(EXP));
        assertThat(t.legs()).extracting(l -> l.contract().strike()).containsExactly(90.0, 110.0, 80.0, 115.0);
        // credit (1.00 + 1.00 - 0.15 - 0.15) x 100 = 170; collateral = wider side (90 - 80) x 100
        assertThat(t.entryValue()).isCloseTo(-170, within(EPS));
        assertThat(r.daily().get(0).exposure()).isCloseTo(1_000, within(EPS));
    }
}
