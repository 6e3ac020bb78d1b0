package dev.tradingpipeline.jobs.strategy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class EntrySchedulerTest {

    private static boolean due(EntryScheduler s, String date) {
        return s.due(LocalDate.parse(date), false);
    }

    @Test
    void monthlyRollOnTheThirdFridayOrTheNextTradingDay() {
        assertThat(EntryScheduler.thirdFriday(YearMonth.of(2024, 3))).isEqualTo(LocalDate.parse("2024-03-15"));
        EntryScheduler s = new EntryScheduler(EntrySchedule.monthlyThirdFriday());
        assertThat(due(s, "2024-03-14")).isFalse();
        assertThat(due(s, "2024-03-15")).isTrue();
        assertThat(due(s, "2024-03-18")).isFalse(); // once a month
        // April 2025: the third Friday (the 18th) is Good Friday, a market holiday
        assertThat(due(s, "2025-04-17")).isFalse();
        assertThat(due(s, "2025-04-21")).isTrue();
    }

    @Test
    void aRollDateBeforeTheDataIsNotEnteredLate() {
        EntryScheduler s = new EntryScheduler(EntrySchedule.monthlyThirdFriday());
        assertThat(due(s, "2024-03-20")).isFalse();
        assertThat(due(s, "2024-04-19")).isTrue();
    }

    @Test
    void weeklyMovesToTheNextTradingDayOfTheSameWeek() {
        EntryScheduler s = new EntryScheduler(EntrySchedule.weekly(DayOfWeek.MONDAY));
        assertThat(due(s, "2024-01-08")).isTrue(); // Monday
        assertThat(due(s, "2024-01-09")).isFalse();
        assertThat(due(s, "2024-01-16")).isTrue(); // Monday the 15th was a holiday
    }

    @Test
    void everyNTradingDays() {
        EntryScheduler s = new EntryScheduler(EntrySchedule.everyNDays(2));
        assertThat(due(s, "2024-01-02")).isTrue();
        assertThat(due(s, "2024-01-03")).isFalse();
        assertThat(due(s, "2024-01-04")).isTrue();
    }

    @Test
    void whenFlatFollowsTheBook() {
        EntryScheduler s = new EntryScheduler(EntrySchedule.whenFlat());
        assertThat(s.due(LocalDate.parse("2024-01-02"), true)).isTrue();
        assertThat(s.due(LocalDate.parse("2024-01-03"), false)).isFalse();
        assertThat(s.due(LocalDate.parse("2024-01-04"), true)).isTrue();
    }
}
