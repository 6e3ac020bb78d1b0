package dev.tradingpipeline.jobs.strategy.engine;

import java.time.LocalDate;

/**
 * One trading day of a simulation, after the close.
 *
 * @param equity cash plus open positions at the end-of-day mids
 * @param exposure collateral tied up by open positions (see {@link Collateral})
 * @param dailyPnl equity change since the previous day (since the starting capital on day one)
 * @param drawdown equity / running peak - 1 (0 at a new high, negative below it)
 */
public record DailyRow(LocalDate date, double equity, double cash, double exposure, double dailyPnl,
        double drawdown) {
}
