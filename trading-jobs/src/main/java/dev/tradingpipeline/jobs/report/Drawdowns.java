package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The drawdown periods of an equity series, worst first: a period starts at a peak (the highest
 * equity so far, the starting capital included, as in the drawdown column and the maximum
 * drawdown), reaches its trough at the lowest equity before the series gets back to the peak, and
 * ends on the first day equity is at or above the peak again (the recovery), or is still open at
 * the last day.
 */
final class Drawdowns {

    private Drawdowns() {
    }

    /**
     * @param peak the day of the peak; null when the peak is the starting capital, before the first day
     * @param trough the first day of the lowest equity of the period
     * @param recovery the first day back at or above the peak; null when not recovered
     * @param depth trough equity / peak equity - 1 (negative)
     * @param days calendar days from the peak (the first day when the peak is the starting capital)
     *     to the recovery, or to the last day when not recovered
     */
    record Period(LocalDate peak, LocalDate trough, LocalDate recovery, double depth, long days) {
    }

    /** The {@code count} deepest periods, deepest first (the earlier first on a tie). */
    static List<Period> worst(List<DailyRow> daily, int count) {
        List<Period> all = new ArrayList<>(periods(daily));
        all.sort(Comparator.comparingDouble(Period::depth)); // stable: equal depths keep date order
        return List.copyOf(all.subList(0, Math.min(count, all.size())));
    }

    /** Every period, in date order. */
    static List<Period> periods(List<DailyRow> daily) {
        List<Period> periods = new ArrayList<>();
        if (daily.isEmpty()) {
            return periods;
        }
        double peak = DailyReturns.initialCapital(daily);
        LocalDate peakDay = null;
        int troughIndex = -1; // -1: not in a drawdown
        for (int i = 0; i < daily.size(); i++) {
            double equity = daily.get(i).equity();
            if (troughIndex < 0) {
                if (equity >= peak) {
                    peak = equity;
                    peakDay = daily.get(i).date();
                } else {
                    troughIndex = i;
                }
            } else if (equity >= peak) {
                periods.add(period(daily, peak, peakDay, troughIndex, daily.get(i).date()));
                troughIndex = -1;
                peak = equity;
                peakDay = daily.get(i).date();
            } else if (equity < daily.get(troughIndex).equity()) {
                troughIndex = i;
            }
        }
        if (troughIndex >= 0) {
            periods.add(period(daily, peak, peakDay, troughIndex, null));
        }
        return periods;
    }

    private static Period period(List<DailyRow> daily, double peak, LocalDate peakDay, int troughIndex,
            LocalDate recovery) {
        LocalDate from = peakDay != null ? peakDay : daily.get(0).date();
        LocalDate to = recovery != null ? recovery : daily.get(daily.size() - 1).date();
        return new Period(peakDay, daily.get(troughIndex).date(), recovery,
                daily.get(troughIndex).equity() / peak - 1, ChronoUnit.DAYS.between(from, to));
    }
}
