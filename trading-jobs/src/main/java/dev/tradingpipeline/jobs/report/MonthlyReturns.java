package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import java.time.YearMonth;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Calendar-month and calendar-year returns of a daily equity series: each month's last equity over
 * the previous month's last (the first month over the starting capital, which is the first day's
 * equity minus its P&amp;L). Months without a trading day are absent.
 */
record MonthlyReturns(SortedMap<YearMonth, Double> months, SortedMap<Integer, Double> years) {

    MonthlyReturns {
        months = Collections.unmodifiableSortedMap(new TreeMap<>(months));
        years = Collections.unmodifiableSortedMap(new TreeMap<>(years));
    }

    static MonthlyReturns of(List<DailyRow> daily) {
        SortedMap<YearMonth, Double> monthEnd = new TreeMap<>();
        for (DailyRow row : daily) {
            monthEnd.put(YearMonth.from(row.date()), row.equity());
        }
        SortedMap<YearMonth, Double> months = new TreeMap<>();
        SortedMap<Integer, Double> years = new TreeMap<>();
        if (daily.isEmpty()) {
            return new MonthlyReturns(months, years);
        }
        double previous = daily.get(0).equity() - daily.get(0).dailyPnl();
        double yearStart = previous;
        for (var e : monthEnd.entrySet()) {
            months.put(e.getKey(), e.getValue() / previous - 1);
            previous = e.getValue();
            int year = e.getKey().getYear();
            boolean lastOfYear = monthEnd.tailMap(e.getKey().plusMonths(1)).keySet().stream()
                    .noneMatch(m -> m.getYear() == year);
            if (lastOfYear) {
                years.put(e.getKey().getYear(), e.getValue() / yearStart - 1);
                yearStart = e.getValue();
            }
        }
        return new MonthlyReturns(months, years);
    }
}
