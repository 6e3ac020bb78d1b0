package dev.tradingpipeline.jobs.report;

import static dev.tradingpipeline.jobs.report.HtmlReportTest.allMatches;
import static dev.tradingpipeline.jobs.report.HtmlReportTest.count;
import static dev.tradingpipeline.jobs.report.HtmlReportTest.section;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A long run summarises instead of inlining every row: a configured year-long simulation and a
 * sweep of 1,000 combinations (40 deltas x 25 DTEs) over 252 days give four tear sheets (the
 * configured one and the sweep's best three), a ranking of 25 + 5 rows, 1,000 heat map cells, and
 * a file of bounded size. {@link HtmlReportBrowserTest} opens the same report in Chromium and times it.
 */
class LargeReportTest {

    /** What a year-long run with a 1,000-point sweep may weigh. */
    static final int MAX_BYTES = 600 * 1024;

    private static String html;
    private static Sweep sweep;

    /** Every simulation passed as entries, as the strategy mode does; the sweep's are shown with it. */
    static HtmlReport longRun() {
        Sweep s = ReportFixtures.largeSweep(40, 25, 252);
        List<ReportEntry> all = new ArrayList<>();
        all.add(ReportFixtures.yearLong());
        all.addAll(s.entries());
        return new HtmlReport("long-run", ReportFixtures.GENERATED_AT, all, List.of(s));
    }

    @BeforeAll
    static void render() {
        HtmlReport report = longRun();
        sweep = ReportFixtures.largeSweep(40, 25, 252);
        long start = System.nanoTime();
        html = report.render();
        System.err.printf("LargeReportTest: %,d bytes rendered in %d ms%n", html.getBytes(StandardCharsets.UTF_8).length,
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void theFileStaysSmall() {
        assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(MAX_BYTES);
    }

    @Test
    void fourTearSheetsTheConfiguredOneThenTheSweepsBestThree() {
        assertThat(count(html, "<section class=\"strategy-section\"")).isEqualTo(4);
        assertThat(allMatches(html, "<section class=\"strategy-section\" id=\"(strategy-\\d+)\""))
                .containsExactly("strategy-1", "strategy-2", "strategy-3", "strategy-4");
        assertThat(section(html, "id=\"strategy-1\"")).doesNotContain("data-sweep");
        List<ReportEntry> ranked = SweepSection.ranked(sweep);
        for (int k = 0; k < 3; k++) {
            String s = section(html, "id=\"strategy-" + (k + 2) + "\"");
            assertThat(s).contains("data-sweep=\"sweep-1\"", "Rank " + (k + 1) + " of 1,000 in <a href=\"#sweep-1\">",
                    "(" + TearSheet.parameters(ranked.get(k).parameters()) + ")");
        }
        // the summary lists the four, not the 1,001 simulations
        assertThat(count(section(html, "<section id=\"summary\">"), "<tr class=\"summary-row\"")).isEqualTo(4);
        assertThat(html).contains("1,001 strategy runs · 1 sweep");
    }

    @Test
    void theRankingShowsItsTopAndBottomAndSaysWhatIsLeftOut() {
        String ranking = HtmlReportTest.table(section(html, "id=\"sweep-1\""), "sweep-ranking");
        assertThat(allMatches(ranking, "<td class=\"num rank\">(\\d+)</td>")).hasSize(30).startsWith("1", "2", "3")
                .endsWith("996", "997", "998", "999", "1000").contains("25").doesNotContain("26", "995");
        assertThat(ranking).contains("<tr class=\"sweep-gap\"><td colspan=\"17\">970 combinations ranked 26 to 995"
                + " not shown (every one is in gold.strategy_summary)</td></tr>");
        assertThat(section(html, "id=\"sweep-1\"")).contains("<p class=\"note sweep-capped\">Showing the top 25 and"
                + " the bottom 5 of 1,000 combinations; the 970 left out are in the heat map below, and every"
                + " combination is in the gold.strategy_summary table.</p>");
        // the best three link to their tear sheets
        assertThat(allMatches(ranking, "<a href=\"#(strategy-\\d+)\">")).containsExactly("strategy-2", "strategy-3",
                "strategy-4");
        // every combination has its heat map cell and a probabilistic Sharpe ratio in the ranking
        assertThat(count(html, "<td class=\"grid-cell\"")).isEqualTo(1000);
        assertThat(allMatches(ranking, "<td class=\"num psr\">([^<]*)</td>")).hasSize(30)
                .allSatisfy(p -> assertThat(Double.parseDouble(p)).isBetween(0.0, 1.0));
    }

    @Test
    void chartLinesHaveAtMostAPointPerDay() {
        // 252 (or 260) days over 820 pixel columns: nothing to decimate, every day a point
        String first = section(html, "id=\"strategy-1\"");
        assertThat(HtmlReportTest.polylinePoints(HtmlReportTest.svg(first, "equity-chart"), "strategy")).hasSize(260);
        assertThat(HtmlReportTest.polylinePoints(HtmlReportTest.svg(first, "rolling-sharpe-chart"), "strategy"))
                .hasSize(260 - 62);
    }
}
