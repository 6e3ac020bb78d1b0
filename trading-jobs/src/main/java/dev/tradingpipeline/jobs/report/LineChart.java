package dev.tradingpipeline.jobs.report;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Dated series drawn as an inline SVG: x by calendar date, a y axis with round-number ticks and
 * labels, date ticks along the bottom, a legend when there is more than one series. A value that
 * is not finite (NaN: not defined that day) leaves a gap. A series with more points than the plot
 * has pixel columns is decimated: per column, its lowest and its highest point in date order,
 * which keeps the shape (every peak and trough) at most two points a pixel.
 */
final class LineChart {

    static final int WIDTH = 960;
    static final int HEIGHT = 280;
    /** For the secondary charts (rolling figures). */
    static final int SMALL_HEIGHT = 200;
    private static final int LEFT = 90;
    private static final int RIGHT = 50; // room for a date label centred on the last day
    private static final int TOP = 30;
    private static final int BOTTOM = 40;
    /** Pixel columns of the plot: at most two points each once decimated. */
    static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;

    private LineChart() {
    }

    /**
     * One line of a chart.
     *
     * @param name its label in the legend
     * @param cssClass the class of its polyline ("strategy", "benchmark"), which the style colours
     * @param values one per date; NaN where undefined
     * @param filled whether the area between the line and zero is filled (an underwater chart)
     */
    record Series(String name, String cssClass, double[] values, boolean filled) {
    }

    /** One series, the chart's full height. */
    static String render(String cssClass, String title, List<LocalDate> dates, double[] values, boolean includeZero,
            AxisFormat yLabel) {
        return render(cssClass, title, dates, List.of(new Series(title, "strategy", values, false)), HEIGHT,
                includeZero, yLabel);
    }

    /**
     * @param cssClass the svg's class ("equity-chart", "drawdown-chart")
     * @param series the first is the main one: its last value is labelled
     * @param includeZero whether the y range must contain 0 (drawdowns hang from it)
     * @param yLabel formats an axis value given the tick step
     */
    static String render(String cssClass, String title, List<LocalDate> dates, List<Series> series, int height,
            boolean includeZero, AxisFormat yLabel) {
        for (Series s : series) {
            if (dates.size() != s.values().length) {
                throw new IllegalArgumentException(dates.size() + " dates for " + s.values().length + " values of "
                        + s.name());
            }
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (dates.isEmpty() || min > max) {
            return "<p class=\"" + cssClass + " empty\">" + Html.escape(title) + ": no data.</p>\n";
        }
        if (includeZero) {
            min = Math.min(min, 0);
            max = Math.max(max, 0);
        }
        if (max - min < 1e-12) {
            double pad = Math.max(Math.abs(max) * 0.01, 1e-4);
            min -= pad;
            max += pad;
        }
        double step = niceStep((max - min) / 5);
        double lo = Math.floor(min / step) * step;
        double hi = Math.ceil(max / step) * step;

        long firstDay = dates.get(0).toEpochDay();
        long lastDay = dates.get(dates.size() - 1).toEpochDay();
        if (lastDay == firstDay) {
            firstDay -= 1;
            lastDay += 1;
        }
        double plotH = height - TOP - BOTTOM;
        long d0 = firstDay;
        long d1 = lastDay;
        DoubleUnaryOperator xOf = day -> LEFT + (day - d0) / (double) (d1 - d0) * PLOT_WIDTH;
        DoubleUnaryOperator yOf = v -> TOP + (hi - v) / (hi - lo) * plotH;
        double[] xs = new double[dates.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = xOf.applyAsDouble(dates.get(i).toEpochDay());
        }

        StringBuilder b = new StringBuilder(4096 + 24 * dates.size() * series.size());
        b.append("<svg class=\"chart ").append(cssClass).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">\n");
        b.append("<title>").append(Html.escape(title)).append("</title>\n");
        b.append("<text class=\"chart-title\" x=\"").append(LEFT).append("\" y=\"18\">").append(Html.escape(title))
                .append("</text>\n");
        if (series.size() > 1) {
            appendLegend(b, series);
        }

        b.append("<g class=\"y-axis\">\n");
        for (double v = lo; v <= hi + step / 2; v += step) {
            double y = yOf.applyAsDouble(v);
            b.append("<line class=\"grid").append(Math.abs(v) < step / 2 ? " zero" : "").append("\" x1=\"")
                    .append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(c(y))
                    .append("\" y2=\"").append(c(y)).append("\"/>");
            b.append("<text class=\"tick-label\" x=\"").append(LEFT - 6).append("\" y=\"").append(c(y + 4))
                    .append("\" text-anchor=\"end\">").append(Html.escape(yLabel.format(v, step))).append("</text>\n");
        }
        b.append("</g>\n");

        b.append("<g class=\"x-axis\">\n");
        b.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                .append(height - BOTTOM).append("\" y2=\"").append(height - BOTTOM).append("\"/>\n");
        b.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"")
                .append(TOP).append("\" y2=\"").append(height - BOTTOM).append("\"/>\n");
        DateTicks ticks = dateTicks(LocalDate.ofEpochDay(firstDay), LocalDate.ofEpochDay(lastDay));
        for (LocalDate t : ticks.dates()) {
            double x = xOf.applyAsDouble(t.toEpochDay());
            b.append("<line class=\"tick\" x1=\"").append(c(x)).append("\" x2=\"").append(c(x)).append("\" y1=\"")
                    .append(height - BOTTOM).append("\" y2=\"").append(height - BOTTOM + 5).append("\"/>");
            b.append("<text class=\"tick-label date-tick\" x=\"").append(c(x)).append("\" y=\"")
                    .append(height - BOTTOM + 18).append("\" text-anchor=\"middle\">")
                    .append(ticks.format().format(t)).append("</text>\n");
        }
        b.append("</g>\n");

        double zeroY = yOf.applyAsDouble(Math.max(lo, Math.min(hi, 0)));
        for (Series s : series) {
            double[] ys = new double[s.values().length];
            for (int i = 0; i < ys.length; i++) {
                ys[i] = Double.isFinite(s.values()[i]) ? yOf.applyAsDouble(s.values()[i]) : Double.NaN;
            }
            for (List<double[]> segment : segments(xs, ys)) {
                if (s.filled()) {
                    b.append("<polygon class=\"area ").append(s.cssClass()).append("\" points=\"")
                            .append(c(segment.get(0)[0])).append(',').append(c(zeroY));
                    for (double[] p : segment) {
                        b.append(' ').append(c(p[0])).append(',').append(c(p[1]));
                    }
                    b.append(' ').append(c(segment.get(segment.size() - 1)[0])).append(',').append(c(zeroY))
                            .append("\"/>\n");
                }
                b.append("<polyline class=\"series ").append(s.cssClass()).append("\" fill=\"none\" points=\"");
                for (int i = 0; i < segment.size(); i++) {
                    if (i > 0) {
                        b.append(' ');
                    }
                    b.append(c(segment.get(i)[0])).append(',').append(c(segment.get(i)[1]));
                }
                b.append("\"/>\n");
            }
        }

        // The main series' last value, labelled where its line ends.
        double[] main = series.get(0).values();
        int last = main.length - 1;
        while (last >= 0 && !Double.isFinite(main[last])) {
            last--;
        }
        if (last >= 0) {
            double lastX = xs[last];
            double lastY = yOf.applyAsDouble(main[last]);
            b.append("<circle class=\"last-point\" cx=\"").append(c(lastX)).append("\" cy=\"").append(c(lastY))
                    .append("\" r=\"3\"/>");
            b.append("<text class=\"value-label\" x=\"").append(c(Math.min(lastX, WIDTH - RIGHT))).append("\" y=\"")
                    .append(c(lastY < TOP + 14 ? lastY + 16 : lastY - 8)).append("\" text-anchor=\"end\">")
                    .append(Html.escape(yLabel.format(main[last], step / 100))).append("</text>\n");
        }
        b.append("</svg>\n");
        return b.toString();
    }

    /** Top right: a short line in each series' colour and its name. */
    private static void appendLegend(StringBuilder b, List<Series> series) {
        int[] widths = series.stream().mapToInt(s -> 30 + 7 * s.name().length()).toArray();
        int x = WIDTH - RIGHT - java.util.Arrays.stream(widths).sum();
        b.append("<g class=\"legend\">\n");
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            b.append("<line class=\"series ").append(s.cssClass()).append("\" x1=\"").append(x).append("\" x2=\"")
                    .append(x + 18).append("\" y1=\"14\" y2=\"14\"/><text class=\"legend-label\" x=\"")
                    .append(x + 22).append("\" y=\"18\">").append(Html.escape(s.name())).append("</text>\n");
            x += widths[i];
        }
        b.append("</g>\n");
    }

    /**
     * The drawable runs of points (x, y in pixels) between gaps (NaN y), each decimated to its
     * lowest and highest point per pixel column, in date order.
     */
    static List<List<double[]>> segments(double[] xs, double[] ys) {
        List<List<double[]>> segments = new ArrayList<>();
        List<double[]> current = new ArrayList<>();
        int i = 0;
        while (i < xs.length) {
            if (Double.isNaN(ys[i])) {
                if (!current.isEmpty()) {
                    segments.add(current);
                    current = new ArrayList<>();
                }
                i++;
                continue;
            }
            // the points of this pixel column up to the next gap
            long column = (long) Math.floor(xs[i]);
            int lowest = i;
            int highest = i;
            int j = i;
            for (; j < xs.length && !Double.isNaN(ys[j]) && (long) Math.floor(xs[j]) == column; j++) {
                if (ys[j] > ys[lowest]) { // SVG y grows downwards: the lowest value has the largest y
                    lowest = j;
                }
                if (ys[j] < ys[highest]) {
                    highest = j;
                }
            }
            if (j - i <= 2) {
                for (int k = i; k < j; k++) {
                    current.add(new double[] {xs[k], ys[k]});
                }
            } else {
                current.add(new double[] {xs[Math.min(lowest, highest)], ys[Math.min(lowest, highest)]});
                if (lowest != highest) {
                    current.add(new double[] {xs[Math.max(lowest, highest)], ys[Math.max(lowest, highest)]});
                }
            }
            i = j;
        }
        if (!current.isEmpty()) {
            segments.add(current);
        }
        return segments;
    }

    /** Formats an axis value; {@code step} tells how many decimals are meaningful. */
    @FunctionalInterface
    interface AxisFormat {
        String format(double value, double step);

        static AxisFormat money() {
            return (v, step) -> Formats.axis(v, decimals(step));
        }

        /** A plain number (a Sharpe ratio): as many decimals as the step needs. */
        static AxisFormat ratio() {
            return (v, step) -> Formats.axis(v, decimals(step));
        }

        static AxisFormat percent() {
            return (v, step) -> Formats.axis(v * 100, Math.min(decimals(step * 100), 2)) + "%";
        }

        /** The decimals that write the step exactly (0.25 needs 2, 2.5 needs 1), at most 4. */
        private static int decimals(double step) {
            if (!(step > 0) || !Double.isFinite(step)) {
                return 0;
            }
            int scale = new java.math.BigDecimal(step).round(new java.math.MathContext(6)).stripTrailingZeros().scale();
            return Math.max(0, Math.min(4, scale));
        }
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        double pow = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * pow >= rough * 0.999) {
                return m * pow;
            }
        }
        return 10 * pow;
    }

    record DateTicks(List<LocalDate> dates, DateTimeFormatter format) {
    }

    /** At most about eight ticks: first days of months (every 1 to 24 months, or years), or weekly days. */
    static DateTicks dateTicks(LocalDate from, LocalDate to) {
        long spanDays = ChronoUnit.DAYS.between(from, to);
        if (spanDays < 60) {
            int every = (int) Math.max(1, Math.ceil(spanDays / 8.0));
            List<LocalDate> ticks = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(every)) {
                ticks.add(d);
            }
            return new DateTicks(ticks, DateTimeFormatter.ISO_LOCAL_DATE);
        }
        for (int months : new int[] {1, 2, 3, 6, 12, 24, 60, 120}) {
            List<LocalDate> ticks = new ArrayList<>();
            LocalDate d = from.withDayOfMonth(1);
            if (d.isBefore(from)) {
                d = d.plusMonths(1);
            }
            while (months >= 12 ? d.getMonthValue() != 1 || d.getYear() % (months / 12) != 0
                    : (d.getMonthValue() - 1) % months != 0) {
                d = d.plusMonths(1);
            }
            for (; !d.isAfter(to); d = d.plusMonths(months)) {
                ticks.add(d);
            }
            if (ticks.size() <= 8) {
                return new DateTicks(ticks, DateTimeFormatter.ofPattern(months >= 12 ? "yyyy" : "yyyy-MM",
                        Locale.ROOT));
            }
        }
        return new DateTicks(List.of(), DateTimeFormatter.ofPattern("yyyy", Locale.ROOT)); // spans of centuries
    }

    private static String c(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
