package dev.tradingpipeline.jobs.strategy;

import java.util.List;

/**
 * What one simulation produced.
 *
 * @param notes dated explanations ("2024-03-15: no eligible contract for leg 1 (...)")
 */
public record Result(
        String strategy,
        String underlying,
        double initialCapital,
        double cashRate,
        List<Trade> trades,
        List<DailyRow> daily,
        List<String> notes) {

    public Result {
        trades = List.copyOf(trades);
        daily = List.copyOf(daily);
        notes = List.copyOf(notes);
    }

    public Summary summary() {
        return Metrics.summarize(this);
    }
}
