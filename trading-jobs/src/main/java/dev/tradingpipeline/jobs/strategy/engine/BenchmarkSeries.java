package dev.tradingpipeline.jobs.strategy.engine;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A benchmark's values by date (an index level, a price), and how they line up with a
 * simulation's days: the value on a day is the series' last value on or before it (carried over a
 * day the series lacks, such as a day the index was not published), none before the series starts
 * or after it ends (a stale level carried on would count as days of no change).
 *
 * <p>Small (one double a day) and serializable: it travels to the executors with the simulations.
 */
public final class BenchmarkSeries implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final long[] days;
    private final double[] values;

    /**
     * @param dates strictly increasing
     * @param values each finite and above zero
     */
    public BenchmarkSeries(String name, List<LocalDate> dates, double[] values) {
        this.name = Objects.requireNonNull(name, "name");
        if (dates.size() != values.length) {
            throw new IllegalArgumentException(dates.size() + " dates but " + values.length + " values");
        }
        this.days = new long[dates.size()];
        for (int i = 0; i < days.length; i++) {
            days[i] = dates.get(i).toEpochDay();
            if (i > 0 && days[i] <= days[i - 1]) {
                throw new IllegalArgumentException("dates must increase: " + dates.get(i) + " after " + dates.get(i - 1));
            }
            if (!(values[i] > 0) || Double.isInfinite(values[i])) {
                throw new IllegalArgumentException("value on " + dates.get(i) + " must be > 0, got " + values[i]);
            }
        }
        this.values = values.clone();
    }

    public String name() {
        return name;
    }

    public int size() {
        return days.length;
    }

    public LocalDate first() {
        return days.length == 0 ? null : LocalDate.ofEpochDay(days[0]);
    }

    public LocalDate last() {
        return days.length == 0 ? null : LocalDate.ofEpochDay(days[days.length - 1]);
    }

    /** The value on each of {@code dates}: the last on or before it, NaN before the first or after the last. */
    public double[] alignTo(List<LocalDate> dates) {
        double[] out = new double[dates.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = valueOn(dates.get(i));
        }
        return out;
    }

    /** The last value on or before {@code date}; NaN before the first date or after the last. */
    public double valueOn(LocalDate date) {
        long d = date.toEpochDay();
        if (days.length == 0 || d < days[0] || d > days[days.length - 1]) {
            return Double.NaN;
        }
        int at = Arrays.binarySearch(days, d);
        return values[at >= 0 ? at : -at - 2];
    }
}
