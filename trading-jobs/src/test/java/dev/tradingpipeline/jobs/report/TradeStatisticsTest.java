package dev.tradingpipeline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.engine.Trade;
import dev.tradingpipeline.jobs.strategy.engine.TradeLeg;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradeStatisticsTest {

    private static final ContractKey PUT = new ContractKey("SPXW", LocalDate.of(2024, 2, 16), 4800, OptionRight.PUT);

    /**
     * <pre>
     *   take profit  01-02 to 01-09   7 days  +100
     *   take profit  01-03 to 01-05   2 days   +50
     *   stop loss    01-02 to 01-12  10 days  -300
     *   expiry       01-05 to 02-16  42 days     0  (26 days to Jan 31, 16 in February; 0 is no win)
     *   expiry       01-10 to 02-16  37 days  +200  (21 + 16)
     *   open         02-01            -         -20
     * </pre>
     * Rows in the order of ExitReason (expiry, take profit, stop loss), then open, then all:
     * expiry 2 trades, 50 %, average 100, 39.5 days; take profit 2, 100 %, 75, 4.5; stop loss 1, 0 %,
     * -300, 10; open 1, 0 %, -20, no days; all 6, 3 wins = 50 %, 30 / 6 = 5, 98 / 5 closed = 19.6 days.
     */
    static final List<Trade> TRADES = List.of(
            trade(1, "2024-01-02", "2024-01-09", ExitReason.TAKE_PROFIT, 100),
            trade(2, "2024-01-03", "2024-01-05", ExitReason.TAKE_PROFIT, 50),
            trade(3, "2024-01-02", "2024-01-12", ExitReason.STOP_LOSS, -300),
            trade(4, "2024-01-05", "2024-02-16", ExitReason.EXPIRY, 0),
            trade(5, "2024-01-10", "2024-02-16", ExitReason.EXPIRY, 200),
            trade(6, "2024-02-01", null, null, -20));

    @Test
    void byExitReasonByHand() {
        List<TradeStatistics> rows = TradeStatistics.byExitReason(TRADES);
        assertThat(rows).hasSize(5);
        assertRow(rows.get(0), ExitReason.EXPIRY, false, 2, 0.5, 100, 39.5);
        assertRow(rows.get(1), ExitReason.TAKE_PROFIT, false, 2, 1.0, 75, 4.5);
        assertRow(rows.get(2), ExitReason.STOP_LOSS, false, 1, 0.0, -300, 10);
        assertRow(rows.get(3), null, true, 1, 0.0, -20, Double.NaN);
        assertRow(rows.get(4), null, false, 6, 0.5, 5, 19.6);
        assertThat(rows.get(4).all()).isTrue();
        assertThat(rows.subList(0, 4)).noneMatch(TradeStatistics::all);
    }

    @Test
    void noTradesNoRows() {
        assertThat(TradeStatistics.byExitReason(List.of())).isEmpty();
    }

    @Test
    void theTearSheetShowsTheRows() {
        ReportEntry e = ReportFixtures.putWrite();
        String html = new HtmlReport("r", ReportFixtures.GENERATED_AT, List.of(new ReportEntry(e.strategy(),
                e.underlying(), e.parameters(), e.summary(), e.daily(), TRADES))).render();
        String table = HtmlReportTest.table(html, "exit-reasons");
        assertThat(HtmlReportTest.allMatches(table, "data-reason=\"([^\"]*)\"")).containsExactly("expiry",
                "take profit", "stop loss", "open", "all");
        assertThat(table).contains("<tr class=\"reason\" data-reason=\"take profit\"><th scope=\"row\">take profit</th>"
                + "<td class=\"num trades\">2</td><td class=\"num win-rate\">100.00%</td>"
                + "<td class=\"num average-pnl\">75.00</td><td class=\"num days-held\">4.5</td></tr>",
                "<td class=\"num average-pnl neg\">-300.00</td>", "<td class=\"num days-held\">n/a</td>",
                "<tr class=\"all\" data-reason=\"all\"><th scope=\"row\">all</th><td class=\"num trades\">6</td>"
                        + "<td class=\"num win-rate\">50.00%</td><td class=\"num average-pnl\">5.00</td>"
                        + "<td class=\"num days-held\">19.6</td></tr>");
    }

    private static void assertRow(TradeStatistics row, ExitReason reason, boolean open, int count, double winRate,
            double averagePnl, double days) {
        assertThat(row.reason()).isEqualTo(reason);
        assertThat(row.open()).isEqualTo(open);
        assertThat(row.count()).isEqualTo(count);
        assertThat(row.winRate()).isCloseTo(winRate, within(1e-12));
        assertThat(row.averagePnl()).isCloseTo(averagePnl, within(1e-9));
        if (Double.isNaN(days)) {
            assertThat(row.averageDaysHeld()).isNaN();
        } else {
            assertThat(row.averageDaysHeld()).isCloseTo(days, within(1e-12));
        }
    }

    private static Trade trade(long id, String entry, String exit, ExitReason reason, double pnl) {
        return new Trade(id, "put-write", "SPX", LocalDate.parse(entry), exit == null ? null : LocalDate.parse(exit),
                reason, List.of(new TradeLeg(PUT, -1, 10, 9)), -1000, 0.65, pnl);
    }
}
