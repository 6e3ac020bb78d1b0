package dev.tradingpipeline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.strategy.engine.PortfolioAccount.Member;
import dev.tradingpipeline.jobs.strategy.engine.PortfolioAccount.MemberDay;
import dev.tradingpipeline.jobs.strategy.engine.PortfolioAccount;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PortfolioSectionTest {

    /**
     * A (capital 1 000) and B (500) as in PortfolioAccountTest: returns 1, 2, 3, 4 % and 1, 3, 2, 4 %,
     * correlation 0.8, P&amp;L 103.55024 and 51.77512. C (500) stays flat: no variation, so its
     * correlations are undefined, and it contributes nothing. Account capital 2 000, P&amp;L 155.32536:
     * total return 7.77 %; contributions 2/3 = 66.67 %, 1/3 = 33.33 %, 0 %; return contributions
     * 103.55024 / 2 000 = 5.18 %, 51.77512 / 2 000 = 2.59 %, 0 %. Weights 1 000 / 2 000 = 50 %, 25 %, 25 %.
     */
    private static PortfolioSection.Model model() {
        PortfolioAccount account = new PortfolioAccount(List.of(new Member("A/^SPX", 1000), new Member("B/<SPY>", 500),
                new Member("C/AAPL", 500)));
        double[] a = {1010, 1030.2, 1061.106, 1103.55024};
        double[] b = {505, 520.15, 530.553, 551.77512};
        for (int t = 0; t < 4; t++) {
            account.onDate(LocalDate.of(2024, 3, 4 + t), new MemberDay[] {new MemberDay(a[t], a[t], 0),
                new MemberDay(b[t], b[t], 0), new MemberDay(500, 500, 0)});
        }
        return PortfolioSection.Model.of("income & more", "cash", account.result(), List.of(0.5, 0.25, 0.25));
    }

    @Test
    void theMembersTableShowsEachMembersShareAndWhatItBroughtBack() {
        String html = PortfolioSection.render(model(), 2);
        assertThat(html).startsWith("<section id=\"portfolio-2\" class=\"portfolio\">\n<h2>Portfolio: income &amp; more</h2>");
        assertThat(html).contains("<p class=\"meta\">Capital 2,000.00 · margin cash · total return 7.77% · 3 member"
                + " simulations</p>");
        List<String> rows = all(html, "(<tr class=\"portfolio-member\">.*?</tr>)");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).contains("<th scope=\"row\" class=\"member\">A/^SPX</th>");
        assertThat(cell(rows.get(0), "weight")).isEqualTo("50.00%");
        assertThat(cell(rows.get(0), "capital")).isEqualTo("1,000.00");
        assertThat(cell(rows.get(0), "pnl")).isEqualTo("103.55");
        assertThat(cell(rows.get(0), "contribution")).isEqualTo("66.67%");
        assertThat(cell(rows.get(0), "return-contribution")).isEqualTo("5.18%");
        assertThat(rows.get(1)).contains(">B/&lt;SPY&gt;</th>");
        assertThat(cell(rows.get(1), "weight")).isEqualTo("25.00%");
        assertThat(cell(rows.get(1), "pnl")).isEqualTo("51.78");
        assertThat(cell(rows.get(1), "contribution")).isEqualTo("33.33%");
        assertThat(cell(rows.get(1), "return-contribution")).isEqualTo("2.59%");
        assertThat(cell(rows.get(2), "contribution")).isEqualTo("0.00%");
        String total = all(html, "(<tr class=\"portfolio-total\">.*?</tr>)").get(0);
        assertThat(cell(total, "pnl")).isEqualTo("155.33");
        assertThat(cell(total, "return-contribution")).isEqualTo("7.77%");
        assertThat(html).contains("<p class=\"note account-rule\">Convention: the members share one account: its"
                + " equity, cash and exposure are the sums of theirs,", "return contribution its P&amp;L over the"
                + " account&#39;s capital (they add up to the total return)");
        assertThat(html).doesNotContain("over-margin", "class=\"note ruin\"");
    }

    @Test
    void theCorrelationMatrixIsAHeatMappedTable() {
        String html = PortfolioSection.render(model(), 1);
        String table = all(html, "(<table class=\"portfolio-correlations heatmap\">.*?</table>)").get(0);
        assertThat(all(table, "(<td class=\"correlation[^\"]*\")")).hasSize(9);
        // by hand: 0.8 is w = 0.7 x 0.8 = 0.56 of the way from white to rgb(33,102,172):
        // 255 - 222 x 0.56 = 130.68, 255 - 153 x 0.56 = 169.32, 255 - 83 x 0.56 = 208.52
        assertThat(table).contains("<td class=\"correlation\" data-row=\"A/^SPX\" data-column=\"B/&lt;SPY&gt;\""
                + " style=\"background:rgb(131,169,209)\">0.80</td>");
        assertThat(table).contains("<td class=\"correlation\" data-row=\"B/&lt;SPY&gt;\" data-column=\"A/^SPX\""
                + " style=\"background:rgb(131,169,209)\">0.80</td>");
        // 1: w = 0.7: 255 - 155.4, 255 - 107.1, 255 - 58.1
        assertThat(table).contains("data-row=\"A/^SPX\" data-column=\"A/^SPX\" style=\"background:rgb(100,148,197)\">1.00</td>");
        assertThat(table).contains("<td class=\"correlation empty\" data-row=\"C/AAPL\" data-column=\"A/^SPX\">n/a</td>");
        assertThat(table).contains("<td class=\"correlation empty\" data-row=\"C/AAPL\" data-column=\"C/AAPL\">n/a</td>");
        // negative: red, -0.5 is w = 0.35 toward rgb(178,24,43): 255 - 77 x 0.35 = 228.05, 255 - 231 x 0.35 =
        // 174.15, 255 - 212 x 0.35 = 180.8
        assertThat(PortfolioSection.color(-0.5)).isEqualTo("rgb(228,174,181)");
        assertThat(PortfolioSection.color(0)).isEqualTo("rgb(255,255,255)");
    }

    @Test
    void overMarginDatesAndRuinAreStatedAndNothingIsLoaded() {
        PortfolioSection.Model m = model();
        PortfolioSection.Model ruined = new PortfolioSection.Model(m.name(), m.capital(), "reg-t", -1.05, m.members(),
                3, LocalDate.of(2024, 3, 6));
        String html = PortfolioSection.render(ruined, 1);
        assertThat(html).contains("<p class=\"note over-margin\">On 3 dates the members' summed margin requirement"
                + " exceeded the account's equity.</p>");
        assertThat(html).contains("<p class=\"note ruin\">Ruined on 2024-03-06: the account's equity reached zero;"
                + " its series ends there.</p>");
        assertThat(html).contains("margin reg-t · total return -105.00%");
        assertThat(html.toLowerCase()).doesNotContain("<script", "http://", "https://", "url(", "src=", "<img");
        assertThat(PortfolioSection.render(new PortfolioSection.Model("flat", 100, "cash", 0,
                List.of(new PortfolioSection.Member("A", 1, 100, 0, Double.NaN, 0, Map.of("A", Double.NaN))), 0, null),
                1)).contains("<td class=\"num contribution\">n/a</td>").contains(" member simulation</p>");
    }

    private static String cell(String row, String cssClass) {
        Matcher m = Pattern.compile("<td class=\"num " + cssClass + "(?: neg)?\">([^<]*)</td>").matcher(row);
        assertThat(m.find()).as(cssClass + " in " + row).isTrue();
        return m.group(1);
    }

    private static List<String> all(String html, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
