package dev.tradingpipeline.jobs.report;

import static dev.tradingpipeline.jobs.report.HtmlReportTest.allMatches;
import static dev.tradingpipeline.jobs.report.HtmlReportTest.count;
import static dev.tradingpipeline.jobs.report.HtmlReportTest.polylinePoints;
import static dev.tradingpipeline.jobs.report.HtmlReportTest.section;
import static dev.tradingpipeline.jobs.report.HtmlReportTest.svg;
import static dev.tradingpipeline.jobs.report.HtmlReportTest.table;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One simulation's tear sheet, on a year of seeded days with a benchmark (ReportFixtures.yearLong). */
class TearSheetTest {

    private static final ReportEntry YEAR = ReportFixtures.yearLong();
    private static final String SHEET = render(YEAR);

    private static String render(ReportEntry e) {
        return section(new HtmlReport("r", ReportFixtures.GENERATED_AT, List.of(e)).render(), "id=\"strategy-1\"");
    }

    @Test
    void cumulativeReturnAgainstTheBenchmark() {
        String chart = svg(SHEET, "equity-chart");
        assertThat(chart).contains("aria-label=\"Cumulative return against SPX buy-and-hold\"", "<g class=\"legend\">",
                ">put-write</text>", ">SPX buy-and-hold</text>");
        List<double[]> strategy = polylinePoints(chart, "strategy");
        List<double[]> benchmark = polylinePoints(chart, "benchmark");
        assertThat(strategy).hasSize(260);
        // null on the first ten days: the benchmark's line starts on the eleventh, at 0 % (its value is the capital)
        assertThat(benchmark).hasSize(250);
        assertThat(benchmark.get(0)[0]).isEqualTo(strategy.get(10)[0]);
        // the strategy's line ends at its total return, labelled to a hundredth of the axis step (10 %)
        assertThat(chart).contains("text-anchor=\"end\">" + String.format(java.util.Locale.ROOT, "%.1f%%",
                YEAR.summary().totalReturn() * 100) + "</text>");
    }

    @Test
    void withoutABenchmarkOneLine() {
        ReportEntry bare = new ReportEntry(YEAR.strategy(), YEAR.underlying(), YEAR.parameters(), YEAR.summary(),
                YEAR.daily(), YEAR.trades());
        String sheet = render(bare);
        assertThat(count(svg(sheet, "equity-chart"), "<polyline")).isEqualTo(1);
        assertThat(sheet).doesNotContain("legend", "class=\"benchmark\"", "benchmark-return");
        // a benchmark named but without a value over the period says so
        String none = render(bare.withBenchmark("PUT index", Collections.nCopies(bare.daily().size(), null)));
        assertThat(none).contains("aria-label=\"Cumulative return\"",
                "<tr class=\"benchmark\"><th scope=\"row\">Benchmark</th><td>PUT index (no values over the period)</td>");
    }

    @Test
    void underwaterAndRollingCharts() {
        String underwater = svg(SHEET, "drawdown-chart");
        assertThat(underwater).contains("<polygon class=\"area underwater\"");
        assertThat(polylinePoints(underwater, "underwater")).hasSize(260);
        // a figure from the 63rd daily return on: 260 - 62 points
        assertThat(polylinePoints(svg(SHEET, "rolling-sharpe-chart"), "strategy")).hasSize(198);
        assertThat(polylinePoints(svg(SHEET, "rolling-volatility-chart"), "strategy")).hasSize(198);
        // four days of returns: no rolling figure, and the page says why
        assertThat(render(ReportFixtures.putWrite())).contains("<p class=\"rolling-charts empty\">Rolling 63-day"
                + " Sharpe ratio and volatility: they need at least 63 daily returns; this run has 4.</p>")
                .doesNotContain("rolling-sharpe-chart");
    }

    @Test
    void tablesOfTheTearSheet() {
        String worst = table(SHEET, "worst-drawdowns");
        assertThat(count(worst, "<tr class=\"drawdown\">")).isEqualTo(5);
        // the deepest is the summary's maximum drawdown
        assertThat(allMatches(worst, "<td class=\"num depth neg\">([^<]*)</td>").get(0))
                .isEqualTo(Formats.percent(YEAR.summary().maxDrawdown()));

        String yearly = table(SHEET, "yearly-returns");
        assertThat(yearly).contains("<th>SPX buy-and-hold</th><th>Excess</th>", "data-year=\"2023\"");
        assertThat(allMatches(yearly, "<td class=\"num return(?: neg)?\">([^<]*)</td>"))
                .containsExactly(Formats.percent(YEAR.summary().totalReturn()));

        assertThat(table(SHEET, "return-statistics")).contains("<th scope=\"row\">Daily returns</th><td>260</td>",
                "Kurtosis (3 for a normal distribution)");
        assertThat(SHEET).contains("<svg class=\"chart return-distribution\"");

        String reasons = table(SHEET, "exit-reasons");
        assertThat(allMatches(reasons, "data-reason=\"([^\"]*)\"")).containsExactly("expiry", "dte", "take profit",
                "stop loss", "all");
        assertThat(reasons).contains("<th scope=\"row\">all</th><td class=\"num trades\">" + YEAR.trades().size()
                + "</td>");

        assertThat(table(SHEET, "parameters")).contains("<th scope=\"row\">delta</th><td>0.3</td>",
                "<th scope=\"row\">dte</th><td>45</td>", "<th scope=\"row\">Cash rate (yearly)</th><td>4.00%</td>",
                "<th scope=\"row\">Benchmark</th><td>SPX buy-and-hold</td>");
    }

    @Test
    void sectionsInReadingOrder() {
        List<String> hooks = List.of("table class=\"parameters\"", "table class=\"conventions\"",
                "svg class=\"chart equity-chart\"", "svg class=\"chart drawdown-chart\"",
                "svg class=\"chart rolling-sharpe-chart\"", "svg class=\"chart rolling-volatility-chart\"",
                "table class=\"worst-drawdowns\"", "table class=\"monthly-returns", "table class=\"yearly-returns\"",
                "svg class=\"chart return-distribution\"", "table class=\"return-statistics\"",
                "table class=\"exit-reasons\"", "table class=\"trades\"");
        List<Integer> at = new ArrayList<>();
        for (String h : hooks) {
            assertThat(SHEET).as(h).contains(h);
            at.add(SHEET.indexOf(h));
        }
        assertThat(at).isSorted();
    }

    @Test
    void aBenchmarkSeriesMustMatchTheDays() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> YEAR.withBenchmark("x", List.of(1.0, 2.0)))
                .hasMessageContaining("2 benchmark values for 260 days");
    }
}
