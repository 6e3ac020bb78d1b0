package dev.tradingpipeline.jobs.strategy.api;

import java.util.List;

/** What a strategy may know about its own book when it decides, at 15:45. */
public interface PortfolioView {

    /** Open positions, oldest first (including those expiring today: they settle at the close). */
    List<Position> positions();

    double cash();

    /** Cash plus open positions at today's 15:45 mids (last end-of-day mark where a quote is missing). */
    double equity1545();

    /**
     * Equity not tied up as collateral by positions that stay open after today: what a new entry
     * may use. Positions expiring today, and those in {@code closing}, release theirs.
     *
     * <p>For a member of a portfolio's shared account, the lesser of its budget (its weight x the
     * account's equity at 15:45, less what its own positions tie up) and the account's free buying
     * power (the account's equity at 15:45 less what all its members' positions tie up).
     * {@link #cash()}, {@link #equity1545()} and {@link #positions()} stay the member's own.
     */
    default double freeCapital(java.time.LocalDate today, java.util.Set<Long> closing) {
        double tied = 0;
        for (Position p : positions()) {
            if (!p.endsBy(today) && !closing.contains(p.id())) {
                tied += p.collateral();
            }
        }
        return equity1545() - tied;
    }
}
