package dev.tradingpipeline.jobs.strategy.engine;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a configured strategy (or the combinations of its sweep) is checked out of sample: either
 * an in-sample split at a date (the combination best on the days up to it is followed on the days
 * after it) or a rolling walk-forward (the combination best on each training window is run on the
 * test window that follows it). See {@link WalkForward} for the windows and the selection.
 *
 * @param inSampleEnd the last in-sample day (inclusive) of an in-sample split; null for walk-forward
 * @param train the length of each training window of a walk-forward; null for an in-sample split
 * @param test the length of each test window of a walk-forward; null for an in-sample split
 * @param selectBy the metric that picks the best combination
 */
public record Evaluation(LocalDate inSampleEnd, Period train, Period test, Metric selectBy) implements Serializable {

    public Evaluation {
        Objects.requireNonNull(selectBy, "selectBy");
        if ((inSampleEnd == null) == (train == null || test == null)) {
            throw new IllegalArgumentException("an evaluation is an in-sample split (an end date) or a walk-forward"
                    + " (train and test periods), not both or neither");
        }
    }

    public static Evaluation inSample(LocalDate end, Metric selectBy) {
        return new Evaluation(end, null, null, selectBy);
    }

    public static Evaluation walkForward(Period train, Period test, Metric selectBy) {
        return new Evaluation(null, train, test, selectBy);
    }

    public boolean isWalkForward() {
        return train != null;
    }

    /** "walk-forward: train 6m, test 1m, select-by sharpe" or "in-sample to 2024-06-28, select-by sharpe". */
    public String describe() {
        return (isWalkForward() ? "walk-forward: train " + train + ", test " + test
                : "in-sample to " + inSampleEnd) + ", select-by " + selectBy.key();
    }

    /** A calendar period: a number of days, weeks, months or years ({@code 120d}, {@code 26w}, {@code 6m}, {@code 1y}). */
    public record Period(int amount, ChronoUnit unit) implements Serializable {

        private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,3})([dwmy])");

        public Period {
            if (amount < 1) {
                throw new IllegalArgumentException("a period is at least 1 " + unit + ", got " + amount);
            }
            if (!List.of(ChronoUnit.DAYS, ChronoUnit.WEEKS, ChronoUnit.MONTHS, ChronoUnit.YEARS).contains(unit)) {
                throw new IllegalArgumentException("a period counts days, weeks, months or years, not " + unit);
            }
        }

        /** {@code 6m}, {@code 26w}, {@code 120d}, {@code 1y} (case-insensitive); empty for anything else. */
        public static Optional<Period> parse(String text) {
            Matcher m = FORM.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                return Optional.empty();
            }
            ChronoUnit unit = switch (m.group(2)) {
                case "d" -> ChronoUnit.DAYS;
                case "w" -> ChronoUnit.WEEKS;
                case "m" -> ChronoUnit.MONTHS;
                default -> ChronoUnit.YEARS;
            };
            return Optional.of(new Period(Integer.parseInt(m.group(1)), unit));
        }

        /**
         * {@code date} plus {@code times} periods, counted from {@code date} in one step (so that
         * month ends do not drift: Jan 31 plus 2 x 1m is Mar 31, not Mar 29).
         */
        public LocalDate after(LocalDate date, int times) {
            return date.plus((long) amount * times, unit);
        }

        /** {@code date} less one period. */
        public LocalDate before(LocalDate date) {
            return date.minus(amount, unit);
        }

        @Override
        public String toString() {
            return amount + switch (unit) {
                case DAYS -> "d";
                case WEEKS -> "w";
                case MONTHS -> "m";
                default -> "y";
            };
        }
    }

    /** The metrics a best combination can be selected by; higher is better for each. */
    public enum Metric {
        SHARPE("sharpe"),
        SORTINO("sortino"),
        CAGR("cagr"),
        TOTAL_RETURN("total-return"),
        CALMAR("calmar");

        public static final Metric DEFAULT = SHARPE;

        private final String key;

        Metric(String key) {
            this.key = key;
        }

        /** The name in config.yaml. */
        public String key() {
            return key;
        }

        public double of(SimulationSummary s) {
            return switch (this) {
                case SHARPE -> s.sharpe();
                case SORTINO -> s.sortino();
                case CAGR -> s.cagr();
                case TOTAL_RETURN -> s.totalReturn();
                case CALMAR -> s.calmar();
            };
        }

        public static List<String> keys() {
            return Arrays.stream(values()).map(Metric::key).toList();
        }

        public static Optional<Metric> of(String key) {
            return Arrays.stream(values()).filter(m -> m.key.equalsIgnoreCase(key.trim())).findFirst();
        }
    }
}
