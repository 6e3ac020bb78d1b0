package dev.tradingpipeline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.statistics.StationaryBootstrap.Interval;
import dev.tradingpipeline.jobs.statistics.StationaryBootstrap;
import dev.tradingpipeline.jobs.strategy.engine.SimulationStatistics;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfidenceIntervalsTest {

    /* Sharpe 1.234, CAGR 5.67%, maximum drawdown -7.891%; the rest does not show here. */
    private static final SimulationSummary SUMMARY = new SimulationSummary(0.1234, 0.0567, 0.15, 1.234, 1.8, -0.07891, 0.72, 0.625,
            2.5, 8, -123.456, 0.4);

    private static SimulationStatistics statistics(int draws, Interval sharpe) {
        return new SimulationStatistics(0.9312, new StationaryBootstrap.Result(draws, 42, 10, sharpe,
                new Interval(-0.012, 0.12), new Interval(-0.2104, -0.0312)));
    }

    @Test
    void writesAValueWithItsInterval() {
        assertThat(ConfidenceIntervals.ratio(1.234, new Interval(0.449, 2.006))).isEqualTo("1.23 (0.45 to 2.01)");
        assertThat(ConfidenceIntervals.percent(0.0567, new Interval(-0.012, 0.12)))
                .isEqualTo("5.67% (-1.20% to 12.00%)");
        assertThat(ConfidenceIntervals.ratio(1.234, Interval.UNDEFINED)).isEqualTo("1.23");
        assertThat(ConfidenceIntervals.ratio(Double.NaN, Interval.UNDEFINED)).isEqualTo("n/a");
    }

    @Test
    void aTableOfTheThreeFiguresStatesTheDrawsMeanBlockSeedAndMeaning() {
        String html = ConfidenceIntervals.section(SUMMARY, statistics(1000, new Interval(0.449, 2.006)));

        assertThat(cells(html, "ci-sharpe")).containsExactly("1.23", "0.45", "2.01");
        assertThat(cells(html, "ci-cagr")).containsExactly("5.67%", "-1.20%", "12.00%");
        assertThat(cells(html, "ci-max-drawdown")).containsExactly("-7.89%", "-21.04%", "-3.12%");
        assertThat(html).contains("<p class=\"note ci-method\">5% and 95% percentiles over 1,000 stationary-bootstrap"
                + " resamples of the daily returns (Politis and Romano, 1994; mean block 10 trading days, seed 42).</p>");
        assertThat(html).contains("<p class=\"note ci-meaning\">Each interval holds the middle 90%", "not model risk");
        assertThat(html).contains("<span class=\"num psr\">0.93</span>");
        assertThat(html.toLowerCase()).doesNotContain("<script", "href=", "src=", "url(");
        assertThat(html).startsWith("<div class=\"confidence-intervals\">").endsWith("</div>\n");
    }

    @Test
    void anUndefinedIntervalReadsNaAndNoDrawSaysWhy() {
        String constant = ConfidenceIntervals.section(SUMMARY, statistics(1000, Interval.UNDEFINED));
        assertThat(cells(constant, "ci-sharpe")).containsExactly("1.23", "n/a", "n/a");

        String off = ConfidenceIntervals.section(SUMMARY, SimulationStatistics.none(
                new StationaryBootstrap.Settings(0, 42, 10)));
        assertThat(off).doesNotContain("<table").contains("<p class=\"confidence-intervals empty\">No bootstrap"
                + " intervals: the bootstrap is off (statistics.bootstrap.draws: 0) or the simulation has fewer than 2"
                + " daily returns.</p>");
        assertThat(off).contains("<span class=\"num psr\">n/a</span>");
    }

    @Test
    void rendersWhatTheBootstrapComputedForASimulation() {
        double[] equity = new double[120];
        double e = 100_000;
        java.util.Random random = new java.util.Random(2);
        for (int i = 0; i < equity.length; i++) {
            e *= 1 + 0.0005 + 0.01 * random.nextGaussian();
            equity[i] = e;
        }
        SimulationStatistics s = SimulationStatistics.of(100_000, equity, 0, StationaryBootstrap.Settings.DEFAULT);
        String html = ConfidenceIntervals.section(SUMMARY, s);
        assertThat(cells(html, "ci-sharpe")).containsExactly("1.23", Formats.ratio(s.bootstrap().sharpe().low()),
                Formats.ratio(s.bootstrap().sharpe().high()));
        assertThat(cells(html, "ci-max-drawdown").get(1)).isEqualTo(Formats.percent(s.bootstrap().maxDrawdown().low()));
        assertThat(html).contains("<span class=\"num psr\">" + Formats.ratio(s.psr()) + "</span>");
    }

    /** The estimate, 5% and 95% cells of a row. */
    private static List<String> cells(String html, String rowClass) {
        Matcher row = Pattern.compile("<tr class=\"" + rowClass + "\">(.*?)</tr>").matcher(html);
        assertThat(row.find()).as(rowClass).isTrue();
        Matcher cell = Pattern.compile("<td class=\"num [a-z]+\">([^<]*)</td>").matcher(row.group(1));
        List<String> out = new ArrayList<>();
        while (cell.find()) {
            out.add(cell.group(1));
        }
        return out;
    }
}
