package dev.tradingpipeline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.engine.Trade;
import dev.tradingpipeline.jobs.strategy.engine.TradeLeg;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    private final String html = ReportFixtures.report().render();

    @Test
    void isSelfContainedAndStatic() {
        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html.toLowerCase()).doesNotContain("<script", "http://", "https://", "<link", "<img", "<iframe",
                "@import", "url(", "src=", "javascript:");
        // The CSP makes the browser refuse anything that would be fetched.
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
        // In-page anchors are the only links.
        assertThat(allMatches(html, "href=\"([^\"]*)\"")).allSatisfy(h -> assertThat(h).startsWith("#"));
    }

    @Test
    void summaryHasOneRowPerEntryWithFormattedFigures() {
        String summary = section(html, "<section id=\"summary\">");
        List<String> rows = allMatches(summary, "(<tr class=\"summary-row\".*?</tr>)");
        // the two configured simulations, then the sweep's best three (ReportFixtures.sweep's ranking)
        assertThat(rows).hasSize(5);
        assertThat(summary).contains("<tr class=\"summary-group\"><th colspan=\"14\">Sweep <a href=\"#sweep-1\">"
                + "put-write</a>: the best 3 of 4 combinations by Sharpe</th></tr>");
        assertThat(rows.subList(2, 5)).extracting(r -> allMatches(r, "<td class=\"parameters\">([^<]*)</td>").get(0))
                .containsExactly("delta 0.3, dte 30", "delta 0.2, dte 45", "delta 0.2, dte 30");
        assertThat(allMatches(summary, "data-entry=\"(strategy-\\d+)\"")).containsExactly("strategy-1", "strategy-2",
                "strategy-3", "strategy-4", "strategy-5");

        // By hand (ReportFixtures.putWrite): +4.04 %, max drawdown -2.00 %, 3 trades, 2 winners.
        String putWrite = rows.get(0);
        assertThat(cell(putWrite, "total-return")).isEqualTo("4.04%");
        assertThat(cell(putWrite, "max-drawdown")).isEqualTo("-2.00%");
        assertThat(cell(putWrite, "win-rate")).isEqualTo("66.67%");
        assertThat(cell(putWrite, "profit-factor")).isEqualTo("9.08");
        assertThat(cell(putWrite, "trades")).isEqualTo("3");
        assertThat(cell(putWrite, "average-trade")).isEqualTo("1,346.67");
        assertThat(putWrite).contains("<td class=\"parameters\">delta 0.3, dte 45</td>");

        String condor = rows.get(1);
        assertThat(condor).contains(">iron-condor</a>", "<td class=\"underlying\">GLD</td>");
        assertThat(cell(condor, "total-return")).isEqualTo("12.34%");
        assertThat(cell(condor, "cagr")).isEqualTo("5.67%");
        assertThat(cell(condor, "volatility")).isEqualTo("15.00%");
        assertThat(cell(condor, "sharpe")).isEqualTo("1.23");
        assertThat(cell(condor, "sortino")).isEqualTo("1.80");
        assertThat(cell(condor, "max-drawdown")).isEqualTo("-7.89%");
        assertThat(cell(condor, "calmar")).isEqualTo("0.72");
        assertThat(cell(condor, "win-rate")).isEqualTo("62.50%");
        assertThat(cell(condor, "profit-factor")).isEqualTo("2.50");
        assertThat(cell(condor, "trades")).isEqualTo("8");
        assertThat(cell(condor, "average-trade")).isEqualTo("-123.46");
        assertThat(condor).contains("<td class=\"num average-trade neg\">", "<td class=\"num max-drawdown neg\">");
    }

    @Test
    void undefinedFiguresReadNa() {
        ReportEntry entry = new ReportEntry("idle", "SPX", null, ReportFixtures.sweep().entries().get(3).summary(),
                List.of(), List.of());
        String rendered = new HtmlReport("r1", ReportFixtures.GENERATED_AT, List.of(entry)).render();
        assertThat(cell(section(rendered, "<section id=\"summary\">"), "sharpe")).isEqualTo("n/a");
        assertThat(rendered).contains("<p class=\"equity-chart empty\">Cumulative return: no data.</p>",
                "<p class=\"trades empty\">No trades.</p>");
    }

    @Test
    void aSweepStatesItsDeflatedSharpeAndProbabilityOfOverfitting() {
        // three combinations, 61 days of equity from seeded returns: 60 daily returns each
        java.util.Random random = new java.util.Random(11);
        double[][] returns = new double[3][60];
        List<ReportEntry> entries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<dev.tradingpipeline.jobs.strategy.engine.DailyRow> daily = new ArrayList<>();
            double equity = 100_000;
            LocalDate day = LocalDate.parse("2024-01-02");
            daily.add(new dev.tradingpipeline.jobs.strategy.engine.DailyRow(day, equity, equity, 0, 0, 0));
            for (int t = 0; t < 60; t++) {
                returns[i][t] = 0.0004 * i + 0.01 * random.nextGaussian();
                equity *= 1 + returns[i][t];
                day = day.plusDays(1);
                daily.add(new dev.tradingpipeline.jobs.strategy.engine.DailyRow(day, equity, equity, 0, 0, 0));
            }
            entries.add(new ReportEntry("put-write", "SPX", ReportFixtures.params(new double[] {0.1, 0.2, 0.3}[i], 30),
                    ReportFixtures.sweep().entries().get(0).summary(), daily, List.of()));
        }
        String html = new HtmlReport("r1", ReportFixtures.GENERATED_AT, List.of(),
                List.of(new Sweep("put-write", "delta", "dte", entries))).render();

        // the same statistics on the returns the equity was built from
        var deflated = dev.tradingpipeline.jobs.statistics.SharpeStatistics.deflatedSharpe(returns);
        var pbo = dev.tradingpipeline.jobs.statistics.BacktestOverfitting.probability(returns);
        String table = html.substring(html.indexOf("<table class=\"overfitting\""));
        table = table.substring(0, table.indexOf("</table>"));
        assertThat(table).contains("<tr class=\"trials\"><th scope=\"row\">Combinations tried (N)</th><td>3</td>",
                "<tr class=\"days\"><th scope=\"row\">Days of returns (common to all)</th><td>60</td>",
                "<td>" + Formats.ratio(deflated.deflatedSharpe()) + "</td>",
                "<td>" + Formats.percent(pbo.pbo()) + " (" + Formats.count(pbo.combinations()) + " splits of 16 blocks)",
                "<td>put-write delta " + new double[] {0.1, 0.2, 0.3}[deflated.best()] + ", dte 30</td>");
        assertThat(html).contains("The deflated Sharpe ratio is the probability");
        // a sweep without daily rows says why there is nothing to compute
        assertThat(ReportFixtures.report().render()).contains("<p class=\"overfitting empty\">Not computed: only 0 day(s)");
    }

    @Test
    void aRuinedSimulationSaysWhenItStopped() {
        ContractKey put = new ContractKey("XYZ", LocalDate.parse("2024-02-16"), 100, OptionRight.PUT);
        Trade ruined = new Trade(1, "put-write", "XYZ", LocalDate.parse("2024-01-02"), LocalDate.parse("2024-01-03"),
                ExitReason.RUIN, List.of(new TradeLeg(put, -1, 2.0, 13.0)), 200, 0.65, -1100.65);
        ReportEntry entry = new ReportEntry("put-write", "XYZ", null, ReportFixtures.sweep().entries().get(3).summary(),
                List.of(), List.of(ruined));
        String section = section(new HtmlReport("r1", ReportFixtures.GENERATED_AT, List.of(entry)).render(),
                "id=\"strategy-1\"");
        assertThat(section).contains("<p class=\"ruin\">Ruined on <time>2024-01-03</time>: equity reached zero");
        assertThat(section(html, "id=\"strategy-1\"")).doesNotContain("class=\"ruin\"");
    }

    @Test
    void eachSimulationStatesTheConventionsItApplied() {
        dev.tradingpipeline.jobs.strategy.spec.StrategySpec spec = dev.tradingpipeline.jobs.strategy.spec.StrategySpec
                .builder("put-write").fills(dev.tradingpipeline.jobs.strategy.spec.FillModel.FAR, 0.65).build();
        ReportEntry entry = new ReportEntry("put-write", "SPX", null, ReportFixtures.sweep().entries().get(3).summary(),
                List.of(), List.of(), dev.tradingpipeline.jobs.strategy.engine.Conventions.of(spec));
        String section = section(new HtmlReport("r1", ReportFixtures.GENERATED_AT, List.of(entry)).render(),
                "id=\"strategy-1\"");
        assertThat(section).contains("<h3>Conventions</h3>", "<table class=\"conventions\">",
                "<tr><th scope=\"row\">Snapshot</th><td>decisions and fills on the 15:45 quotes",
                "<tr><th scope=\"row\">Fills</th><td>at the far side (buy at the ask, sell at the bid); commission"
                        + " 0.65 per contract</td></tr>");
        // an entry without conventions (an older caller) shows no empty table
        ReportEntry bare = new ReportEntry("idle", "SPX", null, entry.summary(), List.of(), List.of());
        assertThat(new HtmlReport("r2", ReportFixtures.GENERATED_AT, List.of(bare)).render())
                .doesNotContain("class=\"conventions\"");
    }

    @Test
    void oneEquityAndOneDrawdownChartPerEntryWithAPointPerDay() {
        assertThat(count(html, "<svg class=\"chart equity-chart\"")).isEqualTo(2);
        assertThat(count(html, "<svg class=\"chart drawdown-chart\"")).isEqualTo(2);
        String first = section(html, "id=\"strategy-1\"");
        String second = section(html, "id=\"strategy-2\"");
        assertThat(polylinePoints(svg(first, "equity-chart"))).hasSize(4);
        assertThat(polylinePoints(svg(first, "drawdown-chart"))).hasSize(4);
        assertThat(polylinePoints(svg(second, "equity-chart"))).hasSize(3);
        assertThat(polylinePoints(svg(second, "drawdown-chart"))).hasSize(3);

        // Axes with labels: value ticks on the left, month ticks along the bottom. The equity chart is
        // the cumulative return: 101,000 / 100,000 - 1 = 1.00 % ... 104,040 / 100,000 - 1 = 4.04 % (labelled
        // at the end), on ticks of 1 % from -1 % (99,960: -0.04 %) to 5 %.
        String equity = svg(first, "equity-chart");
        assertThat(equity).contains("<g class=\"y-axis\">", "<g class=\"x-axis\">",
                "<text class=\"tick-label date-tick\"", ">2024-01-30<", ">2024-02-15<", ">-1%<", ">0%<", ">5%<",
                "text-anchor=\"end\">4.04%</text>");
        assertThat(svg(first, "drawdown-chart")).contains(">0.0%<", ">-2.0%<", ">-2.5%<");
    }

    @Test
    void polylineFollowsTheValues() {
        // Equity 101,000 / 102,000 / 99,960 / 104,040: highest point last, lowest third (SVG y grows down).
        List<double[]> p = polylinePoints(svg(section(html, "id=\"strategy-1\""), "equity-chart"));
        assertThat(p.get(3)[1]).isLessThan(p.get(1)[1]);
        assertThat(p.get(2)[1]).isGreaterThan(p.get(0)[1]);
        assertThat(p.get(0)[0]).isLessThan(p.get(1)[0]);
        // By date, not by index: 1 day then 15 days apart.
        assertThat(p.get(2)[0] - p.get(1)[0]).isGreaterThan(10 * (p.get(1)[0] - p.get(0)[0]));
    }

    @Test
    void monthlyHeatMapHasACellPerMonthPresent() {
        String first = table(section(html, "id=\"strategy-1\""), "monthly-returns");
        assertThat(allMatches(first, "data-month=\"([0-9-]+)\"")).containsExactly("2024-01", "2024-02", "2024-03");
        assertThat(monthCell(first, "2024-01")).isEqualTo("2.00%");
        assertThat(monthCell(first, "2024-02")).isEqualTo("-2.00%");
        assertThat(monthCell(first, "2024-03")).isEqualTo("4.08%");
        assertThat(first).contains("<td class=\"year-cell\">4.04%</td>");
        assertThat(count(first, "<td class=\"month-cell empty\">")).isEqualTo(9);
        // Gains green, losses red.
        assertThat(first).containsPattern("data-month=\"2024-01\" style=\"background:rgb\\(\\d+,\\d+,\\d+\\)\"");
        assertThat(colour(first, "2024-02")[0]).isGreaterThan(colour(first, "2024-02")[1]);
        assertThat(colour(first, "2024-03")[1]).isGreaterThan(colour(first, "2024-03")[0]);

        String second = table(section(html, "id=\"strategy-2\""), "monthly-returns");
        assertThat(allMatches(second, "data-month=\"([0-9-]+)\"")).containsExactly("2023-12", "2024-01");
        assertThat(monthCell(second, "2023-12")).isEqualTo("1.00%");
        assertThat(monthCell(second, "2024-01")).isEqualTo("0.98%");
        assertThat(count(second, "<tr><th>20")).isEqualTo(2);
        // Each year over the previous year's end: 2023 50,500 / 50,000; 2024 50,995 / 50,500.
        assertThat(allMatches(second, "<td class=\"year-cell\">([^<]*)</td>")).containsExactly("1.00%", "0.98%");
    }

    @Test
    void tradeListShowsLegsReasonsAndPnl() {
        String trades = table(section(html, "id=\"strategy-1\""), "trades");
        assertThat(count(trades, "<tr class=\"trade\">")).isEqualTo(3);
        assertThat(trades).contains("<td>2024-02-01</td><td>2024-02-15</td>",
                "-1 × SPXW 2024-02-16 4850 P @ 10.00 → 15.00", "-1 × SPXW 2024-03-28 5000.5 P @ 31.40 → 1.00",
                "<td>stop loss</td>", "<td>take profit</td>", "<td>expiry</td>",
                "<td class=\"num pnl neg\">-500.00</td>", "<td class=\"num pnl\">3,040.00</td>");
        assertThat(html).doesNotContain("trades-capped");
    }

    @Test
    void longTradeListsAreCappedWithANote() {
        ContractKey k = new ContractKey("SPY", LocalDate.of(2024, 1, 19), 470, OptionRight.CALL);
        List<Trade> many = new ArrayList<>();
        for (int i = 0; i < HtmlReport.MAX_TRADES_SHOWN + 50; i++) {
            many.add(new Trade(i, "s", "SPY", LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 19), ExitReason.DTE,
                    List.of(new TradeLeg(k, 1, 1, 2)), 100, 1, 99));
        }
        ReportEntry e = ReportFixtures.putWrite();
        String rendered = new HtmlReport("r", ReportFixtures.GENERATED_AT, List.of(new ReportEntry(e.strategy(),
                e.underlying(), e.parameters(), e.summary(), e.daily(), many))).render();
        assertThat(count(rendered, "<tr class=\"trade\">")).isEqualTo(HtmlReport.MAX_TRADES_SHOWN);
        assertThat(rendered).contains("<p class=\"note trades-capped\">Showing the first 250 of 300 trades;");
    }

    @Test
    void escapesTextFromTheConfig() {
        assertThat(html).contains("Put&lt;&amp;&gt;write &quot;x&quot;").doesNotContain("<&>", "Put<");
        assertThat(html).contains("<h2>Put&lt;&amp;&gt;write &quot;x&quot; — SPX</h2>");
        assertThat(Html.escape("a'b")).isEqualTo("a&#39;b");
    }

    @Test
    void sweepIsRankedBySharpeThenTotalReturn() {
        String sweep = section(html, "id=\"sweep-1\"");
        String ranking = table(sweep, "sweep-ranking");
        List<String> rows = allMatches(ranking, "(<tr class=\"sweep-row\">.*?</tr>)");
        List<String> order = rows.stream()
                .map(r -> allMatches(r, "<td class=\"num\">([0-9.]+)</td>")).map(c -> c.get(0) + "/" + c.get(1))
                .toList();
        assertThat(order).containsExactly("0.3/30", "0.2/45", "0.2/30", "0.3/45");
        assertThat(allMatches(ranking, "<td class=\"num rank\">(\\d+)</td>")).containsExactly("1", "2", "3", "4");
        // four rows: nothing left out; the best three link to their tear sheets, after the two configured
        assertThat(sweep).doesNotContain("sweep-gap", "sweep-capped");
        assertThat(allMatches(ranking, "<a href=\"#(strategy-\\d+)\">")).containsExactly("strategy-3", "strategy-4",
                "strategy-5");
        assertThat(section(html, "id=\"strategy-3\"")).contains("data-sweep=\"sweep-1\"",
                "<h2>put-write — SPX (delta 0.3, dte 30)</h2>", "Rank 1 of 4 in <a href=\"#sweep-1\">sweep put-write</a>");
    }

    @Test
    void aRankingOfThirtyOneLeavesOneOut() {
        Sweep sweep = ReportFixtures.largeSweep(31, 1, 3);
        String ranking = table(new HtmlReport("r", ReportFixtures.GENERATED_AT, List.of(), List.of(sweep)).render(),
                "sweep-ranking");
        assertThat(allMatches(ranking, "<td class=\"num rank\">(\\d+)</td>")).hasSize(30).doesNotContain("26");
        assertThat(ranking).contains(">1 combination ranked 26 not shown (every one is in gold.strategy_summary)<");
    }

    @Test
    void sweepHeatMapCoversTheGrid() {
        String heat = table(section(html, "id=\"sweep-1\""), "sweep-heatmap");
        assertThat(heat).contains("<th>delta \\ dte</th><th>30</th><th>45</th>");
        List<String> rows = allMatches(heat, "(<tr><th>0\\.\\d</th>.*?</tr>)");
        assertThat(rows).hasSize(2);
        assertThat(allMatches(rows.get(0), "<td class=\"grid-cell\"[^>]*>([^<]*)</td>")).containsExactly("0.80", "1.10");
        assertThat(allMatches(rows.get(1), "<td class=\"grid-cell\"[^>]*>([^<]*)</td>")).containsExactly("1.10", "n/a");
    }

    @Test
    void sweepRejectsAnEntryWithoutTheGridParameters() {
        ReportEntry e = ReportFixtures.ironCondor();
        assertThatThrownBy(() -> new Sweep("condor", "delta", "dte", List.of(e)))
                .hasMessageContaining("sweep 'condor'").hasMessageContaining("no parameter 'delta'");
    }

    @Test
    void writesTheFileNamedAfterTheRun(@TempDir Path tmp) throws Exception {
        Path file = ReportFixtures.report().write(tmp.resolve("reports/nested"));
        assertThat(file).isEqualTo(tmp.resolve("reports/nested/strategy-report-20240402-120000-test.html"));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(html);
        assertThat(html).contains("generated <time id=\"generated-at\" datetime=\"2024-04-02T12:00:00Z\">"
                + "2024-04-02 12:00:00 UTC</time>");
    }

    @Test
    void rejectsARunIdThatCannotNameAFile() {
        assertThatThrownBy(() -> new HtmlReport("../x", ReportFixtures.GENERATED_AT, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run id '../x'");
    }

    @Test
    void dateTicksStayFew() {
        assertThat(LineChart.dateTicks(LocalDate.of(2014, 1, 2), LocalDate.of(2024, 3, 28)).dates())
                .hasSizeBetween(4, 8).allSatisfy(d -> assertThat(d.getDayOfYear()).isEqualTo(1));
        assertThat(LineChart.dateTicks(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 20)).dates())
                .hasSizeBetween(2, 9);
        assertThat(LineChart.niceStep(0.013)).isEqualTo(0.02);
        assertThat(LineChart.niceStep(830)).isEqualTo(1000);
    }

    // --- small HTML helpers: the report is regular enough for regular expressions ---

    static String section(String html, String marker) {
        int start = html.indexOf(marker);
        assertThat(start).as("marker %s", marker).isNotNegative();
        return html.substring(start, html.indexOf("</section>", start));
    }

    static String svg(String html, String cssClass) {
        int start = html.indexOf("<svg class=\"chart " + cssClass + "\"");
        assertThat(start).as("svg %s", cssClass).isNotNegative();
        return html.substring(start, html.indexOf("</svg>", start));
    }

    static String table(String html, String cssClass) {
        Matcher m = Pattern.compile("<table class=\"" + cssClass + "[ \"]").matcher(html);
        assertThat(m.find()).as("table %s", cssClass).isTrue();
        return html.substring(m.start(), html.indexOf("</table>", m.start()));
    }

    /** The points of the chart's only line. */
    static List<double[]> polylinePoints(String svg) {
        return points(allMatches(svg, "<polyline[^>]* points=\"([^\"]*)\""));
    }

    /** The points of the chart's only line of a series ("strategy", "benchmark"). */
    static List<double[]> polylinePoints(String svg, String seriesClass) {
        return points(allMatches(svg, "<polyline class=\"series " + seriesClass + "\"[^>]* points=\"([^\"]*)\""));
    }

    private static List<double[]> points(List<String> polylines) {
        assertThat(polylines).hasSize(1);
        return java.util.Arrays.stream(polylines.get(0).split(" ")).map(p -> p.split(","))
                .map(xy -> new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])}).toList();
    }

    private static String cell(String row, String cssClass) {
        List<String> m = allMatches(row, "<td class=\"num " + cssClass + "(?: neg)?\">([^<]*)</td>");
        assertThat(m).as("cell %s in %s", cssClass, row).hasSize(1);
        return m.get(0);
    }

    private static String monthCell(String table, String month) {
        return allMatches(table, "data-month=\"" + month + "\"[^>]*>([^<]*)</td>").get(0);
    }

    private static int[] colour(String table, String month) {
        Matcher m = Pattern.compile("data-month=\"" + month + "\" style=\"background:rgb\\((\\d+),(\\d+),(\\d+)\\)")
                .matcher(table);
        assertThat(m.find()).isTrue();
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    static List<String> allMatches(String s, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(s);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
