package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * The report's out-of-sample check of one strategy (or sweep) on one underlying: its in-sample and
 * out-of-sample figures side by side, the windows and what each chose, and a scatter of in-sample
 * against out-of-sample Sharpe ratios with the 45 degree line, as one HTML fragment.
 *
 * <p>Stable hooks: {@code section.out-of-sample#out-of-sample-<n>} holding
 * {@code table.oos-comparison} (rows {@code tr.<metric>}, cells {@code td.in-sample} and
 * {@code td.out-of-sample}), {@code table.oos-windows} ({@code tr.oos-window}) and
 * {@code svg.oos-scatter} ({@code line.diagonal}, one {@code circle.point} per point).
 */
public final class OutOfSampleSection {

    static final int SIZE = 420;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 45;

    private OutOfSampleSection() {
    }

    /**
     * One check on one underlying.
     *
     * @param method e.g. "walk-forward: train 6m, test 1m, select-by sharpe"
     * @param inSampleLabel what the in-sample column measures
     * @param inSample null when skipped
     * @param outOfSampleLabel the series' name
     * @param outOfSample null when skipped
     * @param pointsOf what a scatter point is: "combination" (in-sample split) or "window" (walk-forward)
     * @param skipped why there is no series, or null
     */
    public record Model(String strategy, String underlying, String method, String inSampleLabel, SimulationSummary inSample,
            String outOfSampleLabel, SimulationSummary outOfSample, String selectBy, List<Window> windows, String pointsOf,
            List<Point> points, String skipped) {

        public Model {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(underlying, "underlying");
            windows = windows == null ? List.of() : List.copyOf(windows);
            points = points == null ? List.of() : List.copyOf(points);
        }
    }

    /** A window's row; the training dates are null when it had no training day. */
    public record Window(int number, LocalDate trainStart, LocalDate trainEnd, LocalDate testStart, LocalDate testEnd,
            String selected, double trainMetric, double trainSharpe, double testSharpe, double testReturn) {
    }

    /** One point of the scatter: a combination or a window. */
    public record Point(String label, double inSampleSharpe, double outOfSampleSharpe) {
    }

    /** Every model's section, numbered from 1. */
    public static String render(List<Model> models) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < models.size(); i++) {
            b.append(render(i + 1, models.get(i)));
        }
        return b.toString();
    }

    /** The section of one model, {@code id="out-of-sample-<n>"}. */
    public static String render(int n, Model m) {
        return "<section class=\"out-of-sample\" id=\"out-of-sample-" + n + "\">\n<h2>" + Html.escape(title(m))
                + "</h2>\n" + fragment(m) + "</section>\n";
    }

    /** "Out of sample: strategy — underlying", the section's heading. */
    public static String title(Model m) {
        return "Out of sample: " + m.strategy() + " — " + m.underlying();
    }

    /**
     * What the section holds without its {@code <section>} and heading: the body of a
     * {@link ReportSection} attached to a sweep or a simulation (which the report titles).
     */
    public static String fragment(Model m) {
        StringBuilder b = new StringBuilder();
        b.append("<div class=\"out-of-sample\">\n");
        if (m.method() != null) {
            b.append("<p class=\"oos-method\">").append(Html.escape(m.method())).append("</p>\n");
        }
        if (m.skipped() != null) {
            b.append("<p class=\"oos-skipped empty\">Not checked: ").append(Html.escape(m.skipped()))
                    .append(".</p>\n</div>\n");
            return b.toString();
        }
        appendComparison(b, m);
        appendWindows(b, m);
        appendScatter(b, m);
        b.append("</div>\n");
        return b.toString();
    }

    private static void appendComparison(StringBuilder b, Model m) {
        b.append("<table class=\"oos-comparison\">\n<thead><tr><th></th><th class=\"in-sample\">In sample<br><span"
                + " class=\"note\">").append(Html.escape(m.inSampleLabel())).append("</span></th><th class=\"out-of-sample\">"
                + "Out of sample<br><span class=\"note\">").append(Html.escape(m.outOfSampleLabel()))
                .append("</span></th></tr></thead>\n<tbody>\n");
        row(b, m, "total-return", "Total return", SimulationSummary::totalReturn, true);
        row(b, m, "cagr", "CAGR", SimulationSummary::cagr, true);
        row(b, m, "volatility", "Volatility", SimulationSummary::volatility, true);
        row(b, m, "sharpe", "Sharpe", SimulationSummary::sharpe, false);
        row(b, m, "sortino", "Sortino", SimulationSummary::sortino, false);
        row(b, m, "max-drawdown", "Max drawdown", SimulationSummary::maxDrawdown, true);
        row(b, m, "calmar", "Calmar", SimulationSummary::calmar, false);
        b.append("</tbody>\n</table>\n");
    }

    private static void row(StringBuilder b, Model m, String cssClass, String label, ToDoubleFunction<SimulationSummary> metric,
            boolean percent) {
        b.append("<tr class=\"").append(cssClass).append("\"><th scope=\"row\">").append(label).append("</th>");
        for (String side : List.of("in-sample", "out-of-sample")) {
            double v = metric.applyAsDouble(side.equals("in-sample") ? m.inSample() : m.outOfSample());
            b.append("<td class=\"num ").append(side).append(v < 0 ? " neg" : "").append("\">")
                    .append(Html.escape(percent ? Formats.percent(v) : Formats.ratio(v))).append("</td>");
        }
        b.append("</tr>\n");
    }

    private static void appendWindows(StringBuilder b, Model m) {
        if (m.windows().isEmpty()) {
            return;
        }
        String metric = m.selectBy() == null ? "sharpe" : m.selectBy();
        boolean ownColumn = !metric.equals("sharpe"); // else it is the training Sharpe column
        boolean percent = metric.equals("cagr") || metric.equals("total-return");
        b.append("<h3>Windows</h3>\n<table class=\"oos-windows\">\n<thead><tr><th>#</th><th>Training days</th>"
                + "<th>Test days</th><th>Chosen</th>");
        if (ownColumn) {
            b.append("<th>Training ").append(Html.escape(metric.replace('-', ' '))).append("</th>");
        }
        b.append("<th>Training Sharpe</th><th>Test Sharpe</th><th>Test return</th></tr></thead>\n<tbody>\n");
        for (Window w : m.windows()) {
            b.append("<tr class=\"oos-window\"><td class=\"num\">").append(w.number()).append("</td><td>")
                    .append(w.trainStart() == null ? "none" : w.trainStart() + " to " + w.trainEnd()).append("</td><td>")
                    .append(w.testStart()).append(" to ").append(w.testEnd()).append("</td><td class=\"selected\">")
                    .append(Html.escape(w.selected())).append("</td>");
            if (ownColumn) {
                cell(b, "train-metric", w.trainMetric(), percent ? Formats.percent(w.trainMetric())
                        : Formats.ratio(w.trainMetric()));
            }
            cell(b, "train-sharpe", w.trainSharpe(), Formats.ratio(w.trainSharpe()));
            cell(b, "test-sharpe", w.testSharpe(), Formats.ratio(w.testSharpe()));
            cell(b, "test-return", w.testReturn(), Formats.percent(w.testReturn()));
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void cell(StringBuilder b, String cssClass, double v, String text) {
        b.append("<td class=\"num ").append(cssClass).append(v < 0 ? " neg" : "").append("\">").append(Html.escape(text))
                .append("</td>");
    }

    /**
     * In-sample Sharpe across, out-of-sample Sharpe up, on one scale for both axes so that the
     * diagonal is the 45 degree line y = x; points with an undefined Sharpe are left out and counted.
     */
    private static void appendScatter(StringBuilder b, Model m) {
        List<Point> shown = m.points().stream()
                .filter(p -> Double.isFinite(p.inSampleSharpe()) && Double.isFinite(p.outOfSampleSharpe())).toList();
        String of = m.pointsOf() == null ? "point" : m.pointsOf();
        b.append("<h3>In-sample against out-of-sample Sharpe</h3>\n");
        if (shown.isEmpty()) {
            b.append("<p class=\"oos-scatter empty\">No ").append(Html.escape(of))
                    .append(" has a defined Sharpe ratio on both sides.</p>\n");
            return;
        }
        double lo = 0;
        double hi = 0;
        for (Point p : shown) {
            lo = Math.min(lo, Math.min(p.inSampleSharpe(), p.outOfSampleSharpe()));
            hi = Math.max(hi, Math.max(p.inSampleSharpe(), p.outOfSampleSharpe()));
        }
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        double step = LineChart.niceStep((hi - lo) / 5);
        double min = Math.floor(lo / step) * step;
        double max = Math.ceil(hi / step) * step;
        double plot = SIZE - LEFT - RIGHT; // square: SIZE - TOP - BOTTOM is the same
        DoubleUnaryOperator xOf = v -> LEFT + (v - min) / (max - min) * plot;
        DoubleUnaryOperator yOf = v -> TOP + (max - v) / (max - min) * plot;
        int height = TOP + (int) plot + BOTTOM;
        String title = "In-sample Sharpe (x) against out-of-sample Sharpe (y), one point per " + of;

        b.append("<svg class=\"chart oos-scatter\" viewBox=\"0 0 ").append(SIZE).append(' ').append(height)
                .append("\" width=\"").append(SIZE).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">\n<title>")
                .append(Html.escape(title)).append("</title>\n");
        b.append("<g class=\"axes\">\n");
        for (double v = min; v <= max + step / 2; v += step) {
            String label = Formats.axis(v, step >= 1 ? 0 : (int) Math.min(3, Math.ceil(-Math.log10(step))));
            b.append("<line class=\"grid\" stroke=\"#eaeef2\" x1=\"").append(c(LEFT)).append("\" x2=\"")
                    .append(c(LEFT + plot)).append("\" y1=\"").append(c(yOf.applyAsDouble(v))).append("\" y2=\"")
                    .append(c(yOf.applyAsDouble(v))).append("\"/>");
            b.append("<line class=\"grid\" stroke=\"#eaeef2\" y1=\"").append(c(TOP)).append("\" y2=\"")
                    .append(c(TOP + plot)).append("\" x1=\"").append(c(xOf.applyAsDouble(v))).append("\" x2=\"")
                    .append(c(xOf.applyAsDouble(v))).append("\"/>");
            b.append("<text class=\"tick-label\" x=\"").append(c(LEFT - 6)).append("\" y=\"")
                    .append(c(yOf.applyAsDouble(v) + 4)).append("\" text-anchor=\"end\">").append(label).append("</text>");
            b.append("<text class=\"tick-label\" x=\"").append(c(xOf.applyAsDouble(v))).append("\" y=\"")
                    .append(c(TOP + plot + 16)).append("\" text-anchor=\"middle\">").append(label).append("</text>\n");
        }
        b.append("<rect class=\"frame\" fill=\"none\" stroke=\"#8c959f\" x=\"").append(c(LEFT)).append("\" y=\"")
                .append(c(TOP)).append("\" width=\"").append(c(plot)).append("\" height=\"").append(c(plot))
                .append("\"/>\n");
        b.append("<text class=\"axis-label\" x=\"").append(c(LEFT + plot / 2)).append("\" y=\"").append(height - 8)
                .append("\" text-anchor=\"middle\">In-sample Sharpe</text>\n");
        b.append("<text class=\"axis-label\" x=\"14\" y=\"").append(c(TOP + plot / 2))
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 14 ").append(c(TOP + plot / 2))
                .append(")\">Out-of-sample Sharpe</text>\n</g>\n");
        // y = x from corner to corner: both axes share one scale
        b.append("<line class=\"diagonal\" stroke=\"#57606a\" stroke-dasharray=\"4 3\" x1=\"")
                .append(c(xOf.applyAsDouble(min))).append("\" y1=\"").append(c(yOf.applyAsDouble(min)))
                .append("\" x2=\"").append(c(xOf.applyAsDouble(max))).append("\" y2=\"")
                .append(c(yOf.applyAsDouble(max))).append("\"/>\n");
        for (Point p : shown) {
            b.append("<circle class=\"point\" fill=\"#0969da\" fill-opacity=\"0.7\" r=\"4\" cx=\"")
                    .append(c(xOf.applyAsDouble(p.inSampleSharpe()))).append("\" cy=\"")
                    .append(c(yOf.applyAsDouble(p.outOfSampleSharpe()))).append("\"><title>")
                    .append(Html.escape(p.label() + ": in sample " + Formats.ratio(p.inSampleSharpe())
                            + ", out of sample " + Formats.ratio(p.outOfSampleSharpe())))
                    .append("</title></circle>\n");
        }
        b.append("</svg>\n");
        int left = m.points().size() - shown.size();
        b.append("<p class=\"note oos-scatter-meaning\">Each point is a ").append(Html.escape(of)).append(": its Sharpe"
                + " ratio in sample across, out of sample up. On the dashed 45° line a Sharpe ratio held up out of"
                + " sample; below it, it fell. Points well below the line, or a cloud with no upward slope, say that"
                + " what looked best in sample was largely luck and the choice does not carry over to new data.");
        if (left > 0) {
            b.append(" ").append(left).append(" ").append(Html.escape(of)).append(left == 1 ? "" : "s")
                    .append(" without a defined Sharpe ratio on both sides left out.");
        }
        b.append("</p>\n");
    }

    private static String c(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
