package dev.tradingpipeline.jobs.strategy.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Out-of-sample checks of a sweep from its combinations' daily equity, without Spark: the
 * walk-forward windows, the selection of the best combination on a training window, and the
 * stitching of out-of-sample pieces into one series.
 *
 * <p><b>Windows</b> are made of the trading days actually simulated, cut at calendar dates. With
 * {@code first} the first day, the k-th test window (k = 0, 1, ...) starts at the calendar date
 * {@code N_k = first + train + k x test} and holds the trading days in {@code [N_k, N_k+1)}; its
 * training window holds the trading days in {@code [N_k - train, N_k)} (rolling, not anchored: a
 * training window is as long as {@code train}, and windows overlap when train is longer than test).
 * So the first test window starts after the first full training window, test windows follow one
 * another without overlap or gap, and the last one ends with the data: it may be shorter than
 * {@code test}. A window without a trading day (a gap in the data) is left out.
 *
 * <p><b>Selection</b> looks only at the training window's days: each combination's metric over
 * those days is computed from its equity, the day before the window's first day (the starting
 * capital on the first day of data) being the base of the first return; nothing after the
 * window's last day is read. The highest metric wins; an undefined one (NaN) never wins over a
 * defined one; ties go to the combination listed first (the sweep's order, i.e. the lowest task id),
 * and so does a window where no combination's metric is defined.
 */
public final class WalkForward {

    private WalkForward() {
    }

    /**
     * One walk-forward window, as inclusive indices into the trading days.
     *
     * @param number 1-based, in date order
     * @param trainFrom first training day; greater than {@code trainTo} when the training window has no day
     */
    public record Window(int number, int trainFrom, int trainTo, int testFrom, int testTo) {

        public int trainDays() {
            return Math.max(0, trainTo - trainFrom + 1);
        }

        public int testDays() {
            return testTo - testFrom + 1;
        }
    }

    /**
     * The combinations of one sweep on one underlying, aligned on their trading days.
     *
     * @param days every day any combination has, ascending
     * @param equity {@code equity[c][t]}: combination c's end-of-day equity on {@code days[t]}; NaN
     *     where it has no such day (after its ruin)
     * @param capital the starting capital (a sweep does not change it)
     * @param cashRate the yearly cash rate Sharpe and Sortino are measured against
     */
    public record Combinations(List<LocalDate> days, double[][] equity, double capital, double cashRate) {

        public Combinations {
            days = List.copyOf(days);
            for (int i = 1; i < days.size(); i++) {
                if (!days.get(i).isAfter(days.get(i - 1))) {
                    throw new IllegalArgumentException("days must ascend: " + days.get(i) + " after " + days.get(i - 1));
                }
            }
            for (double[] e : equity) {
                if (e.length != days.size()) {
                    throw new IllegalArgumentException(e.length + " equity values for " + days.size() + " days");
                }
            }
        }

        public int size() {
            return equity.length;
        }
    }

    /**
     * The choice made on one window.
     *
     * @param selected index of the chosen combination
     * @param metric each combination's value of the selection metric over the training days
     * @param selectedTrain the chosen combination's figures over the training days
     */
    public record Choice(Window window, int selected, double[] metric, SimulationSummary selectedTrain) {
    }

    /** A piece of out-of-sample equity and the equity it grew from (the day before its first row). */
    public record Segment(double base, List<DailyRow> rows) {

        public Segment {
            rows = List.copyOf(rows);
        }
    }

    /** @param ruinDate the day the stitched equity reached zero or below; nothing is stitched after it */
    public record Stitched(List<DailyRow> daily, LocalDate ruinDate) {
    }

    /** Figures of a series with no defined value: every number NaN, no trade. */
    public static final SimulationSummary UNDEFINED = new SimulationSummary(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN);

    /** The walk-forward windows over {@code days} (ascending), as described in the class comment. */
    public static List<Window> windows(List<LocalDate> days, Evaluation.Period train, Evaluation.Period test) {
        List<Window> out = new ArrayList<>();
        if (days.isEmpty()) {
            return out;
        }
        LocalDate first = train.after(days.get(0), 1);
        LocalDate last = days.get(days.size() - 1);
        for (int k = 0; ; k++) {
            LocalDate start = test.after(first, k);
            if (start.isAfter(last)) {
                return out;
            }
            LocalDate end = test.after(first, k + 1); // exclusive
            int testFrom = firstOnOrAfter(days, start);
            int testTo = firstOnOrAfter(days, end) - 1;
            if (testFrom > testTo) {
                continue; // no trading day in this test window
            }
            int trainFrom = firstOnOrAfter(days, train.before(start));
            out.add(new Window(out.size() + 1, trainFrom, testFrom - 1, testFrom, testTo));
        }
    }

    /**
     * The figures of days {@code from..to} (inclusive indices) of one equity series: the returns of
     * those days only, the first from the equity of day {@code from - 1} (the starting capital when
     * {@code from} is 0). {@link #UNDEFINED} when that base is missing or not positive (ruined before)
     * or the series has no day in the range; a series that ends (NaN) inside the range counts up to
     * its end.
     */
    public static SimulationSummary over(double[] equity, int from, int to, double capital, double cashRate) {
        if (from > to || from < 0 || to >= equity.length) {
            return UNDEFINED;
        }
        double base = from == 0 ? capital : equity[from - 1];
        if (Double.isNaN(base) || base <= 0) {
            return UNDEFINED;
        }
        int end = from;
        while (end <= to && !Double.isNaN(equity[end])) {
            end++;
        }
        if (end == from) {
            return UNDEFINED;
        }
        return Metrics.summarize(base, Arrays.copyOfRange(equity, from, end), new double[0], new double[0], cashRate);
    }

    /**
     * The index of the highest value: NaN never wins over a defined value; among equal values
     * (or when all are NaN) the lowest index.
     */
    public static int best(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            double v = values[i];
            double b = values[best];
            if (!Double.isNaN(v) && (Double.isNaN(b) || v > b)) {
                best = i;
            }
        }
        return best;
    }

    /** The choice on days {@code from..to}: each combination's metric there, and the best. */
    public static Choice choose(Combinations c, Window window, int from, int to, Evaluation.Metric metric) {
        double[] values = new double[c.size()];
        SimulationSummary[] figures = new SimulationSummary[c.size()];
        for (int i = 0; i < c.size(); i++) {
            figures[i] = over(c.equity()[i], from, to, c.capital(), c.cashRate());
            values[i] = metric.of(figures[i]);
        }
        int best = best(values);
        return new Choice(window, best, values, figures[best]);
    }

    /** One choice per walk-forward window, each on its training days. */
    public static List<Choice> walkForward(Combinations c, Evaluation evaluation) {
        if (!evaluation.isWalkForward()) {
            throw new IllegalArgumentException("not a walk-forward: " + evaluation.describe());
        }
        List<Choice> out = new ArrayList<>();
        for (Window w : windows(c.days(), evaluation.train(), evaluation.test())) {
            out.add(choose(c, w, w.trainFrom(), w.trainTo(), evaluation.selectBy()));
        }
        return out;
    }

    /**
     * The in-sample split as one window: training = the days up to and including the in-sample
     * end, test = the days after it. Null when either side has no day.
     */
    public static Window split(List<LocalDate> days, LocalDate inSampleEnd) {
        int firstOut = firstOnOrAfter(days, inSampleEnd.plusDays(1));
        if (firstOut == 0 || firstOut == days.size()) {
            return null;
        }
        return new Window(1, 0, firstOut - 1, firstOut, days.size() - 1);
    }

    /**
     * Out-of-sample pieces compounded into one series from {@code capital}: a piece's rows are
     * scaled by (equity at the end of the pieces before) / (its base), so each day keeps its own
     * return; cash and exposure scale with equity, daily P&amp;L and drawdown are those of the
     * stitched equity (the drawdown's running peak starts at {@code capital}, as in a simulation).
     * A day at or below zero is ruin: the series ends there.
     */
    public static Stitched stitch(double capital, List<Segment> segments) {
        List<DailyRow> out = new ArrayList<>();
        double level = capital;
        double last = capital;
        double peak = capital;
        for (Segment s : segments) {
            if (s.rows().isEmpty()) {
                continue;
            }
            if (!(s.base() > 0)) {
                throw new IllegalArgumentException("a segment must grow from a positive equity, got " + s.base());
            }
            double factor = level / s.base();
            for (DailyRow r : s.rows()) {
                if (!out.isEmpty() && !r.date().isAfter(out.get(out.size() - 1).date())) {
                    throw new IllegalArgumentException("segments must follow one another: " + r.date() + " after "
                            + out.get(out.size() - 1).date());
                }
                double equity = r.equity() * factor;
                peak = Math.max(peak, equity);
                out.add(new DailyRow(r.date(), equity, r.cash() * factor, r.exposure() * factor, equity - last,
                        equity / peak - 1));
                last = equity;
                if (equity <= 0) {
                    return new Stitched(out, r.date());
                }
            }
            level = last;
        }
        return new Stitched(out, null);
    }

    /** The index of the first day on or after {@code date}; {@code days.size()} when none. */
    static int firstOnOrAfter(List<LocalDate> days, LocalDate date) {
        Objects.requireNonNull(date, "date");
        int lo = 0;
        int hi = days.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (days.get(mid).isBefore(date)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
