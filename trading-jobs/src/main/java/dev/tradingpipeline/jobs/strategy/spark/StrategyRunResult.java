package dev.tradingpipeline.jobs.strategy.spark;

import java.util.List;

/**
 * What a {@link StrategyJob} run wrote.
 *
 * @param runId shared by every row the run appended to the gold tables
 * @param summaries one per simulation of a configured task that had data, in task order then underlying order
 * @param noteCount the engines' notes over all simulations ("no eligible contract ...")
 * @param withoutData "strategy on underlying" for simulations silver had no day for
 * @param outOfSample one per out-of-sample check and underlying: the series it derived (with a task id
 *     after every configured task), or why there is none
 */
public record StrategyRunResult(String runId, List<TaskSummary> summaries, long noteCount, List<String> withoutData,
        List<OutOfSampleSeries> outOfSample) {

    public StrategyRunResult {
        summaries = List.copyOf(summaries);
        withoutData = List.copyOf(withoutData);
        outOfSample = List.copyOf(outOfSample);
    }

    /** Without out-of-sample checks. */
    public StrategyRunResult(String runId, List<TaskSummary> summaries, long noteCount, List<String> withoutData) {
        this(runId, summaries, noteCount, withoutData, List.of());
    }
}
