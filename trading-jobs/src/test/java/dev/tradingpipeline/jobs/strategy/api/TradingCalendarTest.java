package dev.tradingpipeline.jobs.strategy.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule-based calendar against NYSE's published holiday dates. */
class TradingCalendarTest {

    private static final TradingCalendar NYSE = TradingCalendar.NYSE;

    private static List<LocalDate> weekdayHolidays(int year) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            if (NYSE.isHoliday(d)) {
                out.add(d);
            }
        }
        return out;
    }

    @Test
    void nyse2024() {
        assertThat(weekdayHolidays(2024)).containsExactly(LocalDate.parse("2024-01-01"),
                LocalDate.parse("2024-01-15"), LocalDate.parse("2024-02-19"), LocalDate.parse("2024-03-29"),
                LocalDate.parse("2024-05-27"), LocalDate.parse("2024-06-19"), LocalDate.parse("2024-07-04"),
                LocalDate.parse("2024-09-02"), LocalDate.parse("2024-11-28"), LocalDate.parse("2024-12-25"));
    }

    @Test
    void nyse2022WithObservedDaysAndAnUnobservedSaturdayNewYear() {
        // 2022-01-01 was a Saturday: not observed (2021-12-31 traded). Juneteenth on a Sunday ->
        // Monday 06-20; Christmas on a Sunday -> Monday 12-26
        assertThat(weekdayHolidays(2022)).containsExactly(LocalDate.parse("2022-01-17"),
                LocalDate.parse("2022-02-21"), LocalDate.parse("2022-04-15"), LocalDate.parse("2022-05-30"),
                LocalDate.parse("2022-06-20"), LocalDate.parse("2022-07-04"), LocalDate.parse("2022-09-05"),
                LocalDate.parse("2022-11-24"), LocalDate.parse("2022-12-26"));
        assertThat(NYSE.isTradingDay(LocalDate.parse("2021-12-31"))).isTrue();
    }

    @Test
    void saturdayHolidaysMoveToFridayAndJuneteenthStartsIn2022() {
        assertThat(NYSE.isHoliday(LocalDate.parse("2020-07-03"))).isTrue(); // July 4th 2020 was a Saturday
        assertThat(NYSE.isHoliday(LocalDate.parse("2021-12-24"))).isTrue(); // Christmas 2021 was a Saturday
        assertThat(NYSE.isHoliday(LocalDate.parse("2021-06-18"))).isFalse(); // Juneteenth not yet observed
        assertThat(NYSE.isHoliday(LocalDate.parse("2023-01-02"))).isTrue(); // New Year 2023 on a Sunday
        assertThat(NYSE.isHoliday(LocalDate.parse("2015-04-03"))).isTrue(); // Good Friday
        assertThat(NYSE.isHoliday(LocalDate.parse("2019-04-19"))).isTrue(); // Good Friday
        assertThat(NYSE.isHoliday(LocalDate.parse("2015-04-02"))).isFalse();
        assertThat(TradingCalendar.easter(2008)).isEqualTo(LocalDate.parse("2008-03-23"));
        assertThat(TradingCalendar.easter(2038)).isEqualTo(LocalDate.parse("2038-04-25"));
    }

    @Test
    void lastTradingDayBeforeASaturdayOrAHolidayExpiry() {
        // the Saturday expiration of 2014-03-22 settles on Friday the 21st
        assertThat(NYSE.lastTradingDayOnOrBefore(LocalDate.parse("2014-03-22"))).isEqualTo(LocalDate.parse("2014-03-21"));
        // an expiration on Good Friday 2015-04-03 settles on Thursday the 2nd
        assertThat(NYSE.lastTradingDayOnOrBefore(LocalDate.parse("2015-04-03"))).isEqualTo(LocalDate.parse("2015-04-02"));
        // a trading day is its own last trading day
        assertThat(NYSE.lastTradingDayOnOrBefore(LocalDate.parse("2024-03-15"))).isEqualTo(LocalDate.parse("2024-03-15"));
        assertThat(NYSE.settlesBy(LocalDate.parse("2015-04-03"), LocalDate.parse("2015-04-01"))).isFalse();
        assertThat(NYSE.settlesBy(LocalDate.parse("2015-04-03"), LocalDate.parse("2015-04-02"))).isTrue();
        assertThat(NYSE.settlesBy(LocalDate.parse("2015-04-03"), LocalDate.parse("2015-04-06"))).isTrue();
    }
}
