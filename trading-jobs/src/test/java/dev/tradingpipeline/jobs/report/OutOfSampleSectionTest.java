package dev.tradingpipeline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.report.OutOfSampleSection.Model;
import dev.tradingpipeline.jobs.report.OutOfSampleSection.Point;
import dev.tradingpipeline.jobs.report.OutOfSampleSection.Window;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OutOfSampleSectionTest {

    private static final double NaN = Double.NaN;
    private static final SimulationSummary IN = new SimulationSummary(0.12, 0.25, 0.10, 1.5, 2.0, -0.05, 5.0, NaN, NaN, 0, NaN, NaN);
    private static final SimulationSummary OUT = new SimulationSummary(-0.02, -0.04, 0.12, -0.33, -0.4, -0.08, -0.5, 0.5, 1.2, 6, -33.3, 0.4);

    private static Model split() {
        return new Model("condor<&>", "SPX", "in-sample to 2024-06-28, select-by total-return",
                "condor[delta=0.2], in sample (2024-01-02 to 2024-06-28)", IN, "condor<&>[out-of-sample]", OUT,
                "total-return", List.of(new Window(1, LocalDate.of(2024, 1, 2), LocalDate.of(2024, 6, 28),
                        LocalDate.of(2024, 7, 1), LocalDate.of(2024, 12, 31), "condor[delta=0.2]", 0.12, 1.5, -0.33,
                        -0.02)),
                "combination", List.of(new Point("a", 1.0, 0.5), new Point("b", 2.0, -1.0), new Point("c", -0.5, 1.5),
                        new Point("d", NaN, 0.3), new Point("e", 1.0, 1.0)), null);
    }

    @Test
    void inAndOutOfSampleFiguresSideBySide() {
        String html = OutOfSampleSection.render(3, split());
        assertThat(html).startsWith("<section class=\"out-of-sample\" id=\"out-of-sample-3\">")
                .contains("<h2>Out of sample: condor&lt;&amp;&gt; — SPX</h2>",
                        "<p class=\"oos-method\">in-sample to 2024-06-28, select-by total-return</p>",
                        "condor[delta=0.2], in sample (2024-01-02 to 2024-06-28)", "condor&lt;&amp;&gt;[out-of-sample]");
        String table = between(html, "<table class=\"oos-comparison\">", "</table>");
        assertThat(cells(table, "total-return")).containsExactly("12.00%", "-2.00%");
        assertThat(cells(table, "cagr")).containsExactly("25.00%", "-4.00%");
        assertThat(cells(table, "sharpe")).containsExactly("1.50", "-0.33");
        assertThat(cells(table, "max-drawdown")).containsExactly("-5.00%", "-8.00%");
        assertThat(cells(table, "calmar")).containsExactly("5.00", "-0.50");
        assertThat(table).contains("<td class=\"num out-of-sample neg\">-2.00%</td>",
                "<td class=\"num in-sample\">12.00%</td>");
    }

    @Test
    void theWindowsTableNamesTheChoiceAndItsFigures() {
        Model wf = new Model("wf", "SPX", "walk-forward: train 6m, test 1m, select-by sharpe", "best with hindsight",
                IN, "wf[walk-forward]", OUT, "sharpe", List.of(
                        new Window(1, null, null, LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 31), "wf[d=1]", NaN,
                                NaN, 0.8, 0.01),
                        new Window(2, LocalDate.of(2024, 2, 1), LocalDate.of(2024, 7, 31), LocalDate.of(2024, 8, 1),
                                LocalDate.of(2024, 8, 14), "wf[d=2]", 1.25, 1.25, -0.4, -0.003)),
                "window", List.of(new Point("window 2", 1.25, -0.4)), null);
        String windows = between(OutOfSampleSection.render(1, wf), "<table class=\"oos-windows\">", "</table>");
        // selected by Sharpe: the training metric is the training Sharpe column
        assertThat(windows).contains("<th>Training Sharpe</th>").doesNotContain("train-metric", "Training sharpe");
        List<String> rows = all(windows, "(<tr class=\"oos-window\">.*?</tr>)");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("<td>none</td>", "<td>2024-07-01 to 2024-07-31</td>",
                "<td class=\"selected\">wf[d=1]</td>", "<td class=\"num train-sharpe\">n/a</td>",
                "<td class=\"num test-return\">1.00%</td>");
        assertThat(rows.get(1)).contains("<td>2024-02-01 to 2024-07-31</td>", "<td>2024-08-01 to 2024-08-14</td>",
                "<td class=\"num train-sharpe\">1.25</td>", "<td class=\"num test-sharpe neg\">-0.40</td>",
                "<td class=\"num test-return neg\">-0.30%</td>");
        // a metric that is a return reads as a percentage
        assertThat(between(OutOfSampleSection.render(1, split()), "<table class=\"oos-windows\">", "</table>"))
                .contains("<th>Training total return</th>", "<td class=\"num train-metric\">12.00%</td>",
                        "<td class=\"num train-sharpe\">1.50</td>");
    }

    /**
     * The points span -1 .. 2 on both axes (0 included); the tick step is niceStep(3 / 5) = 1, so the
     * scale runs from -1 to 2 over the 340-pixel square plot: x = 60 + (v + 1) / 3 x 340,
     * y = 30 + (2 - v) / 3 x 340. The diagonal runs from (60, 370) to (400, 30); point e (1, 1) sits
     * on it at (286.7, 143.3); point a (1, 0.5) below it at (286.7, 200.0).
     */
    @Test
    void theScatterPutsEachPointAgainstTheFortyFiveDegreeLine() {
        String html = OutOfSampleSection.render(1, split());
        String svg = between(html, "<svg class=\"chart oos-scatter\"", "</svg>");
        assertThat(svg).contains("<line class=\"diagonal\" stroke=\"#57606a\" stroke-dasharray=\"4 3\" x1=\"60.0\""
                + " y1=\"370.0\" x2=\"400.0\" y2=\"30.0\"/>");
        List<String> points = all(svg, "<circle class=\"point\"[^>]* cx=\"([0-9.]+)\" cy=\"([0-9.]+)\">");
        assertThat(points).containsExactly("286.7/200.0", "400.0/370.0", "116.7/86.7", "286.7/143.3");
        assertThat(svg).contains("<title>e: in sample 1.00, out of sample 1.00</title>")
                .doesNotContain("<title>d:");
        assertThat(html).contains("Each point is a combination: its Sharpe ratio in sample across, out of sample up.",
                "1 combination without a defined Sharpe ratio on both sides left out.");
        assertThat(svg).contains(">In-sample Sharpe</text>", ">Out-of-sample Sharpe</text>", ">-1<", ">2<");
    }

    @Test
    void aSkippedCheckSaysWhyAndAFragmentLoadsNothing() {
        Model skipped = new Model("wf", "SPX", "walk-forward: train 6m, test 1m, select-by sharpe", null, null, null,
                null, "sharpe", List.of(), "window", List.of(), "40 trading day(s): no test window after a full"
                        + " training window of 6m");
        String html = OutOfSampleSection.render(List.of(split(), skipped));
        assertThat(html).contains("id=\"out-of-sample-1\"", "id=\"out-of-sample-2\"",
                "<p class=\"oos-skipped empty\">Not checked: 40 trading day(s): no test window after a full training"
                        + " window of 6m.</p>");
        assertThat(html.toLowerCase()).doesNotContain("<script", "http://", "https://", "href=", "src=", "url(");

        Model noPoints = new Model("x", "SPX", null, "in", IN, "out", OUT, "sharpe", List.of(), "window",
                List.of(new Point("w", NaN, 1)), null);
        assertThat(OutOfSampleSection.render(1, noPoints)).contains(
                "<p class=\"oos-scatter empty\">No window has a defined Sharpe ratio on both sides.</p>")
                .doesNotContain("<svg");
    }

    private static List<String> cells(String table, String row) {
        String tr = between(table, "<tr class=\"" + row + "\">", "</tr>");
        return all(tr, "<td class=\"num [^\"]*\">([^<]*)</td>");
    }

    private static String between(String s, String from, String to) {
        int i = s.indexOf(from);
        assertThat(i).as("has %s", from).isNotNegative();
        return s.substring(i, s.indexOf(to, i) + to.length());
    }

    private static List<String> all(String s, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(s);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            StringBuilder b = new StringBuilder(m.group(1));
            for (int g = 2; g <= m.groupCount(); g++) {
                b.append('/').append(m.group(g));
            }
            out.add(b.toString());
        }
        return out;
    }
}
