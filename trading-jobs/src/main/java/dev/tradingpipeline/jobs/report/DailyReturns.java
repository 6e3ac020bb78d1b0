package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import dev.tradingpipeline.jobs.strategy.engine.Metrics;
import java.util.List;

/**
 * The daily returns of a simulation as {@code Metrics} defines them: each day's equity over the
 * previous day's, less 1; the first day's over the starting capital (the first day's equity
 * minus its P&amp;L). The series ends at the first day at or below zero (ruin): no return can be
 * computed from there.
 */
final class DailyReturns {

    private DailyReturns() {
    }

    /** The equity before the first day; NaN without days. */
    static double initialCapital(List<DailyRow> daily) {
        return daily.isEmpty() ? Double.NaN : daily.get(0).equity() - daily.get(0).dailyPnl();
    }

    /** One return per day up to ruin: {@code returns[i]} is day i's. */
    static double[] of(List<DailyRow> daily) {
        return Metrics.dailyReturns(initialCapital(daily), daily.stream().mapToDouble(DailyRow::equity).toArray());
    }
}
