package dev.tradingpipeline.jobs.strategy.engine;

import java.time.LocalDate;
import java.util.List;

/**
 * What one simulation produced.
 *
 * @param notes dated explanations ("2024-03-15: no eligible contract for leg 1 (...)")
 * @param ruinDate the day equity reached zero or below and the simulation stopped, or null
 * @param staleMarkContracts contracts marked at least once with a carried mark (no usable EOD quote)
 */
public record SimulationResult(
        String strategy,
        String underlying,
        double initialCapital,
        double cashRate,
        List<Trade> trades,
        List<DailyRow> daily,
        List<String> notes,
        LocalDate ruinDate,
        int staleMarkContracts) {

    public SimulationResult {
        trades = List.copyOf(trades);
        daily = List.copyOf(daily);
        notes = List.copyOf(notes);
    }

    /** A simulation without ruin or carried marks. */
    public SimulationResult(String strategy, String underlying, double initialCapital, double cashRate, List<Trade> trades,
            List<DailyRow> daily, List<String> notes) {
        this(strategy, underlying, initialCapital, cashRate, trades, daily, notes, null, 0);
    }

    public SimulationSummary summary() {
        return Metrics.summarize(this);
    }
}
