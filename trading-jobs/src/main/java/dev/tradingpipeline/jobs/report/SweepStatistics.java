package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.statistics.BacktestOverfitting;
import dev.tradingpipeline.jobs.statistics.SharpeStatistics;
import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The overfitting statistics of one sweep on one underlying: the deflated Sharpe ratio of its best
 * combination and the probability of backtest overfitting, from the combinations' daily returns in
 * excess of their cash rate over the days they all have.
 *
 * @param entries the combinations, in the order of the returns the statistics were computed on
 * @param days the daily returns each combination contributed (one fewer than the common days)
 * @param deflated null when skipped
 * @param overfitting null when skipped, or when too few days for the blocks
 * @param skipped why the statistics were not computed, or null
 */
record SweepStatistics(String underlying, List<ReportEntry> entries, int days, SharpeStatistics.Deflated deflated,
        BacktestOverfitting.Result overfitting, String skipped) {

    /** One per underlying of the sweep, in the order they first appear. */
    static List<SweepStatistics> of(Sweep sweep) {
        Map<String, List<ReportEntry>> byUnderlying = new LinkedHashMap<>();
        sweep.entries().forEach(e -> byUnderlying.computeIfAbsent(e.underlying(), k -> new ArrayList<>()).add(e));
        List<SweepStatistics> all = new ArrayList<>();
        byUnderlying.forEach((u, entries) -> all.add(of(u, entries)));
        return all;
    }

    static SweepStatistics of(String underlying, List<ReportEntry> entries) {
        if (entries.size() < 2) {
            return new SweepStatistics(underlying, entries, 0, null, null, "one combination: nothing to deflate");
        }
        double[][] returns = returns(entries);
        int days = returns[0].length;
        if (days < 2 * BacktestOverfitting.DEFAULT_BLOCKS) {
            return new SweepStatistics(underlying, entries, days, null, null, "only " + days + " day(s) of returns"
                    + " common to every combination; the statistics need at least "
                    + 2 * BacktestOverfitting.DEFAULT_BLOCKS);
        }
        SharpeStatistics.Deflated deflated;
        try {
            deflated = SharpeStatistics.deflatedSharpe(returns);
        } catch (IllegalArgumentException e) {
            return new SweepStatistics(underlying, entries, days, null, null, e.getMessage());
        }
        BacktestOverfitting.Result pbo = BacktestOverfitting.probability(returns);
        return new SweepStatistics(underlying, entries, days, deflated, pbo, null);
    }

    /**
     * Each combination's daily returns in excess of its cash rate (equity over the previous common
     * day's, less 1, less {@code cashRate / 252}: the returns the Sharpe ratios and each
     * simulation's PSR are of) over the days every combination has: a ruined combination's series
     * ends at its ruin, and so do the common days.
     */
    static double[][] returns(List<ReportEntry> entries) {
        if (sameDays(entries)) {
            return returnsOnSameDays(entries);
        }
        TreeSet<LocalDate> common = null;
        List<Map<LocalDate, Double>> equity = new ArrayList<>();
        for (ReportEntry e : entries) {
            Map<LocalDate, Double> byDate = new HashMap<>();
            for (DailyRow d : e.daily()) {
                byDate.put(d.date(), d.equity());
            }
            equity.add(byDate);
            if (common == null) {
                common = new TreeSet<>(byDate.keySet());
            } else {
                common.retainAll(byDate.keySet());
            }
        }
        List<LocalDate> dates = new ArrayList<>(common);
        double[][] r = new double[entries.size()][Math.max(0, dates.size() - 1)];
        for (int i = 0; i < entries.size(); i++) {
            for (int t = 1; t < dates.size(); t++) {
                r[i][t - 1] = equity.get(i).get(dates.get(t)) / equity.get(i).get(dates.get(t - 1)) - 1
                        - entries.get(i).cashRate() / 252;
            }
        }
        return r;
    }

    /** Whether every entry has the same days (the usual sweep: one underlying, no ruin). */
    private static boolean sameDays(List<ReportEntry> entries) {
        List<DailyRow> first = entries.get(0).daily();
        for (ReportEntry e : entries) {
            List<DailyRow> daily = e.daily();
            if (daily.size() != first.size()) {
                return false;
            }
            for (int t = 0; t < daily.size(); t++) {
                if (!daily.get(t).date().equals(first.get(t).date())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The same returns as the general case, without a map per entry. */
    private static double[][] returnsOnSameDays(List<ReportEntry> entries) {
        int days = entries.get(0).daily().size();
        double[][] r = new double[entries.size()][Math.max(0, days - 1)];
        for (int i = 0; i < entries.size(); i++) {
            List<DailyRow> daily = entries.get(i).daily();
            double cash = entries.get(i).cashRate() / 252;
            for (int t = 1; t < days; t++) {
                r[i][t - 1] = daily.get(t).equity() / daily.get(t - 1).equity() - 1 - cash;
            }
        }
        return r;
    }
}
