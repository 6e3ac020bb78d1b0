package dev.tradingpipeline.jobs.report;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A dated series drawn as an inline SVG: one polyline point per value, x by calendar date, a
 * y axis with round-number ticks and labels, date ticks along the bottom.
 */
final class LineChart {

    static final int WIDTH = 960;
    static final int HEIGHT = 280;
    private static final int LEFT = 90;
    private static final int RIGHT = 50; // room for a date label centred on the last day
    private static final int TOP = 30;
    private static final int BOTTOM = 40;

    private LineChart() {
    }

    /**
     * @param cssClass the svg's class ("equity-chart", "drawdown-chart")
     * @param includeZero whether the y range must contain 0 (drawdowns hang from it)
     * @param yLabel formats an axis value given the tick step
     */
    static String render(String cssClass, String title, List<LocalDate> dates, double[] values, boolean includeZero,
            AxisFormat yLabel) {
        if (dates.size() != values.length) {
            throw new IllegalArgumentException(dates.size() + " dates for " + values.length + " values");
        }
        StringBuilder b = new StringBuilder();
        if (values.length == 0) {
            return "<p class=\"" + cssClass + " empty\">" + Html.escape(title) + ": no data.</p>\n";
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
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
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        long d0 = firstDay;
        long d1 = lastDay;
        DoubleFunction<Double> xOf = day -> LEFT + (day - d0) / (double) (d1 - d0) * plotW;
        DoubleFunction<Double> yOf = v -> TOP + (hi - v) / (hi - lo) * plotH;

        b.append("<svg class=\"chart ").append(cssClass).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">\n");
        b.append("<title>").append(Html.escape(title)).append("</title>\n");
        b.append("<text class=\"chart-title\" x=\"").append(LEFT).append("\" y=\"18\">").append(Html.escape(title))
                .append("</text>\n");

        b.append("<g class=\"y-axis\">\n");
        for (double v = lo; v <= hi + step / 2; v += step) {
            double y = yOf.apply(v);
            b.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT)
                    .append("\" y1=\"").append(c(y)).append("\" y2=\"").append(c(y)).append("\"/>");
            b.append("<text class=\"tick-label\" x=\"").append(LEFT - 6).append("\" y=\"").append(c(y + 4))
                    .append("\" text-anchor=\"end\">").append(Html.escape(yLabel.format(v, step))).append("</text>\n");
        }
        b.append("</g>\n");

        b.append("<g class=\"x-axis\">\n");
        b.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                .append(HEIGHT - BOTTOM).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>\n");
        b.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"")
                .append(TOP).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/>\n");
        DateTicks ticks = dateTicks(LocalDate.ofEpochDay(firstDay), LocalDate.ofEpochDay(lastDay));
        for (LocalDate t : ticks.dates()) {
            double x = xOf.apply(t.toEpochDay());
            b.append("<line class=\"tick\" x1=\"").append(c(x)).append("\" x2=\"").append(c(x)).append("\" y1=\"")
                    .append(HEIGHT - BOTTOM).append("\" y2=\"").append(HEIGHT - BOTTOM + 5).append("\"/>");
            b.append("<text class=\"tick-label date-tick\" x=\"").append(c(x)).append("\" y=\"")
                    .append(HEIGHT - BOTTOM + 18).append("\" text-anchor=\"middle\">")
                    .append(ticks.format().format(t)).append("</text>\n");
        }
        b.append("</g>\n");

        b.append("<polyline class=\"series\" fill=\"none\" points=\"");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(c(xOf.apply(dates.get(i).toEpochDay()))).append(',').append(c(yOf.apply(values[i])));
        }
        b.append("\"/>\n");

        // The last value, labelled where the line ends.
        double lastX = xOf.apply(dates.get(dates.size() - 1).toEpochDay());
        double lastY = yOf.apply(values[values.length - 1]);
        b.append("<circle class=\"last-point\" cx=\"").append(c(lastX)).append("\" cy=\"").append(c(lastY))
                .append("\" r=\"3\"/>");
        b.append("<text class=\"value-label\" x=\"").append(c(Math.min(lastX, WIDTH - RIGHT))).append("\" y=\"")
                .append(c(lastY < TOP + 14 ? lastY + 16 : lastY - 8)).append("\" text-anchor=\"end\">")
                .append(Html.escape(yLabel.format(values[values.length - 1], step / 100))).append("</text>\n");
        b.append("</svg>\n");
        return b.toString();
    }

    /** Formats an axis value; {@code step} tells how many decimals are meaningful. */
    @FunctionalInterface
    interface AxisFormat {
        String format(double value, double step);

        static AxisFormat money() {
            return (v, step) -> Formats.axis(v, decimals(step));
        }

        static AxisFormat percent() {
            return (v, step) -> Formats.axis(v * 100, Math.min(decimals(step * 100), 2)) + "%";
        }

        private static int decimals(double step) {
            return step >= 1 ? 0 : (int) Math.min(4, Math.ceil(-Math.log10(step)));
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
