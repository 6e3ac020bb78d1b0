package dev.tradingpipeline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradingpipeline.testing.TestProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in a real headless Chromium (Debian's {@code chromium} package) and checks what
 * the browser built: the summary table and the SVG charts. The report has no script and its
 * Content-Security-Policy would block one, so this is also the page with JavaScript off
 * ({@code --blink-settings=scriptEnabled=false} is not used: headless Chromium then dumps and
 * screenshots nothing). The screenshot is kept under {@code target/report-browser/} for a human
 * to look at.
 */
class HtmlReportBrowserTest {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    static Path tmp;

    private static Path report;
    /** A configured year-long simulation and a sweep of 1,000 combinations over 252 days. */
    private static Path longRun;

    @BeforeAll
    static void writeReport() throws IOException {
        if (!Files.isExecutable(CHROMIUM)) {
            System.err.println("""

                    ************************************************************************************
                    SKIPPED: Debian's chromium is not installed; apt-get install chromium to run the
                    report browser test (HtmlReportBrowserTest needs /usr/bin/chromium).
                    ************************************************************************************
                    """);
        }
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "SKIPPED: Debian's chromium is not installed; apt-get install chromium to run the report browser test");
        report = ReportFixtures.report().write(Paths.get("target", "report-browser").toAbsolutePath());
        longRun = LargeReportTest.longRun().write(Paths.get("target", "report-browser").toAbsolutePath());
    }

    @Test
    void domHasTheSummaryAndTheCharts() throws Exception {
        String dom = run("--dump-dom", report.toUri().toString()).stdout();

        assertThat(dom).contains("<table class=\"summary-table\">", "<section id=\"summary\">");
        // two configured simulations and the best three of the sweep
        assertThat(HtmlReportTest.allMatches(dom, "(<tr class=\"summary-row\")")).hasSize(5);
        assertThat(dom).contains("Put&lt;&amp;&gt;write", ">4.04%<", ">-7.89%<");
        // The parser built SVG elements (the polylines survive serialisation with their points); the
        // sweep's combinations have no days, so their tear sheets say so instead of drawing.
        assertThat(HtmlReportTest.count(dom, "<svg class=\"chart equity-chart\"")).isEqualTo(2);
        assertThat(HtmlReportTest.count(dom, "<svg class=\"chart drawdown-chart\"")).isEqualTo(2);
        assertThat(HtmlReportTest.count(dom, "<svg class=\"chart return-distribution\"")).isEqualTo(2);
        assertThat(HtmlReportTest.count(dom, "<polyline")).isEqualTo(4);
        assertThat(HtmlReportTest.count(dom, "<polygon class=\"area underwater\"")).isEqualTo(2);
        assertThat(HtmlReportTest.polylinePoints(HtmlReportTest.svg(dom, "equity-chart"))).hasSize(4);
        assertThat(dom).contains("class=\"monthly-returns heatmap\"", "class=\"trades\"", "class=\"sweep-ranking\"",
                "class=\"sweep-heatmap heatmap\"");
    }

    @Test
    void screenshotShowsSomething() throws Exception {
        Path png = report.resolveSibling(report.getFileName().toString().replace(".html", ".png"));
        Files.deleteIfExists(png);
        run("--screenshot=" + png, "--window-size=1200,2000", "--hide-scrollbars", report.toUri().toString());

        assertThat(png).exists();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        // A blank 1200 x 2000 page compresses to a few kilobytes; tables, text and charts do not.
        assertThat(bytes.length).isGreaterThan(40_000);
        System.err.println("HtmlReportBrowserTest: screenshot at " + png);
    }

    /**
     * The browser's own navigation timing of the long run's report: from the start of the navigation
     * to the end of its load event, and to its first contentful paint, both under 2 seconds.
     */
    @Test
    void aLongRunOpensInUnderTwoSeconds() throws Exception {
        Duration timeout = Duration.ofSeconds(TIMEOUT_SECONDS);
        JsonNode timing;
        try (DevToolsPage page = DevToolsPage.open(CHROMIUM, Files.createTempDirectory(tmp, "chromium-profile"),
                timeout)) {
            page.call("Page.enable", Map.of(), timeout);
            page.call("Page.navigate", Map.of("url", longRun.toUri().toString()), timeout);
            page.await("Page.loadEventFired", timeout);
            // the first contentful paint is reported once the frame is presented: wait for it (10 s at most)
            JsonNode result = page.call("Runtime.evaluate", Map.of("expression", """
                    new Promise(resolve => {
                      const done = paint => {
                        const n = performance.getEntriesByType('navigation')[0];
                        resolve(JSON.stringify({
                          domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                          firstContentfulPaint: paint, bytes: n.decodedBodySize,
                          tearSheets: document.querySelectorAll('section.strategy-section').length,
                          rankingRows: document.querySelectorAll('tr.sweep-row').length,
                          heatCells: document.querySelectorAll('td.grid-cell').length,
                          charts: document.querySelectorAll('svg.chart').length }));
                      };
                      new PerformanceObserver((list, observer) => {
                        const fcp = list.getEntriesByName('first-contentful-paint')[0];
                        if (fcp) { observer.disconnect(); done(fcp.startTime); }
                      }).observe({ type: 'paint', buffered: true });
                      setTimeout(() => done(-1), 10000);
                    })""", "awaitPromise", true, "returnByValue", true), timeout);
            timing = new ObjectMapper().readTree(result.path("result").path("value").asText());
        }
        System.err.println("HtmlReportBrowserTest: long run report " + timing);
        // it is the page we think: 1 + 3 tear sheets of 5 charts each, 25 + 5 ranked rows, 1,000 cells
        assertThat(timing.path("tearSheets").asInt()).isEqualTo(4);
        assertThat(timing.path("rankingRows").asInt()).isEqualTo(30);
        assertThat(timing.path("heatCells").asInt()).isEqualTo(1000);
        assertThat(timing.path("charts").asInt()).isEqualTo(20);
        assertThat(timing.path("domContentLoaded").asDouble()).isPositive();
        assertThat(timing.path("load").asDouble()).as("ms from navigation start to the end of the load event")
                .isPositive().isLessThan(2000);
        assertThat(timing.path("firstContentfulPaint").asDouble()).as("ms to the first contentful paint")
                .isPositive().isLessThan(2000);
    }

    @Test
    void longRunScreenshot() throws Exception {
        Path png = longRun.resolveSibling(longRun.getFileName().toString().replace(".html", ".png"));
        Files.deleteIfExists(png);
        run("--screenshot=" + png, "--window-size=1200,6000", "--hide-scrollbars", longRun.toUri().toString());
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(100_000);
        System.err.println("HtmlReportBrowserTest: screenshot at " + png);
    }

    record Output(String stdout, String stderr) {
    }

    private static Output run(String... args) throws IOException, InterruptedException {
        Path userData = Files.createTempDirectory(tmp, "chromium-profile");
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Path err = Files.createTempFile(tmp, "chromium", ".err");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + userData));
        command.addAll(List.of(args));
        try (TestProcess p = TestProcess.command("chromium", command).log(out).errorLog(err).start()) {
            boolean done = p.waitFor(Duration.ofSeconds(TIMEOUT_SECONDS));
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(done).as("chromium finished within %d s; stderr:%n%s", TIMEOUT_SECONDS, stderr).isTrue();
            assertThat(p.exitCode()).as("chromium exit code; stderr:%n%s", stderr).isZero();
            return new Output(Files.readString(out, StandardCharsets.UTF_8), stderr);
        }
    }
}
