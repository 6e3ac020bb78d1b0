package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;

/** Decides, day by day, whether an {@link EntrySchedule} calls for an entry attempt today. */
final class EntryScheduler {

    private final EntrySchedule schedule;
    private LocalDate firstDay;
    private LocalDate lastAttempt;
    private int dayIndex = -1;
    private int lastAttemptIndex;

    EntryScheduler(EntrySchedule schedule) {
        this.schedule = schedule;
    }

    /**
     * Call once per trading day, in order. Returns true when an entry should be attempted today,
     * and then counts today as this period's attempt.
     *
     * @param flat no position stays open after today
     */
    boolean due(LocalDate today, boolean flat) {
        dayIndex++;
        if (firstDay == null) {
            firstDay = today;
        }
        boolean due = switch (schedule.kind()) {
            case WHEN_FLAT -> flat;
            case EVERY_N_DAYS -> lastAttempt == null || dayIndex - lastAttemptIndex >= schedule.n();
            case MONTHLY_THIRD_FRIDAY -> duePeriod(today, thirdFriday(YearMonth.from(today)));
            case WEEKLY -> duePeriod(today, today.with(schedule.weekday()));
        };
        if (due) {
            lastAttempt = today;
            lastAttemptIndex = dayIndex;
        }
        return due;
    }

    /**
     * Due on the period's anchor day or the first trading day after it (a holiday), once; a period
     * whose anchor precedes the data is skipped rather than entered late.
     */
    private boolean duePeriod(LocalDate today, LocalDate anchor) {
        return !today.isBefore(anchor) && !anchor.isBefore(firstDay)
                && (lastAttempt == null || lastAttempt.isBefore(anchor));
    }

    static LocalDate thirdFriday(YearMonth month) {
        return month.atDay(1).with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.FRIDAY));
    }
}
