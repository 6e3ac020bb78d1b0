package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.spec.Assignment;
import dev.tradingpipeline.jobs.strategy.spec.DteRange;
import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import dev.tradingpipeline.jobs.strategy.spec.Leg;
import dev.tradingpipeline.jobs.strategy.spec.Margin;
import dev.tradingpipeline.jobs.strategy.spec.Side;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.strategy.spec.StrikeSelection;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Members of one portfolio sharing one account ({@link SharedAccount}), stepped in lockstep
 * ({@link PortfolioLockstep}) on hand-built chains of two underlyings, AAA and BBB. Every option
 * expires 2024-02-01 (30 days after the first date); mid fills, no commission, no early
 * assignment, no interest, so that the figures are easy to follow. One contract is 100 shares.
 * Cash margin: a short put ties up strike x 100, a short call twice the larger of spot and strike
 * less the strike (x 100), a long option its debit.
 */
class SharedAccountTest {

    private static final String EXP = "2024-02-01";
    private static final String D1 = "2024-01-02";
    private static final String D2 = "2024-01-03";
    private static final String D3 = "2024-01-04";
    private static final String D4 = "2024-01-05";
    private static final double EPS = 1e-9;
    private static final Assignment NO_ASSIGNMENT = new Assignment(0, Assignment.Then.CLOSE, Set.of());

    /**
     * Account 100 000, members A (AAA, weight 0.5: 50 000) then B (BBB, weight 0.5: 50 000).
     * A: 4 short 200 puts (fixed), B: short 100 puts sized from capital. On 2024-01-02 AAA is at 200,
     * its 200 put quoted 4.90 / 5.10 (mid 5.00); BBB at 100, its 100 put 1.90 / 2.10 (mid 2.00).
     *
     * <p>A decides first: its 4 puts tie up 4 x 200 x 100 = 80 000, which fits the account's free
     * buying power 100 000. It sells them at 5.00: cash 50 000 + 2 000 = 52 000, equity at 15:45
     * 52 000 - 2 000 = 50 000.
     *
     * <p>B then: the account's equity at 15:45 is 50 000 + 50 000 = 100 000, A's puts tie up 80 000:
     * free buying power 20 000. B's budget is 0.5 x 100 000 - 0 (its own collateral) = 50 000, so its
     * free capital is min(50 000, 20 000) = 20 000: floor(20 000 / (100 x 100)) = 2 puts, where on
     * its own the 50 000 would have written 5. Cash 50 000 + 2 x 200 = 50 400.
     *
     * <p>The close (same quotes): A equity 50 000, cash 52 000, exposure 80 000; B equity 50 000,
     * cash 50 400, exposure 20 000; the account 100 000 with 100 000 tied up: nothing free.
     */
    @Test
    void theFirstMembersEntryTiesUpBuyingPowerAndTheSecondIsReducedToWhatFits() {
        StrategyEngine a = new StrategyEngine(shortPut("p/a", "AAA", Sizing.fixed(50_000, 4)).build());
        StrategyEngine b = new StrategyEngine(shortPut("p/b", "BBB", Sizing.fromCapital(50_000)).build());
        PortfolioLockstep lockstep = lockstep(a, "AAA", b, "BBB");
        // the chains of a date come in any order of underlyings
        lockstep.accept(day("BBB", D1, 100, put("BBB", D1, 100, 1.90, 2.10, -0.50, 100)));
        lockstep.accept(day("AAA", D1, 200, put("AAA", D1, 200, 4.90, 5.10, -0.50, 200)));
        lockstep.endDate();

        SimulationResult ra = a.result();
        SimulationResult rb = b.result();
        assertThat(ra.trades()).singleElement().satisfies(t -> assertThat(t.legs().get(0).quantity()).isEqualTo(-4));
        assertThat(rb.trades()).singleElement().satisfies(t -> assertThat(t.legs().get(0).quantity()).isEqualTo(-2));
        assertThat(rb.notes()).containsExactly("2024-01-02: account 'p': free buying power 20000.00 (equity 100000.00"
                + " at 15:45 less 80000.00 tied by its members' positions) is below this member's budget 50000.00"
                + " (0.5000 of the equity less its own 0.00): it sizes from the account's buying power");
        assertThat(ra.notes()).isEmpty();
        assertRow(ra.daily().get(0), 50_000, 52_000, 80_000);
        assertRow(rb.daily().get(0), 50_000, 50_400, 20_000);
        assertThat(lockstep.account().equityAtMarks()).isCloseTo(100_000, within(EPS));
        assertThat(lockstep.account().freeBuyingPower(a, LocalDate.parse(D1).plusDays(1), Set.of()))
                .isCloseTo(0, within(EPS));

        // on its own book, with its own 50 000, B writes 5
        StrategyEngine alone = new StrategyEngine(shortPut("b", "BBB", Sizing.fromCapital(50_000)).build());
        alone.onDay(day("BBB", D1, 100, put("BBB", D1, 100, 1.90, 2.10, -0.50, 100)));
        assertThat(alone.result().trades().get(0).legs().get(0).quantity()).isEqualTo(-5);
    }

    /**
     * The same chains. A fixed-size entry is held to the account's free buying power too:
     * <ul>
     *   <li>A 4 puts (80 000), then B fixed at 3 (3 x 10 000 = 30 000): the buying power left is
     *       20 000, so B's order is reduced to 2 puts (20 000), noted;</li>
     *   <li>A 5 puts (100 000), then B fixed at 1 (10 000): nothing is left (100 000 - 100 000), so B
     *       does not enter, noted;</li>
     *   <li>the members in the other order, B first from capital (budget 50 000: 5 puts, 50 000 tied),
     *       then A fixed at 4 (80 000) with 100 000 - 50 000 = 50 000 free: A is reduced to
     *       floor(50 000 / 20 000) = 2 puts: members decide in member order.</li>
     * </ul>
     */
    @Test
    void anEntryThatDoesNotFitTheAccountIsReducedOrRefusedNamingTheAccount() {
        StrategyEngine a = new StrategyEngine(shortPut("p/a", "AAA", Sizing.fixed(50_000, 4)).build());
        StrategyEngine b = new StrategyEngine(shortPut("p/b", "BBB", Sizing.fixed(50_000, 3)).build());
        day1(lockstep(a, "AAA", b, "BBB"));
        assertThat(b.result().trades().get(0).legs().get(0).quantity()).isEqualTo(-2);
        assertThat(b.result().notes()).contains("2024-01-02: account 'p': the entry's collateral 30000.00 exceeds the"
                + " account's free buying power 20000.00; reduced from 3 to 2 unit(s)");

        StrategyEngine full = new StrategyEngine(shortPut("p/a", "AAA", Sizing.fixed(50_000, 5)).build());
        StrategyEngine none = new StrategyEngine(shortPut("p/b", "BBB", Sizing.fixed(50_000, 1)).build());
        day1(lockstep(full, "AAA", none, "BBB"));
        assertThat(full.result().trades().get(0).legs().get(0).quantity()).isEqualTo(-5);
        assertThat(none.result().trades()).isEmpty();
        assertThat(none.result().notes()).contains("2024-01-02: account 'p': the entry's collateral 10000.00 exceeds"
                + " the account's free buying power 0.00; not entered");
        assertRow(none.result().daily().get(0), 50_000, 50_000, 0);

        StrategyEngine first = new StrategyEngine(shortPut("p/b", "BBB", Sizing.fromCapital(50_000)).build());
        StrategyEngine second = new StrategyEngine(shortPut("p/a", "AAA", Sizing.fixed(50_000, 4)).build());
        day1(lockstep(first, "BBB", second, "AAA"));
        assertThat(first.result().trades().get(0).legs().get(0).quantity()).isEqualTo(-5);
        assertThat(second.result().trades().get(0).legs().get(0).quantity()).isEqualTo(-2);
        assertThat(second.result().notes()).contains("2024-01-02: account 'p': the entry's collateral 80000.00"
                + " exceeds the account's free buying power 50000.00; reduced from 4 to 2 unit(s)");
    }

    /**
     * Account 100 000: A (weight 0.5) buys one 200 call of AAA on 2024-01-02 at mid 10.00 (9.90 /
     * 10.10): cash 49 000, collateral its debit 1 000, equity 50 000 at the close. B (weight 0.5)
     * starts on 2024-01-03 (the BBB chain of 2024-01-02 is outside its dates: skipped) and sells
     * short 50 puts of BBB (spot 50, quoted 0.90 / 1.10) sized from capital, 5 000 each.
     *
     * <p>Gains: on 2024-01-03 the call is quoted 109.90 / 110.10 at 15:45 (AAA at 300): A's equity
     * at 15:45 is 49 000 + 110 x 100 = 60 000, the account's 60 000 + 50 000 = 110 000. B's budget
     * is 0.5 x 110 000 = 55 000 (the buying power, 110 000 - 1 000, is larger): 11 puts, one more
     * than its own 50 000 pays for.
     *
     * <p>Losses: the call at 0.90 / 1.10 instead: A's equity 49 000 + 100 = 49 100, the account's
     * 99 100, B's budget 0.5 x 99 100 = 49 550: floor(49 550 / 5 000) = 9 puts.
     */
    @Test
    void membersResizeFromEachOthersGainsAndLosses() {
        assertThat(bPutsAfterACallAt(109.90, 110.10)).isEqualTo(-11);
        assertThat(bPutsAfterACallAt(0.90, 1.10)).isEqualTo(-9);
    }

    private static int bPutsAfterACallAt(double bid, double ask) {
        StrategySpec callSpec = StrategySpec.builder("p/a").underlyings("AAA")
                .leg(Leg.option(OptionRight.CALL, Side.LONG, 1, new DteRange(25, 35, 30),
                        new StrikeSelection.ByDelta(0.50, 0.10)))
                .entry(EntrySchedule.everyNDays(1000)).assignment(NO_ASSIGNMENT).sizing(Sizing.fixed(50_000, 1))
                .build();
        StrategyEngine a = new StrategyEngine(callSpec);
        StrategyEngine b = new StrategyEngine(shortPut("p/b", "BBB", Sizing.fromCapital(50_000))
                .dates(LocalDate.parse(D2), null).build());
        PortfolioLockstep lockstep = lockstep(a, "AAA", b, "BBB");
        lockstep.accept(day("AAA", D1, 200, call("AAA", D1, 200, 9.90, 10.10, 0.50, 200)));
        lockstep.accept(day("BBB", D1, 50, put("BBB", D1, 50, 0.90, 1.10, -0.50, 50)));
        lockstep.accept(day("AAA", D2, 300, call("AAA", D2, 200, bid, ask, 0.90, 300))); // ends D1
        lockstep.accept(day("BBB", D2, 50, put("BBB", D2, 50, 0.90, 1.10, -0.50, 50)));
        lockstep.endDate();
        assertThat(b.result().daily()).extracting(DailyRow::date).containsExactly(LocalDate.parse(D2));
        assertRow(a.result().daily().get(0), 50_000, 49_000, 1_000);
        return b.result().trades().get(0).legs().get(0).quantity();
    }

    /**
     * Account 20 000: A (10 000) sells one 100 call of AAA, B (10 000) one 100 put of BBB, both at
     * mid 2.00 on 2024-01-02 (spots 100). Collateral 10 000 each (the call: the underlying doubling
     * to 200 costs (200 - 100) x 100; the put: strike x 100); B's fits the 20 000 - 10 000 left
     * exactly. Cash 10 200 each, equity 10 000 each at the close.
     *
     * <p>2024-01-03, AAA alone has data (BBB none: B skips the date and carries 10 000): AAA at 250,
     * the call at mid 150: A's equity 10 200 - 15 000 = -4 800, below zero; the account's
     * -4 800 + 10 000 = 5 200 is not: no ruin, A trades on (on its own book it would have been
     * ruined). Exposure 20 000 > 5 200: a date over margin.
     *
     * <p>2024-01-04: AAA at 300, the call at mid 200: A 10 200 - 20 000 = -9 800; BBB at 90, the put at
     * mid 10: B 10 200 - 1 000 = 9 200. The account: -600, ruin: both close at their marks (RUIN:
     * A's P&amp;L 200 - 20 000 = -19 800, B's 200 - 1 000 = -800), both stop; 2024-01-05 is ignored.
     * Summed as PortfolioAccount sums the members' rows (B's carried on 2024-01-03): 20 000, 5 200,
     * -600, ruined on 2024-01-04, over margin on 2 dates (2024-01-03; and 2024-01-04, exposure 0 >
     * -600).
     */
    @Test
    void theAccountIsRuinedAtZeroNotAMemberAndEveryMemberStops() {
        StrategyEngine a = new StrategyEngine(StrategySpec.builder("p/a").underlyings("AAA")
                .leg(Leg.option(OptionRight.CALL, Side.SHORT, 1, new DteRange(25, 35, 30),
                        new StrikeSelection.ByDelta(0.50, 0.10)))
                .entry(EntrySchedule.everyNDays(1000)).assignment(NO_ASSIGNMENT).sizing(Sizing.fixed(10_000, 1))
                .build());
        StrategyEngine b = new StrategyEngine(shortPut("p/b", "BBB", Sizing.fixed(10_000, 1)).build());
        PortfolioLockstep lockstep = lockstep(a, "AAA", b, "BBB");
        lockstep.accept(day("AAA", D1, 100, call("AAA", D1, 100, 1.90, 2.10, 0.50, 100)));
        lockstep.accept(day("BBB", D1, 100, put("BBB", D1, 100, 1.90, 2.10, -0.50, 100)));
        lockstep.accept(day("AAA", D2, 250, call("AAA", D2, 100, 149.90, 150.10, 0.99, 250)));
        lockstep.accept(day("AAA", D3, 300, call("AAA", D3, 100, 199.90, 200.10, 0.99, 300)));
        lockstep.accept(day("BBB", D3, 90, put("BBB", D3, 100, 9.90, 10.10, -0.80, 90)));
        lockstep.accept(day("AAA", D4, 300, call("AAA", D4, 100, 199.90, 200.10, 0.99, 300)));
        lockstep.accept(day("BBB", D4, 90, put("BBB", D4, 100, 9.90, 10.10, -0.80, 90)));
        lockstep.endDate();

        SimulationResult ra = a.result();
        SimulationResult rb = b.result();
        assertThat(ra.daily()).extracting(DailyRow::date).containsExactly(LocalDate.parse(D1), LocalDate.parse(D2),
                LocalDate.parse(D3));
        assertThat(rb.daily()).extracting(DailyRow::date).containsExactly(LocalDate.parse(D1), LocalDate.parse(D3));
        assertRow(ra.daily().get(1), -4_800, 10_200, 10_000);
        assertRow(ra.daily().get(2), -9_800, -9_800, 0);
        assertRow(rb.daily().get(1), 9_200, 9_200, 0);
        assertThat(lockstep.account().ruinDate()).isEqualTo(LocalDate.parse(D3));
        assertThat(ra.ruinDate()).isEqualTo(LocalDate.parse(D3));
        assertThat(rb.ruinDate()).isEqualTo(LocalDate.parse(D3));
        assertThat(ra.trades()).singleElement().satisfies(t -> {
            assertThat(t.exitReason()).isEqualTo(ExitReason.RUIN);
            assertThat(t.pnl()).isCloseTo(-19_800, within(EPS));
        });
        assertThat(rb.trades()).singleElement().satisfies(t -> {
            assertThat(t.exitReason()).isEqualTo(ExitReason.RUIN);
            assertThat(t.pnl()).isCloseTo(-800, within(EPS));
        });
        assertThat(ra.notes()).containsExactly("2024-01-04: ruin of account 'p': its equity -600.00 at the close (this"
                + " member's -9800.00); open positions closed at their marks, no trading after this day");

        PortfolioAccount summed = new PortfolioAccount(List.of(new PortfolioAccount.Member("a", 10_000),
                new PortfolioAccount.Member("b", 10_000)));
        summed.onDate(LocalDate.parse(D1), new PortfolioAccount.MemberDay[] {memberDay(ra, 0), memberDay(rb, 0)});
        summed.onDate(LocalDate.parse(D2), new PortfolioAccount.MemberDay[] {memberDay(ra, 1), null});
        summed.onDate(LocalDate.parse(D3), new PortfolioAccount.MemberDay[] {memberDay(ra, 2), memberDay(rb, 1)});
        PortfolioAccount.Outcome o = summed.result();
        assertThat(o.daily()).extracting(DailyRow::equity).containsExactly(20_000.0, 5_200.0, -600.0);
        assertThat(o.ruinDate()).isEqualTo(LocalDate.parse(D3));
        assertThat(o.overMarginDays()).isEqualTo(2);

        // on its own book A is ruined on 2024-01-03
        StrategyEngine alone = new StrategyEngine(StrategySpec.builder("a").underlyings("AAA")
                .leg(Leg.option(OptionRight.CALL, Side.SHORT, 1, new DteRange(25, 35, 30),
                        new StrikeSelection.ByDelta(0.50, 0.10)))
                .entry(EntrySchedule.everyNDays(1000)).assignment(NO_ASSIGNMENT).sizing(Sizing.fixed(10_000, 1))
                .build());
        alone.onDay(day("AAA", D1, 100, call("AAA", D1, 100, 1.90, 2.10, 0.50, 100)));
        alone.onDay(day("AAA", D2, 250, call("AAA", D2, 100, 149.90, 150.10, 0.99, 250)));
        assertThat(alone.result().ruinDate()).isEqualTo(LocalDate.parse(D2));
    }

    /**
     * Reg T, account 100 000: A (50 000) sells 10 naked 100 puts of AAA, B (50 000) 20 naked 100 puts
     * of BBB, all at mid 5.00 with both underlyings at 100 (not broad-based: 20%). A put's
     * requirement: max(20% x 100 - 0 + 5, 10% x 100 + 5) = 25, x 100 = 2 500: A ties up 25 000, B
     * 50 000 (it fits the 100 000 - 25 000 left). Cash A 55 000, B 60 000; equity 50 000 each.
     *
     * <p>2024-01-03: AAA falls to 70, its put at mid 30; BBB stays, its put at 5. Equity: A 55 000 -
     * 30 000 = 25 000, B 60 000 - 10 000 = 50 000, the account 75 000. Requirements at the close: A's
     * put max(20% x 70 - 0 + 30, 10% x 100 + 30) = 44, x 100 x 10 = 44 000; B's 50 000; total
     * 94 000 > 75 000: a margin call on the account. The largest requirement first: B's position
     * (50 000) closes at its marks (P&amp;L 0), leaving 44 000 <= 75 000: A's stays open.
     *
     * <p>On their own books it would have been the other way round: A (25 000 < 44 000) called,
     * B (50 000 >= 50 000) not.
     */
    @Test
    void aRegTMarginCallIsTheAccountsAndClosesTheLargestRequirementFirst() {
        StrategyEngine a = new StrategyEngine(shortPut("p/a", "AAA", new Sizing(50_000, 10, Margin.REG_T)).build());
        StrategyEngine b = new StrategyEngine(shortPut("p/b", "BBB", new Sizing(50_000, 20, Margin.REG_T)).build());
        PortfolioLockstep lockstep = lockstep(a, "AAA", b, "BBB");
        DayChain a1 = day("AAA", D1, 100, put("AAA", D1, 100, 4.90, 5.10, -0.50, 100));
        DayChain a2 = day("AAA", D2, 70, put("AAA", D2, 100, 29.90, 30.10, -0.90, 70));
        lockstep.accept(a1);
        lockstep.accept(day("BBB", D1, 100, put("BBB", D1, 100, 4.90, 5.10, -0.50, 100)));
        lockstep.accept(a2);
        lockstep.accept(day("BBB", D2, 100, put("BBB", D2, 100, 4.90, 5.10, -0.50, 100)));
        lockstep.endDate();

        SimulationResult ra = a.result();
        SimulationResult rb = b.result();
        assertRow(ra.daily().get(0), 50_000, 55_000, 25_000);
        assertRow(rb.daily().get(0), 50_000, 60_000, 50_000);
        assertRow(ra.daily().get(1), 25_000, 55_000, 44_000);
        assertRow(rb.daily().get(1), 50_000, 50_000, 0);
        assertThat(rb.trades()).singleElement().satisfies(t -> {
            assertThat(t.exitReason()).isEqualTo(ExitReason.MARGIN_CALL);
            assertThat(t.exitDate()).isEqualTo(LocalDate.parse(D2));
            assertThat(t.pnl()).isCloseTo(0, within(EPS));
        });
        assertThat(rb.notes()).containsExactly("2024-01-03: margin call on account 'p': its equity 75000.00 is below"
                + " the Reg T requirement 94000.00 of its members' positions; closing position 1 (requirement"
                + " 50000.00) at the day's marks");
        assertThat(ra.trades()).singleElement().satisfies(t -> assertThat(t.exitReason())
                .isEqualTo(ExitReason.END_OF_DATA));
        assertThat(ra.ruinDate()).isNull();

        StrategyEngine alone = new StrategyEngine(shortPut("a", "AAA", new Sizing(50_000, 10, Margin.REG_T)).build());
        alone.onDay(a1);
        alone.onDay(a2);
        assertThat(alone.result().trades().get(0).exitReason()).isEqualTo(ExitReason.MARGIN_CALL);
    }

    /** With one member of the whole capital, the account is the member's own book: same trades and days. */
    @Test
    void aOneMemberAccountRunsAsTheSimulationOnItsOwn() {
        StrategySpec spec = Chains.shortPut().sizing(new Sizing(100_000, null, Margin.REG_T)).build();
        DayChain[] days = {Chains.entryDay(),
                Chains.day("2024-01-03", 90).put(EXP, 100, 9.90, 10.10, -0.80).build(),
                Chains.day(EXP, 95).put(EXP, 100, 4.90, 5.10, -0.95).build()};
        StrategyEngine alone = new StrategyEngine(spec);
        StrategyEngine member = new StrategyEngine(spec);
        PortfolioLockstep lockstep = new PortfolioLockstep("solo",
                List.of(new PortfolioLockstep.Member(Chains.UNDERLYING, member)));
        for (DayChain d : days) {
            alone.onDay(d);
            lockstep.accept(d);
        }
        lockstep.endDate();
        assertThat(member.result().daily()).isEqualTo(alone.result().daily());
        assertThat(member.result().trades()).isEqualTo(alone.result().trades());
        assertThat(alone.result().trades().get(0).legs().get(0).quantity()).isLessThan(-1); // sized, not fixed
    }

    @Test
    void chainsComeDateByDateAndAMemberIsSteppedOnlyByItsLockstep() {
        StrategyEngine a = new StrategyEngine(shortPut("p/a", "AAA", Sizing.fixed(50_000, 1)).build());
        StrategyEngine b = new StrategyEngine(shortPut("p/b", "BBB", Sizing.fixed(50_000, 1)).build());
        PortfolioLockstep lockstep = lockstep(a, "AAA", b, "BBB");
        DayChain aaa = day("AAA", D2, 200, put("AAA", D2, 200, 4.90, 5.10, -0.50, 200));
        lockstep.accept(aaa);
        assertThatThrownBy(() -> lockstep.accept(aaa)).hasMessageContaining("two chains of AAA on 2024-01-03");
        assertThatThrownBy(() -> lockstep.accept(day("BBB", D1, 100)))
                .hasMessageContaining("dates must come in order: 2024-01-02 after 2024-01-03");
        lockstep.endDate();
        assertThatThrownBy(() -> lockstep.accept(day("BBB", D2, 100)))
                .hasMessageContaining("dates must come in order: 2024-01-03 after 2024-01-03");
        assertThatThrownBy(() -> a.onDay(day("AAA", D3, 200)))
                .hasMessageContaining("is a member of account 'p': its PortfolioLockstep steps it");
        assertThatThrownBy(() -> new SharedAccount("q", List.of(a)))
                .hasMessageContaining("has traded: it cannot join an account");
    }

    @Test
    void aMembersConventionsStateTheAccountsSizingMarginCallsAndRuin() {
        StrategySpec spec = shortPut("p/b", "BBB", new Sizing(50_000, null, Margin.REG_T)).build();
        List<Conventions.Convention> own = Conventions.of(spec);
        List<Conventions.Convention> member = Conventions.ofMember(spec, SettlementStyles.DEFAULT, "p", 0.5);
        assertThat(member).extracting(Conventions.Convention::topic)
                .containsExactlyElementsOf(java.util.stream.Stream.concat(own.stream().map(Conventions.Convention::topic),
                        java.util.stream.Stream.of("Account")).toList());
        assertThat(member.stream().filter(c -> c.topic().equals("Sizing")).findFirst().orElseThrow().rule())
                .startsWith("from capital: as many units as the lesser of 0.5000 x the account's equity at 15:45");
        assertThat(member.stream().filter(c -> c.topic().equals("Margin")).findFirst().orElseThrow().rule())
                .contains("the account's equity below all its members' requirements");
        assertThat(member.stream().filter(c -> c.topic().equals("Ruin")).findFirst().orElseThrow().rule())
                .contains("the member's own equity below zero is no ruin");
        assertThat(member.get(member.size() - 1).rule()).startsWith("a member of portfolio 'p'")
                .endsWith(PortfolioAccount.ACCOUNT_RULE);
        assertThat(member.stream().filter(c -> c.topic().equals("Fills")).findFirst().orElseThrow())
                .isEqualTo(own.stream().filter(c -> c.topic().equals("Fills")).findFirst().orElseThrow());
    }

    // helpers

    private static PortfolioLockstep lockstep(StrategyEngine a, String ua, StrategyEngine b, String ub) {
        return new PortfolioLockstep("p", List.of(new PortfolioLockstep.Member(ua, a),
                new PortfolioLockstep.Member(ub, b)));
    }

    private static void day1(PortfolioLockstep lockstep) {
        lockstep.accept(day("AAA", D1, 200, put("AAA", D1, 200, 4.90, 5.10, -0.50, 200)));
        lockstep.accept(day("BBB", D1, 100, put("BBB", D1, 100, 1.90, 2.10, -0.50, 100)));
        lockstep.endDate();
    }

    /** One short put a unit, 25-35 DTE by delta 0.50, entered once; mid fills, no commission or assignment. */
    private static StrategySpec.Builder shortPut(String name, String underlying, Sizing sizing) {
        return StrategySpec.builder(name).underlyings(underlying)
                .leg(Leg.option(OptionRight.PUT, Side.SHORT, 1, new DteRange(25, 35, 30),
                        new StrikeSelection.ByDelta(-0.50, 0.10)))
                .entry(EntrySchedule.everyNDays(1000)).assignment(NO_ASSIGNMENT).sizing(sizing);
    }

    private static DayChain day(String underlying, String date, double spot, OptionQuote... quotes) {
        return new DayChain(LocalDate.parse(date), underlying, spot, spot, List.of(quotes));
    }

    /** Quoted the same at 15:45 and at the close. */
    private static OptionQuote put(String underlying, String date, double strike, double bid, double ask,
            double delta, double spot) {
        return quote(underlying, date, OptionRight.PUT, strike, bid, ask, delta, spot);
    }

    private static OptionQuote call(String underlying, String date, double strike, double bid, double ask,
            double delta, double spot) {
        return quote(underlying, date, OptionRight.CALL, strike, bid, ask, delta, spot);
    }

    private static OptionQuote quote(String underlying, String date, OptionRight right, double strike, double bid,
            double ask, double delta, double spot) {
        LocalDate d = LocalDate.parse(date);
        LocalDate exp = LocalDate.parse(EXP);
        return new OptionQuote(underlying, d, underlying, exp, strike, right, bid, ask, bid, ask, delta, 0.2, spot,
                (int) ChronoUnit.DAYS.between(d, exp));
    }

    private static void assertRow(DailyRow row, double equity, double cash, double exposure) {
        assertThat(row.equity()).as("equity on " + row.date()).isCloseTo(equity, within(EPS));
        assertThat(row.cash()).as("cash on " + row.date()).isCloseTo(cash, within(EPS));
        assertThat(row.exposure()).as("exposure on " + row.date()).isCloseTo(exposure, within(EPS));
    }

    private static PortfolioAccount.MemberDay memberDay(SimulationResult r, int i) {
        DailyRow d = r.daily().get(i);
        return new PortfolioAccount.MemberDay(d.equity(), d.cash(), d.exposure());
    }
}
