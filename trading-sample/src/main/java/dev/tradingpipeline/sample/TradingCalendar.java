package dev.tradingpipeline.sample;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/** Trading days and option expirations: Monday to Friday, market holidays not modelled. */
final class TradingCalendar {

    private TradingCalendar() {
    }

    /** The first {@code count} weekdays from {@code start} on (a weekend start begins on Monday). */
    static List<LocalDate> tradingDays(LocalDate start, int count) {
        List<LocalDate> days = new ArrayList<>(count);
        for (LocalDate d = start; days.size() < count; d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days.add(d);
            }
        }
        return List.copyOf(days);
    }

    /** A monthly expiration: the third Friday of its month. */
    static boolean isThirdFriday(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.FRIDAY && d.getDayOfMonth() >= 15 && d.getDayOfMonth() <= 21;
    }

    /** Fridays within six weeks (same day included) plus third Fridays within a year, ascending. */
    static List<LocalDate> expirations(LocalDate day) {
        List<LocalDate> result = new ArrayList<>();
        LocalDate lastWeekly = day.plusWeeks(6);
        for (LocalDate f = day.with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY));
                !f.isAfter(lastWeekly); f = f.plusWeeks(1)) {
            result.add(f);
        }
        LocalDate lastMonthly = day.plusYears(1);
        for (YearMonth ym = YearMonth.from(day); ; ym = ym.plusMonths(1)) {
            LocalDate third = ym.atDay(1).with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.FRIDAY));
            if (third.isAfter(lastMonthly)) {
                break;
            }
            if (third.isAfter(lastWeekly)) { // earlier ones are already in as weeklies
                result.add(third);
            }
        }
        return result;
    }
}
