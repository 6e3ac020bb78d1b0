package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import java.util.ArrayList;
import java.util.List;

/**
 * Calendar-year returns of a simulation and of its benchmark: each year's last equity over the
 * previous year's last (the first year over the starting capital, as {@link MonthlyReturns}); the
 * benchmark's the same way from its values, which are scaled to the starting capital (the first
 * year over the starting capital, a later one over the previous year's last value).
 *
 * @param benchmarkReturn NaN without a benchmark value in the year
 * @param excess return - benchmark return (NaN without one)
 * @param deepestDrawdown the lowest drawdown (from the running peak) of the year's days
 * @param days trading days of the year in the series
 */
record YearlyReturns(int year, double strategyReturn, double benchmarkReturn, double excess, double deepestDrawdown,
        int days) {

    static List<YearlyReturns> of(List<DailyRow> daily, List<Double> benchmarkEquity) {
        List<YearlyReturns> rows = new ArrayList<>();
        if (daily.isEmpty()) {
            return rows;
        }
        boolean withBenchmark = !benchmarkEquity.isEmpty();
        double base = DailyReturns.initialCapital(daily);
        double benchmarkBase = base;
        int start = 0;
        while (start < daily.size()) {
            int year = daily.get(start).date().getYear();
            int end = start;
            double deepest = 0;
            Double benchmarkLast = null;
            while (end < daily.size() && daily.get(end).date().getYear() == year) {
                deepest = Math.min(deepest, daily.get(end).drawdown());
                if (withBenchmark && benchmarkEquity.get(end) != null) {
                    benchmarkLast = benchmarkEquity.get(end);
                }
                end++;
            }
            double last = daily.get(end - 1).equity();
            double strategy = last / base - 1;
            double benchmark = benchmarkLast == null ? Double.NaN : benchmarkLast / benchmarkBase - 1;
            rows.add(new YearlyReturns(year, strategy, benchmark, strategy - benchmark, deepest, end - start));
            base = last;
            if (benchmarkLast != null) {
                benchmarkBase = benchmarkLast;
            }
            start = end;
        }
        return rows;
    }
}
