package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.engine.Trade;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Trades grouped by why they ended: per exit reason (in the order of {@link ExitReason}), the
 * count, the win rate (share with P&amp;L &gt; 0, as the summary's), the average net P&amp;L and the
 * average days held (calendar days from the entry date to the exit date), then the same over all
 * trades. A trade without an exit date (still open) counts under "open" and is left out of the
 * days held.
 *
 * @param reason null for the row of every trade, and for open trades ({@code open} true)
 * @param averageDaysHeld NaN when no trade of the row has an exit date
 */
record TradeStatistics(ExitReason reason, boolean open, int count, double winRate, double averagePnl,
        double averageDaysHeld) {

    /** One row per exit reason present, then open trades if any, then the row of all trades (last). */
    static List<TradeStatistics> byExitReason(List<Trade> trades) {
        List<TradeStatistics> rows = new ArrayList<>();
        if (trades.isEmpty()) {
            return rows;
        }
        Map<ExitReason, List<Trade>> byReason = new EnumMap<>(ExitReason.class);
        List<Trade> open = new ArrayList<>();
        for (Trade t : trades) {
            if (t.exitReason() == null || t.exitDate() == null) {
                open.add(t);
            } else {
                byReason.computeIfAbsent(t.exitReason(), k -> new ArrayList<>()).add(t);
            }
        }
        byReason.forEach((reason, list) -> rows.add(of(reason, false, list)));
        if (!open.isEmpty()) {
            rows.add(of(null, true, open));
        }
        rows.add(of(null, false, trades));
        return rows;
    }

    /** Whether this is the row of every trade. */
    boolean all() {
        return reason == null && !open;
    }

    private static TradeStatistics of(ExitReason reason, boolean open, List<Trade> trades) {
        double pnl = 0;
        int wins = 0;
        long days = 0;
        int closed = 0;
        for (Trade t : trades) {
            pnl += t.pnl();
            wins += t.pnl() > 0 ? 1 : 0;
            if (t.exitDate() != null) {
                days += ChronoUnit.DAYS.between(t.entryDate(), t.exitDate());
                closed++;
            }
        }
        int n = trades.size();
        return new TradeStatistics(reason, open, n, (double) wins / n, pnl / n,
                closed == 0 ? Double.NaN : (double) days / closed);
    }
}
