package dev.tradingpipeline.jobs.strategy.spec;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.util.Objects;

/**
 * When a rule-based strategy opens a new position.
 *
 * <ul>
 *   <li>{@code MONTHLY_THIRD_FRIDAY}: the Cboe PUT/BXM roll; on the month's third Friday, or the
 *       first trading day after it when it is a holiday.</li>
 *   <li>{@code WEEKLY}: on {@code weekday}, or the first trading day after it in the same week.</li>
 *   <li>{@code EVERY_N_DAYS}: on the first day, then every {@code n} trading days.</li>
 *   <li>{@code WHEN_FLAT}: on any day with no position left open after that day.</li>
 * </ul>
 * A scheduled entry is attempted once per period: a day without an eligible contract is noted and
 * the strategy waits for the next period (WHEN_FLAT simply tries again the next day).
 */
public record EntrySchedule(Kind kind, DayOfWeek weekday, int n) implements Serializable {

    public enum Kind {
        MONTHLY_THIRD_FRIDAY,
        WEEKLY,
        EVERY_N_DAYS,
        WHEN_FLAT
    }

    public EntrySchedule {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.WEEKLY && weekday == null) {
            throw new IllegalArgumentException("a WEEKLY entry schedule needs a weekday");
        }
        if (kind == Kind.EVERY_N_DAYS && n < 1) {
            throw new IllegalArgumentException("an EVERY_N_DAYS entry schedule needs n >= 1, got " + n);
        }
    }

    public static EntrySchedule monthlyThirdFriday() {
        return new EntrySchedule(Kind.MONTHLY_THIRD_FRIDAY, null, 0);
    }

    public static EntrySchedule weekly(DayOfWeek weekday) {
        return new EntrySchedule(Kind.WEEKLY, weekday, 0);
    }

    public static EntrySchedule everyNDays(int n) {
        return new EntrySchedule(Kind.EVERY_N_DAYS, null, n);
    }

    public static EntrySchedule whenFlat() {
        return new EntrySchedule(Kind.WHEN_FLAT, null, 0);
    }
}
