package dev.tradingpipeline.jobs.strategy.spark;

import java.util.List;

/**
 * What a {@link StrategyJob} run wrote.
 *
 * @param runId shared by every row the run appended to the four gold tables
 * @param summaries one per simulation that had data, in task order then underlying order
 * @param noteCount the engines' notes over all simulations ("no eligible contract ...")
 * @param withoutData "strategy on underlying" for simulations silver had no day for
 */
public record StrategyRunResult(String runId, List<TaskSummary> summaries, long noteCount, List<String> withoutData) {

    public StrategyRunResult {
        summaries = List.copyOf(summaries);
        withoutData = List.copyOf(withoutData);
    }
}
