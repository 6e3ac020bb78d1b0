package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.api.Position;
import dev.tradingpipeline.jobs.strategy.api.PositionLeg;
import dev.tradingpipeline.jobs.strategy.spec.Leg;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reg T strategy-based requirements, worked out by hand (one contract = 100 shares). */
class RegTMarginTest {

    private static final double EPS = 1e-9;
    private static final LocalDate FEB = LocalDate.parse("2024-02-16");
    private static final LocalDate MAR = LocalDate.parse("2024-03-15");

    private static RegTMargin.Leg put(double strike, int qty, double mark) {
        return new RegTMargin.Leg(OptionRight.PUT, strike, FEB, qty, mark);
    }

    private static RegTMargin.Leg call(double strike, int qty, double mark) {
        return new RegTMargin.Leg(OptionRight.CALL, strike, FEB, qty, mark);
    }

    @Test
    void nakedShortPutIsTheGreaterOfTwentyPercentLessOtmAndTenPercentOfTheStrikePlusPremium() {
        // stock 100, strike 95 (5 out of the money), premium 1.50:
        // max(0.20 x 100 - 5 + 1.50, 0.10 x 95 + 1.50) = max(16.50, 11.00) = 16.50 -> 1,650
        assertThat(RegTMargin.requirement(List.of(put(95, -1, 1.50)), 100, false)).isCloseTo(1_650, within(EPS));
        // three contracts: 3 x 1,650
        assertThat(RegTMargin.requirement(List.of(put(95, -3, 1.50)), 100, false)).isCloseTo(4_950, within(EPS));
    }

    @Test
    void farOutOfTheMoneyNakedCallTakesTheMinimumOnTheUnderlying() {
        // stock 100, call 115 (15 out of the money), premium 0.30:
        // max(20 - 15 + 0.30, 0.10 x 100 + 0.30) = max(5.30, 10.30) = 10.30 -> 1,030
        assertThat(RegTMargin.requirement(List.of(call(115, -1, 0.30)), 100, false)).isCloseTo(1_030, within(EPS));
        // a far put takes its minimum on the strike: put 70, premium 0.10:
        // max(20 - 30 + 0.10, 0.10 x 70 + 0.10) = max(-9.90, 7.10) = 7.10 -> 710
        assertThat(RegTMargin.requirement(List.of(put(70, -1, 0.10)), 100, false)).isCloseTo(710, within(EPS));
    }

    @Test
    void broadBasedIndexUsesFifteenPercent() {
        // SPX 5000, short 4800 put at 10.00:
        // max(0.15 x 5000 - 200 + 10, 0.10 x 4800 + 10) = max(560, 490) = 560 -> 56,000
        // (an equity's 20% would be 1000 - 200 + 10 = 810 -> 81,000)
        assertThat(RegTMargin.requirement(List.of(put(4800, -1, 10)), 5000, true)).isCloseTo(56_000, within(EPS));
        assertThat(RegTMargin.requirement(List.of(put(4800, -1, 10)), 5000, false)).isCloseTo(81_000, within(EPS));
        assertThat(RegTMargin.broadBased("^SPX")).isTrue();
        assertThat(RegTMargin.broadBased("SPXW")).isTrue();
        assertThat(RegTMargin.broadBased("rut")).isTrue();
        assertThat(RegTMargin.broadBased("AAPL")).isFalse();
        assertThat(RegTMargin.broadBased("SPY")).isFalse(); // an ETF: equity rules
    }

    @Test
    void creditSpreadNeedsItsWidthAndADebitSpreadNothing() {
        // short 100 put at 2.00, long 95 put at 0.80, stock 102: width 5 x 100 = 500
        List<RegTMargin.Leg> credit = List.of(put(100, -1, 2.00), put(95, 1, 0.80));
        assertThat(RegTMargin.requirement(credit, 102, false)).isCloseTo(500, within(EPS));
        // value -200 + 80 < 0 adds nothing: ties up 500
        assertThat(RegTMargin.tiedUp(credit, 102, false)).isCloseTo(500, within(EPS));
        // the long put on the higher strike: a debit spread, paid 200 - 80 = 120 and nothing more
        List<RegTMargin.Leg> debit = List.of(put(100, 1, 2.00), put(95, -1, 0.80));
        assertThat(RegTMargin.requirement(debit, 102, false)).isZero();
        assertThat(RegTMargin.tiedUp(debit, 102, false)).isCloseTo(120, within(EPS));
    }

    @Test
    void aLongExpiringBeforeTheShortDoesNotCoverIt() {
        // long Feb 95 put, short Mar 95 put at 1.50: the short is naked, 1,650 as above
        List<RegTMargin.Leg> legs = List.of(put(95, 1, 1.00), new RegTMargin.Leg(OptionRight.PUT, 95, MAR, -1, 1.50));
        assertThat(RegTMargin.requirement(legs, 100, false)).isCloseTo(1_650, within(EPS));
        // the other way round (long Mar, short Feb) is a calendar: worth >= 0 at the short's expiry
        List<RegTMargin.Leg> calendar = List.of(put(95, -1, 1.00), new RegTMargin.Leg(OptionRight.PUT, 95, MAR, 1, 1.50));
        assertThat(RegTMargin.requirement(calendar, 100, false)).isZero();
    }

    @Test
    void shortStrangleIsTheLargerSidePlusTheOtherPremium() {
        // stock 100. short 105 call at 1.00: max(20 - 5 + 1, 10 + 1) = 16 -> 1,600
        //            short 90 put at 0.60:   max(20 - 10 + 0.60, 9 + 0.60) = 10.60 -> 1,060
        // max(1,600 + 60, 1,060 + 100) = 1,660 (not the sum 2,660)
        List<RegTMargin.Leg> strangle = List.of(call(105, -1, 1.00), put(90, -1, 0.60));
        assertThat(RegTMargin.requirement(strangle, 100, false)).isCloseTo(1_660, within(EPS));
    }

    @Test
    void ironCondorNeedsTheLargerWidth() {
        // put side 95/90 (width 5), call side 105/115 (width 10): only one can lose -> 10 x 100
        List<RegTMargin.Leg> condor = List.of(put(95, -1, 1.50), put(90, 1, 0.50), call(105, -1, 1.20),
                call(115, 1, 0.30));
        assertThat(RegTMargin.requirement(condor, 100, false)).isCloseTo(1_000, within(EPS));
        // an iron butterfly 95/100/100/105: both widths 5 -> 500
        List<RegTMargin.Leg> fly = List.of(put(95, 1, 0.50), put(100, -1, 2.00), call(100, -1, 2.00),
                call(105, 1, 0.50));
        assertThat(RegTMargin.requirement(fly, 100, false)).isCloseTo(500, within(EPS));
    }

    @Test
    void ratioSpreadIsASpreadPlusANakedShort() {
        // short 2 95 puts at 1.50, long 1 90 put: one 5-wide spread (500) + one naked 95 put (1,650)
        List<RegTMargin.Leg> legs = List.of(put(95, -2, 1.50), put(90, 1, 0.50));
        assertThat(RegTMargin.requirement(legs, 100, false)).isCloseTo(2_150, within(EPS));
    }

    @Test
    void coveredCallNeedsNothingBeyondTheStock() {
        // 100 shares at 100 and a short 105 call at 1.00: no requirement; the stock is paid in
        // full, so the position ties up its value 10,000 - 100 = 9,900
        List<RegTMargin.Leg> covered = List.of(new RegTMargin.Leg(null, 0, null, 1, 100), call(105, -1, 1.00));
        assertThat(RegTMargin.requirement(covered, 100, false)).isZero();
        assertThat(RegTMargin.tiedUp(covered, 100, false)).isCloseTo(9_900, within(EPS));
        // a second call is not covered: 1,600 for it (max(20 - 5 + 1, 10 + 1) x 100)
        List<RegTMargin.Leg> twoCalls = List.of(new RegTMargin.Leg(null, 0, null, 1, 100), call(105, -2, 1.00));
        assertThat(RegTMargin.requirement(twoCalls, 100, false)).isCloseTo(1_600, within(EPS));
        // short stock covers a short put; the stock itself needs 50% of 10,000
        List<RegTMargin.Leg> coveredPut = List.of(new RegTMargin.Leg(null, 0, null, -1, 100), put(95, -1, 1.50));
        assertThat(RegTMargin.requirement(coveredPut, 100, false)).isCloseTo(5_000, within(EPS));
    }

    @Test
    void marginCallClosesTheLargestPositionsUntilTheRestFits() {
        // three naked 95 puts on a 100 stock, marks 1.50: 1 contract (1,650), 3 (4,950), 2 (3,300);
        // total 9,900. With equity 6,000: the 3-lot goes first (9,900 - 4,950 = 4,950), and 4,950
        // fits in 6,000, so only position 2 is closed.
        List<OpenPosition> open = new ArrayList<>();
        open.add(position(1, 1));
        open.add(position(2, 3));
        open.add(position(3, 2));
        List<String> notes = new ArrayList<>();
        List<OpenPosition> closed = RegTMargin.marginCall(open, 6_000, 100, "XYZ", notes::add);
        assertThat(closed).extracting(OpenPosition::id).containsExactly(2L);
        assertThat(open.get(0).collateral()).isCloseTo(1_650, within(EPS));
        assertThat(notes).hasSize(1).allMatch(n -> n.contains("margin call") && n.contains("position 2"));
        // with equity 1,000: 3-lot (-> 4,950), 2-lot (-> 1,650), 1-lot (-> 0): all go, largest first
        assertThat(RegTMargin.marginCall(open, 1_000, 100, "XYZ", s -> { }))
                .extracting(OpenPosition::id).containsExactly(2L, 3L, 1L);
        // with equity 9,900 the requirement fits: nothing closes
        assertThat(RegTMargin.marginCall(open, 9_900, 100, "XYZ", s -> { })).isEmpty();
    }

    private static OpenPosition position(long id, int contracts) {
        OpenLeg leg = new OpenLeg(new ContractKey("XYZ", FEB, 95, OptionRight.PUT), -contracts, 1.50);
        return new OpenPosition(id, LocalDate.parse("2024-01-02"), List.of(leg), 0, 0);
    }
}
