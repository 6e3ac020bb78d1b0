package dev.tradingpipeline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.strategy.engine.BenchmarkComparison;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchmarkSectionTest {

    /**
     * BenchmarkComparisonTest's five days: benchmark 0.019898, excess 0.00979506, beta 1.4, alpha 0.76608,
     * correlation 0.7 x sqrt 2 = 0.98995, 4 paired days.
     */
    private static final BenchmarkComparison FIVE_DAYS = BenchmarkComparison.compare(
            new double[] {99_000, 100_980, 99_970.2, 102_969.306, 102_969.306}, 100_000,
            new double[] {200, 202, 199.98, 203.9796, 203.9796}, 0.0252);

    @Test
    void aBuyAndHoldShowsItsFiguresAndSaysItEarnsNoDividends() {
        String html = BenchmarkSection.html(BenchmarkSection.Model.of("SPY buy-and-hold", FIVE_DAYS));

        assertThat(html).startsWith("<h3>Benchmark</h3>\n<table class=\"benchmark\">");
        assertThat(cell(html, "benchmark-name")).isEqualTo("SPY buy-and-hold");
        assertThat(cell(html, "num benchmark-return")).isEqualTo("1.99%");
        assertThat(cell(html, "num excess-return")).isEqualTo("0.98%");
        assertThat(cell(html, "num beta")).isEqualTo("1.40");
        assertThat(cell(html, "num alpha")).isEqualTo("76.61%");
        assertThat(cell(html, "num correlation")).isEqualTo("0.99");
        assertThat(html).contains("bought at the close of the first simulated day", "without dividends",
                "understates a total-return comparison by the dividend yield", "of the 4 day(s) both have.");
        assertThat(html.toLowerCase()).doesNotContain("<script", "http", "src=", "url(");
    }

    @Test
    void aSeriesIsEscapedSaysHowItIsAlignedAndNegativeAndUndefinedFiguresShow() {
        BenchmarkSection.Model m = new BenchmarkSection.Model("S&P <PUT>", false, -0.05, 0.02, Double.NaN,
                Double.NaN, Double.NaN, 1);
        String html = BenchmarkSection.html(m);

        assertThat(cell(html, "benchmark-name")).isEqualTo("S&amp;P &lt;PUT&gt;");
        assertThat(cell(html, "num benchmark-return neg")).isEqualTo("-5.00%");
        assertThat(cell(html, "num excess-return")).isEqualTo("2.00%");
        assertThat(cell(html, "num beta")).isEqualTo("n/a");
        assertThat(html).contains("The benchmark is the series S&amp;P &lt;PUT&gt;: on each simulated day its last"
                + " value on or before that day", "none before it starts or after it ends",
                "of the 1 day(s) both have: too few to estimate them.");
        assertThat(html).doesNotContain("dividend", "<PUT>");
    }

    @Test
    void aSimulationWithoutABenchmarkHasNoSection() {
        assertThat(BenchmarkSection.html(null)).isEmpty();
        assertThat(BenchmarkSection.Model.of("PUT", FIVE_DAYS).buyAndHold()).isFalse();
        assertThat(BenchmarkSection.Model.of("^SPX buy-and-hold", FIVE_DAYS).buyAndHold()).isTrue();
    }

    private static String cell(String html, String cssClass) {
        Matcher m = Pattern.compile("<td class=\"" + Pattern.quote(cssClass) + "\">(.*?)</td>").matcher(html);
        assertThat(m.find()).as("a cell of class %s in %s", cssClass, html).isTrue();
        return m.group(1);
    }
}
