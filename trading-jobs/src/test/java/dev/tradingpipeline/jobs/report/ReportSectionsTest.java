package dev.tradingpipeline.jobs.report;

import static dev.tradingpipeline.jobs.report.HtmlReportTest.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fragments other parts of the project attach: where they land, and what the report refuses. */
class ReportSectionsTest {

    private static final ReportSection INTERVALS = ReportSection.of("confidence-intervals", "Confidence intervals",
            "<table class=\"confidence-intervals\"><tr><td>Sharpe</td><td>0.8 to 1.4</td></tr></table>");
    private static final ReportSection SCATTER = ReportSection.of("out-of-sample", "In-sample against out-of-sample",
            "<svg class=\"chart oos-scatter\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"1\"/></svg>");
    private static final ReportSection PORTFOLIO = ReportSection.of("portfolio", "Portfolio <all>",
            "<p>Combined equity <a href=\"#strategy-1\">first</a></p>");

    @Test
    void eachLandsAtTheEndOfWhatItIsAttachedTo() {
        ReportEntry entry = ReportFixtures.putWrite().withSections(List.of(INTERVALS));
        Sweep sweep = ReportFixtures.sweep().withSections(List.of(SCATTER));
        String html = new HtmlReport("r", ReportFixtures.GENERATED_AT, List.of(entry), List.of(sweep),
                List.of(PORTFOLIO)).render();

        String sheet = section(html, "id=\"strategy-1\"");
        assertThat(sheet).contains("<div class=\"report-section\" id=\"strategy-1-confidence-intervals\">\n"
                + "<h3>Confidence intervals</h3>\n<table class=\"confidence-intervals\">");
        // after the figures, before the trade list
        assertThat(sheet.indexOf("strategy-1-confidence-intervals")).isGreaterThan(sheet.indexOf("exit-reasons"))
                .isLessThan(sheet.indexOf("<table class=\"trades\""));

        String sweepSection = section(html, "id=\"sweep-1\"");
        assertThat(sweepSection).contains("<div class=\"report-section\" id=\"sweep-1-out-of-sample\">\n"
                + "<h3>In-sample against out-of-sample</h3>\n<svg class=\"chart oos-scatter\"");
        assertThat(sweepSection.indexOf("sweep-1-out-of-sample")).isGreaterThan(sweepSection.indexOf("sweep-heatmap"));

        assertThat(html).contains("<section class=\"report-section\" id=\"portfolio\">\n<h2>Portfolio &lt;all&gt;</h2>",
                "<li><a href=\"#portfolio\">Portfolio &lt;all&gt;</a></li>");
        assertThat(html.indexOf("id=\"portfolio\"")).isGreaterThan(html.lastIndexOf("class=\"strategy-section\""))
                .isLessThan(html.indexOf("<footer>"));
    }

    @Test
    void theReportRefusesWhatWouldBreakThePage() {
        assertRefused(List.of(ReportSection.of("Bad Id", "t", "")), "section 'Bad Id': an id is lower-case");
        assertRefused(List.of(INTERVALS, INTERVALS), "section 'confidence-intervals' appears twice");
        assertRefused(List.of(ReportSection.of("x", "t", "<p>a</p><SCRIPT>alert(1)</script>")), "contains '<script'");
        assertRefused(List.of(ReportSection.of("x", "t", "<img src=\"data:,\">")), "contains '<img'");
        assertRefused(List.of(ReportSection.of("x", "t", "<a href=\"https://example.org/\">x</a>")),
                "links to 'https://example.org/'; only links within the page");
        // at the report's level an id is the element's own: it must not take one the report uses
        assertThatThrownBy(() -> new HtmlReport("r", ReportFixtures.GENERATED_AT, List.of(), List.of(),
                List.of(ReportSection.of("summary", "t", "")))).hasMessageContaining("the report:")
                .hasMessageContaining("the report uses that id itself");
        assertThatThrownBy(() -> new HtmlReport("r", ReportFixtures.GENERATED_AT, List.of(), List.of(),
                List.of(ReportSection.of("strategy-2", "t", "")))).hasMessageContaining("uses that id itself");
    }

    private static void assertRefused(List<ReportSection> sections, String message) {
        ReportEntry entry = ReportFixtures.putWrite().withSections(sections);
        assertThatThrownBy(() -> new HtmlReport("r", ReportFixtures.GENERATED_AT, List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("on SPX: section")
                .hasMessageContaining(message);
    }
}
