package dev.tradingpipeline.jobs.strategy.api;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/**
 * The exchange's trading days as known in advance: weekdays that are not NYSE holidays, computed
 * by rule (no data is looked at, so the engine can tell on day t whether an option expiring later
 * is settled today without seeing day t + 1).
 *
 * <p>Holidays: New Year's Day, Martin Luther King Jr. Day (third Monday of January, from 1998),
 * Washington's Birthday (third Monday of February), Good Friday, Memorial Day (last Monday of May),
 * Juneteenth (from 2022), Independence Day, Labor Day (first Monday of September), Thanksgiving
 * (fourth Thursday of November) and Christmas. A fixed-date holiday on a Saturday is observed the
 * Friday before and on a Sunday the Monday after, except that a Saturday New Year's Day is not
 * observed (the Friday before closes a year, NYSE Rule 7.2). Unscheduled closures (2001-09-11,
 * Hurricane Sandy, national days of mourning) are not rules and are not in this calendar.
 */
public final class TradingCalendar {

    public static final TradingCalendar NYSE = new TradingCalendar();

    private TradingCalendar() {
    }

    public boolean isTradingDay(LocalDate date) {
        DayOfWeek dow = date.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY && !isHoliday(date);
    }

    /** True when {@code date} is a weekday on which the exchange is closed for a holiday. */
    public boolean isHoliday(LocalDate date) {
        int year = date.getYear();
        // a Saturday January 1st of the next year is not observed, so only this year's counts
        return date.equals(observed(LocalDate.of(year, Month.JANUARY, 1), false))
                || (year >= 1998 && date.equals(nthWeekday(year, Month.JANUARY, 3, DayOfWeek.MONDAY)))
                || date.equals(nthWeekday(year, Month.FEBRUARY, 3, DayOfWeek.MONDAY))
                || date.equals(easter(year).minusDays(2))
                || date.equals(LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)))
                || (year >= 2022 && date.equals(observed(LocalDate.of(year, Month.JUNE, 19), true)))
                || date.equals(observed(LocalDate.of(year, Month.JULY, 4), true))
                || date.equals(nthWeekday(year, Month.SEPTEMBER, 1, DayOfWeek.MONDAY))
                || date.equals(nthWeekday(year, Month.NOVEMBER, 4, DayOfWeek.THURSDAY))
                || date.equals(observed(LocalDate.of(year, Month.DECEMBER, 25), true));
    }

    /** The last trading day on or before {@code date}. */
    public LocalDate lastTradingDayOnOrBefore(LocalDate date) {
        LocalDate d = date;
        while (!isTradingDay(d)) {
            d = d.minusDays(1);
        }
        return d;
    }

    /**
     * True when an option expiring on {@code expiration} is settled by the end of {@code day}: on
     * its expiration day, or on the last trading day before it when that is no trading day.
     */
    public boolean settlesBy(LocalDate expiration, LocalDate day) {
        return !day.isBefore(lastTradingDayOnOrBefore(expiration));
    }

    /** The weekday a fixed-date holiday is observed on, or null when it is not observed. */
    private static LocalDate observed(LocalDate holiday, boolean saturdayToFriday) {
        return switch (holiday.getDayOfWeek()) {
            case SATURDAY -> saturdayToFriday ? holiday.minusDays(1) : null;
            case SUNDAY -> holiday.plusDays(1);
            default -> holiday;
        };
    }

    private static LocalDate nthWeekday(int year, Month month, int n, DayOfWeek dow) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dow));
    }

    /** Easter Sunday of the Gregorian calendar (the anonymous Meeus/Jones/Butcher algorithm). */
    static LocalDate easter(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }
}
