package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.engine.PortfolioAccount.Member;
import dev.tradingpipeline.jobs.strategy.engine.PortfolioAccount.MemberDay;
import dev.tradingpipeline.jobs.strategy.engine.PortfolioAccount.MemberResult;
import dev.tradingpipeline.jobs.strategy.engine.PortfolioAccount.Outcome;
import dev.tradingpipeline.jobs.testing.NaiveStatistics;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortfolioAccountTest {

    private static final LocalDate D1 = LocalDate.of(2024, 3, 4);
    private static final LocalDate D2 = D1.plusDays(1);
    private static final LocalDate D3 = D1.plusDays(2);
    private static final LocalDate D4 = D1.plusDays(3);
    private static final LocalDate D5 = D1.plusDays(4);
    private static final double EPS = 1e-9;

    private static MemberDay day(double equity) {
        return new MemberDay(equity, equity, 0);
    }

    private static MemberDay day(double equity, double cash, double exposure) {
        return new MemberDay(equity, cash, exposure);
    }

    /**
     * A: capital 1 000, daily returns 1%, 2%, 3%, 4%: equity 1 010, 1 030.2, 1 061.106, 1 103.55024.
     * B: capital 500, daily returns 1%, 3%, 2%, 4%: equity 505, 520.15, 530.553, 551.77512.
     *
     * <p>Account: capital 1 500; equity 1 515, 1 550.35, 1 591.659, 1 655.32536 (the sums), daily P&amp;L
     * 15, 35.35, 41.309, 63.66636; never below its peak, so drawdown 0.
     *
     * <p>P&amp;L: A 103.55024, B 51.77512, account 155.32536. Both grew by the same factor
     * 1.01 x 1.02 x 1.03 x 1.04 = 1.1035502 (the product does not depend on the order), so A's share is
     * exactly 1 000 / 1 500 = 2/3 and B's 1/3; return contributions 103.55024 / 1 500 = 0.06903349 and
     * 51.77512 / 1 500 = 0.03451675, adding up to the total return 0.10355024.
     *
     * <p>Correlation of (1, 2, 3, 4) and (1, 3, 2, 4) (a correlation ignores the scale): both means 2.5,
     * deviations (-1.5, -0.5, 0.5, 1.5) and (-1.5, 0.5, -0.5, 1.5); sum of products 2.25 - 0.25 - 0.25 +
     * 2.25 = 4, sums of squares 5 and 5: r = 4 / sqrt(5 x 5) = 0.8.
     */
    @Test
    void theAccountIsTheSumOfItsMembersWithTheirContributionsAndCorrelation() {
        PortfolioAccount account = new PortfolioAccount(List.of(new Member("A/^SPX", 1000), new Member("B/SPY", 500)));
        double[] a = {1010, 1030.2, 1061.106, 1103.55024};
        double[] b = {505, 520.15, 530.553, 551.77512};
        LocalDate[] dates = {D1, D2, D3, D4};
        for (int t = 0; t < 4; t++) {
            account.onDate(dates[t], new MemberDay[] {day(a[t], a[t] - 100, 100), day(b[t], b[t], 50)});
        }
        Outcome o = account.result();

        assertThat(o.capital()).isEqualTo(1500);
        assertThat(o.daily()).extracting(DailyRow::date).containsExactly(D1, D2, D3, D4);
        double[] equity = {1515, 1550.35, 1591.659, 1655.32536};
        double[] pnl = {15, 35.35, 41.309, 63.66636};
        for (int t = 0; t < 4; t++) {
            DailyRow r = o.daily().get(t);
            assertThat(r.equity()).isCloseTo(equity[t], within(EPS));
            assertThat(r.cash()).isCloseTo(equity[t] - 100, within(EPS));
            assertThat(r.exposure()).isEqualTo(150);
            assertThat(r.dailyPnl()).isCloseTo(pnl[t], within(EPS));
            assertThat(r.drawdown()).isZero();
        }
        assertThat(o.ruinDate()).isNull();
        assertThat(o.overMarginDays()).isZero();
        assertThat(o.pnl()).isCloseTo(155.32536, within(EPS));
        assertThat(o.notes()).isEmpty();

        MemberResult ma = o.members().get(0);
        MemberResult mb = o.members().get(1);
        assertThat(ma.pnl()).isCloseTo(103.55024, within(EPS));
        assertThat(mb.pnl()).isCloseTo(51.77512, within(EPS));
        assertThat(ma.contribution()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(mb.contribution()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(ma.returnContribution()).isCloseTo(0.06903349333, within(EPS));
        assertThat(mb.returnContribution()).isCloseTo(0.03451674667, within(EPS));
        assertThat(ma.returnContribution() + mb.returnContribution())
                .isCloseTo(o.summary(0, new double[0]).totalReturn(), within(EPS));

        assertThat(ma.correlations()).containsOnlyKeys("A/^SPX", "B/SPY");
        assertThat(ma.correlations().get("B/SPY")).isCloseTo(0.8, within(EPS));
        assertThat(mb.correlations().get("A/^SPX")).isCloseTo(0.8, within(EPS));
        assertThat(ma.correlations().get("A/^SPX")).isCloseTo(1, within(EPS));
        // and computed a second, naive way from the equities: two-pass Pearson
        assertThat(ma.correlations().get("B/SPY"))
                .isCloseTo(NaiveStatistics.pearson(returns(1000, a), returns(500, b)), within(1e-12));
    }

    /**
     * Capitals 100 and 100 (account 200).
     * D1: A equity 120 (exposure 150), B 90 (exposure 20): account 210, exposure 170 <= 210; P&amp;L +10, a new peak.
     * D2: A 60 (exposure 150), B 80 (0): account 140 < exposure 150: over margin; P&amp;L -70; drawdown
     *     140 / 210 - 1 = -1/3.
     * D3: A -50 (0), B 40 (0): account -10: ruin; exposure 0 > -10 counts as over margin too; P&amp;L -150;
     *     drawdown -10 / 210 - 1 = -1.0476190.
     * D4 is ignored. P&amp;L: A -150, B -60, account -210: contributions 150/210 = 0.7142857 and
     * 60/210 = 0.2857143; return contributions -0.75 and -0.30, adding up to -10 / 200 - 1 = -1.05.
     */
    @Test
    void aMembersLossIsTheAccountsAndTheAccountIsRuinedAtZero() {
        PortfolioAccount account = new PortfolioAccount(List.of(new Member("A", 100), new Member("B", 100)));
        account.onDate(D1, new MemberDay[] {day(120, -30, 150), day(90, 70, 20)});
        account.onDate(D2, new MemberDay[] {day(60, -90, 150), day(80, 80, 0)});
        account.onDate(D3, new MemberDay[] {day(-50, -50, 0), day(40, 40, 0)});
        account.onDate(D4, new MemberDay[] {day(100), day(100)});
        Outcome o = account.result();

        assertThat(o.daily()).extracting(DailyRow::date).containsExactly(D1, D2, D3);
        assertThat(o.daily()).extracting(DailyRow::equity).containsExactly(210.0, 140.0, -10.0);
        assertThat(o.daily()).extracting(DailyRow::cash).containsExactly(40.0, -10.0, -10.0);
        assertThat(o.daily()).extracting(DailyRow::exposure).containsExactly(170.0, 150.0, 0.0);
        assertThat(o.daily()).extracting(DailyRow::dailyPnl).containsExactly(10.0, -70.0, -150.0);
        assertThat(o.daily().get(0).drawdown()).isZero();
        assertThat(o.daily().get(1).drawdown()).isCloseTo(-1.0 / 3, within(EPS));
        assertThat(o.daily().get(2).drawdown()).isCloseTo(-1.0476190476, within(EPS));
        assertThat(o.ruinDate()).isEqualTo(D3);
        assertThat(o.overMarginDays()).isEqualTo(2);
        assertThat(o.members()).extracting(MemberResult::pnl).containsExactly(-150.0, -60.0);
        assertThat(o.members().get(0).contribution()).isCloseTo(0.7142857143, within(EPS));
        assertThat(o.members().get(1).contribution()).isCloseTo(0.2857142857, within(EPS));
        assertThat(o.members()).extracting(MemberResult::returnContribution).containsExactly(-0.75, -0.3);
        assertThat(o.summary(0, new double[0]).totalReturn()).isCloseTo(-1.05, within(EPS));
        assertThat(o.summary(0, new double[0]).maxDrawdown()).isCloseTo(-1.0476190476, within(EPS));
        assertThat(o.notes()).containsExactly(
                "2 date(s) on which the members' summed margin requirement exceeded the account's equity (first"
                        + " 2024-03-05): held to the account's buying power when entered, the positions outgrew it"
                        + " after losses",
                "ruin: the account's equity reached zero or below on 2024-03-06; its series ends there");
    }

    /**
     * Capitals 100 and 100. A has rows on D1 (101), D3 (103) and D4 (104): D2 is a gap, its 101 carried.
     * B starts on D2 (102) and has no row after it: its capital counts as cash on D1, its 102 is carried
     * on D3 and D4 (its series ended: no gap). Account: 101 + 100 = 201, 101 + 102 = 203, 103 + 102 =
     * 205, 104 + 102 = 206.
     *
     * <p>Returns counted: A on D1 (first row, 101 / 100 - 1) and D4 (104 / 103 - 1; D3 follows a gap, so
     * not counted); B on D2 only. No common date: their correlation is undefined; A's with itself is 1
     * (two returns that differ), B's with itself undefined (one return).
     */
    @Test
    void aMemberWithoutARowCarriesItsLastEquityAndCorrelationsUseTheDatesBothHave() {
        PortfolioAccount account = new PortfolioAccount(List.of(new Member("A", 100), new Member("B", 100)));
        account.onDate(D1, new MemberDay[] {day(101, 1, 100), null});
        account.onDate(D2, new MemberDay[] {null, day(102, 52, 50)});
        account.onDate(D3, new MemberDay[] {day(103, 3, 100), null});
        account.onDate(D4, new MemberDay[] {day(104, 4, 100), null});
        Outcome o = account.result();

        assertThat(o.daily()).extracting(DailyRow::equity).containsExactly(201.0, 203.0, 205.0, 206.0);
        assertThat(o.daily()).extracting(DailyRow::cash).containsExactly(101.0, 53.0, 55.0, 56.0);
        assertThat(o.daily()).extracting(DailyRow::exposure).containsExactly(100.0, 150.0, 150.0, 150.0);
        assertThat(o.members()).extracting(MemberResult::pnl).containsExactly(4.0, 2.0);
        assertThat(o.members().get(0).correlations().get("B")).isNaN();
        assertThat(o.members().get(0).correlations().get("A")).isCloseTo(1, within(EPS));
        assertThat(o.members().get(1).correlations().get("B")).isNaN();
        assertThat(o.notes()).containsExactly(
                "A: no row on 1 date(s) within its series (first 2024-03-05): its last equity carried",
                "B: first day 2024-03-05: its capital counted as cash before");
    }

    @Test
    void aFlatAccountHasNoContributionAndAMemberWithoutDaysStaysCash() {
        PortfolioAccount account = new PortfolioAccount(List.of(new Member("A", 100), new Member("B", 50)));
        account.onDate(D1, new MemberDay[] {day(110), null});
        account.onDate(D5, new MemberDay[] {day(100), null});
        Outcome o = account.result();
        // back to 100 + 50: no P&L to share out
        assertThat(o.pnl()).isZero();
        assertThat(o.members()).allSatisfy(m -> assertThat(m.contribution()).isNaN());
        assertThat(o.members()).extracting(MemberResult::returnContribution).containsExactly(0.0, 0.0);
        assertThat(o.daily().get(1).drawdown()).isCloseTo(150.0 / 160 - 1, within(EPS));
        assertThat(o.notes()).containsExactly("B: no day simulated: its capital stays cash throughout");
    }

    @Test
    void datesComeInOrderWithOneRowPerMember() {
        PortfolioAccount account = new PortfolioAccount(List.of(new Member("A", 100)));
        account.onDate(D2, new MemberDay[] {day(100)});
        assertThatThrownBy(() -> account.onDate(D1, new MemberDay[] {day(100)}))
                .hasMessageContaining("dates must come in order: 2024-03-04 after 2024-03-05");
        assertThatThrownBy(() -> account.onDate(D3, new MemberDay[] {day(100), day(1)}))
                .hasMessageContaining("expected 1 member rows, got 2");
        assertThatThrownBy(() -> new PortfolioAccount(List.of(new Member("A", 1), new Member("A", 2))))
                .hasMessageContaining("member 'A' is given twice");
    }

    private static double[] returns(double capital, double[] equity) {
        double[] r = new double[equity.length];
        double previous = capital;
        for (int i = 0; i < equity.length; i++) {
            r[i] = equity[i] / previous - 1;
            previous = equity[i];
        }
        return r;
    }
}
