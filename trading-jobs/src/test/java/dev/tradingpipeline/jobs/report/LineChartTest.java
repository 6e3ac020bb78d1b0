package dev.tradingpipeline.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineChartTest {

    /**
     * 10,000 points over 820 pixel columns: per column, the lowest and highest point survive in
     * date order, so every column keeps its range (the line's shape) at no more than two points.
     */
    @Test
    void decimationKeepsEachColumnsLowestAndHighestPoint() {
        Random random = new Random(1);
        int n = 10_000;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = 90 + i * (LineChart.PLOT_WIDTH / (double) n);
            ys[i] = 100 + 50 * Math.sin(i / 300.0) + 5 * random.nextGaussian() + (i == 4321 ? -80 : 0);
        }
        List<List<double[]>> segments = LineChart.segments(xs, ys);
        assertThat(segments).hasSize(1);
        List<double[]> points = segments.get(0);
        assertThat(points.size()).isLessThanOrEqualTo(2 * (LineChart.PLOT_WIDTH + 1)).isGreaterThan(LineChart.PLOT_WIDTH);

        Map<Long, double[]> inRange = new HashMap<>(); // column -> {min y, max y} of the input
        for (int i = 0; i < n; i++) {
            inRange.merge((long) Math.floor(xs[i]), new double[] {ys[i], ys[i]},
                    (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        Map<Long, double[]> outRange = new HashMap<>();
        Map<Long, Integer> perColumn = new HashMap<>();
        double lastX = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            assertThat(p[0]).isGreaterThan(lastX); // in date order
            lastX = p[0];
            long column = (long) Math.floor(p[0]);
            perColumn.merge(column, 1, Integer::sum);
            outRange.merge(column, new double[] {p[1], p[1]},
                    (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        assertThat(perColumn.values()).allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(2));
        assertThat(outRange.keySet()).isEqualTo(inRange.keySet());
        inRange.forEach((column, range) -> assertThat(outRange.get(column)).containsExactly(range));
        // the one-day dip (80 pixels above its neighbours: SVG y grows down) is there
        assertThat(points).anyMatch(p -> p[0] == xs[4321] && p[1] == ys[4321]);
    }

    @Test
    void aGapSplitsTheLine() {
        double[] xs = {100, 110, 120, 130, 140};
        double[] ys = {Double.NaN, 50, 60, Double.NaN, 70};
        List<List<double[]>> segments = LineChart.segments(xs, ys);
        assertThat(segments).hasSize(2);
        assertThat(segments.get(0)).extracting(p -> p[0]).containsExactly(110.0, 120.0);
        assertThat(segments.get(1)).extracting(p -> p[0]).containsExactly(140.0);
    }

    @Test
    void tenYearsOfDaysDrawAtMostTwoPointsAPixel() {
        List<LocalDate> dates = ReportFixtures.weekdays(LocalDate.of(2014, 1, 1), 2_600);
        double[] values = ReportFixtures.randomEquity(1, dates.size(), 0.0003, 0.01, new Random(2));
        String svg = LineChart.render("equity-chart", "Equity", dates, values, false, LineChart.AxisFormat.percent());
        assertThat(HtmlReportTest.polylinePoints(svg).size()).isBetween(LineChart.PLOT_WIDTH,
                2 * (LineChart.PLOT_WIDTH + 1));
    }

    @Test
    void twoSeriesHaveALegendAndALineEach() {
        List<LocalDate> dates = ReportFixtures.weekdays(LocalDate.of(2024, 1, 1), 5);
        String svg = LineChart.render("equity-chart", "Cumulative return", dates, List.of(
                new LineChart.Series("put-write", "strategy", new double[] {0.01, 0.02, 0.0, 0.03, 0.04}, false),
                new LineChart.Series("SPX <index>", "benchmark", new double[] {Double.NaN, 0, 0.01, 0.01, 0.02}, false)),
                LineChart.HEIGHT, true, LineChart.AxisFormat.percent());
        assertThat(svg).contains("<g class=\"legend\">", ">put-write</text>", ">SPX &lt;index&gt;</text>");
        List<double[]> strategy = HtmlReportTest.polylinePoints(svg, "strategy");
        List<double[]> benchmark = HtmlReportTest.polylinePoints(svg, "benchmark");
        assertThat(strategy).hasSize(5);
        assertThat(benchmark).hasSize(4);
        // the benchmark starts on the second day, where the strategy's second point is
        assertThat(benchmark.get(0)[0]).isEqualTo(strategy.get(1)[0]);
        // both on the same axis: at 1 % (day 3 of the benchmark) below 2 % (day 2 of the strategy)
        assertThat(benchmark.get(1)[1]).isGreaterThan(strategy.get(1)[1]);
        // one series: no legend
        assertThat(LineChart.render("x", "x", dates, new double[] {1, 2, 3, 4, 5}, false,
                LineChart.AxisFormat.money())).doesNotContain("legend");
    }

    @Test
    void aFilledSeriesHangsAnAreaFromZero() {
        List<LocalDate> dates = ReportFixtures.weekdays(LocalDate.of(2024, 1, 1), 3);
        String svg = LineChart.render("drawdown-chart", "Underwater", dates,
                List.of(new LineChart.Series("Drawdown", "underwater", new double[] {0, -0.1, -0.05}, true)),
                LineChart.SMALL_HEIGHT, true, LineChart.AxisFormat.percent());
        List<String> polygons = HtmlReportTest.allMatches(svg, "<polygon class=\"area underwater\" points=\"([^\"]*)\"");
        assertThat(polygons).hasSize(1);
        List<double[]> area = new ArrayList<>();
        for (String p : polygons.get(0).split(" ")) {
            area.add(new double[] {Double.parseDouble(p.split(",")[0]), Double.parseDouble(p.split(",")[1])});
        }
        List<double[]> line = HtmlReportTest.polylinePoints(svg, "underwater");
        // zero, the line's three points, back to zero: the first point is at zero already
        assertThat(area).hasSize(5);
        assertThat(area.get(0)[1]).isEqualTo(line.get(0)[1]);
        assertThat(area.get(4)[1]).isEqualTo(line.get(0)[1]);
        assertThat(area.get(2)).containsExactly(line.get(1));
        assertThat(svg).contains("height=\"200\"");
    }

    @Test
    void ticksWriteTheStepExactly() {
        // a step of 0.25 % needs two decimals, 2.5 one, 1,000 none
        assertThat(LineChart.AxisFormat.percent().format(0.0075, 0.0025)).isEqualTo("0.75%");
        assertThat(LineChart.AxisFormat.ratio().format(7.5, 2.5)).isEqualTo("7.5");
        assertThat(LineChart.AxisFormat.money().format(104_000, 1000)).isEqualTo("104,000");
    }
}
