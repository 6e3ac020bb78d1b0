package dev.tradingpipeline.jobs.report;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * A {@link ReturnDistribution} drawn as SVG bars: one {@code rect.bar} per non-empty bin (its
 * {@code <title>} gives the bin's range and count), returns in percent along the bottom, days up
 * the side, a dashed line at the mean.
 */
final class Histogram {

    static final int HEIGHT = 220;
    private static final int WIDTH = LineChart.WIDTH;
    private static final int LEFT = 90;
    private static final int RIGHT = 50;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    private Histogram() {
    }

    static String render(String cssClass, String title, ReturnDistribution d) {
        if (d.n() == 0) {
            return "<p class=\"" + cssClass + " empty\">" + Html.escape(title) + ": no data.</p>\n";
        }
        int bins = d.counts().length;
        double from = d.lower(0);
        double to = d.binWidth() > 0 ? d.max() : d.min();
        if (to - from < 1e-12) { // every return the same: a bar of width 1% of the value, or 0.01%
            double pad = Math.max(Math.abs(from) * 0.01, 1e-4);
            from -= pad * bins / 2.0;
            to += pad * bins / 2.0;
        }
        int maxCount = 0;
        for (int c : d.counts()) {
            maxCount = Math.max(maxCount, c);
        }
        double yStep = Math.max(1, LineChart.niceStep(maxCount / 4.0));
        double yTop = Math.ceil(maxCount / yStep) * yStep;
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double lo = from;
        double span = to - from;
        DoubleUnaryOperator xOf = r -> LEFT + (r - lo) / span * plotW;
        DoubleUnaryOperator yOf = n -> TOP + (yTop - n) / yTop * plotH;
        double barWidth = plotW / bins;

        StringBuilder b = new StringBuilder(4096);
        b.append("<svg class=\"chart ").append(cssClass).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">\n");
        b.append("<title>").append(Html.escape(title)).append("</title>\n");
        b.append("<text class=\"chart-title\" x=\"").append(LEFT).append("\" y=\"18\">").append(Html.escape(title))
                .append("</text>\n");
        b.append("<g class=\"y-axis\">\n");
        for (double n = 0; n <= yTop + yStep / 2; n += yStep) {
            double y = yOf.applyAsDouble(n);
            b.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(c(y)).append("\" y2=\"").append(c(y)).append("\"/>");
            b.append("<text class=\"tick-label\" x=\"").append(LEFT - 6).append("\" y=\"").append(c(y + 4))
                    .append("\" text-anchor=\"end\">").append(Formats.count(Math.round(n))).append("</text>\n");
        }
        b.append("</g>\n<g class=\"x-axis\">\n");
        b.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                .append(HEIGHT - BOTTOM).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>\n");
        double xStep = LineChart.niceStep(span / 8);
        LineChart.AxisFormat percent = LineChart.AxisFormat.percent();
        for (double r = Math.ceil(from / xStep) * xStep; r <= to + xStep * 1e-9; r += xStep) {
            double x = xOf.applyAsDouble(r);
            b.append("<line class=\"tick\" x1=\"").append(c(x)).append("\" x2=\"").append(c(x)).append("\" y1=\"")
                    .append(HEIGHT - BOTTOM).append("\" y2=\"").append(HEIGHT - BOTTOM + 5).append("\"/>");
            b.append("<text class=\"tick-label\" x=\"").append(c(x)).append("\" y=\"").append(HEIGHT - BOTTOM + 18)
                    .append("\" text-anchor=\"middle\">").append(Html.escape(percent.format(r, xStep)))
                    .append("</text>\n");
        }
        b.append("</g>\n");
        for (int i = 0; i < bins; i++) {
            int count = d.counts()[i];
            if (count == 0) {
                continue;
            }
            double x = d.binWidth() > 0 ? xOf.applyAsDouble(d.lower(i)) : LEFT + i * barWidth;
            double y = yOf.applyAsDouble(count);
            b.append("<rect class=\"bar\" x=\"").append(c(x + 0.5)).append("\" y=\"").append(c(y))
                    .append("\" width=\"").append(c(Math.max(1, barWidth - 1))).append("\" height=\"")
                    .append(c(HEIGHT - BOTTOM - y)).append("\" data-count=\"").append(count).append("\"><title>")
                    .append(Formats.percent(d.lower(i))).append(" to ")
                    .append(Formats.percent(d.binWidth() > 0 ? d.lower(i) + d.binWidth() : d.lower(i))).append(": ")
                    .append(Formats.count(count)).append(count == 1 ? " day" : " days").append("</title></rect>\n");
        }
        double mean = xOf.applyAsDouble(d.mean());
        b.append("<line class=\"mean\" x1=\"").append(c(mean)).append("\" x2=\"").append(c(mean)).append("\" y1=\"")
                .append(TOP).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/><text class=\"value-label\" x=\"")
                .append(c(mean + 4)).append("\" y=\"").append(TOP + 10).append("\">mean ")
                .append(Formats.percent(d.mean())).append("</text>\n");
        b.append("</svg>\n");
        return b.toString();
    }

    private static String c(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
