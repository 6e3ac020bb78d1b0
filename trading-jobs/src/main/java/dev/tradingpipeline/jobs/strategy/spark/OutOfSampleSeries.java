package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.jobs.strategy.engine.Evaluation;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The out-of-sample check of one configured entry on one underlying: the series it derived and
 * what the report sets side by side.
 *
 * @param strategy the configured entry's name
 * @param kind {@link GoldTables#KIND_WALK_FORWARD} or {@link GoldTables#KIND_OUT_OF_SAMPLE}
 * @param summary the derived series as written to gold (its task id follows every configured task);
 *     null when skipped
 * @param inSampleLabel what {@code inSample} measures, e.g. "a[delta=0.2], in sample (2024-01-02 to 2024-06-28)"
 * @param inSample the in-sample figures set against the series: at an in-sample split, the chosen
 *     combination's on the in-sample days; for a walk-forward, those of the combination best by the
 *     same metric over the series' own days (chosen with hindsight, so in sample by construction)
 * @param windows the windows as in {@code gold.walk_forward_windows} (one for an in-sample split)
 * @param combinations each combination's Sharpe ratio in and out of sample (in-sample split only)
 * @param skipped why there is no series (too few days, no data), or null
 */
public record OutOfSampleSeries(String strategy, String underlying, Evaluation evaluation, String kind,
        TaskSummary summary, String inSampleLabel, SimulationSummary inSample, List<Window> windows,
        List<Combination> combinations, String skipped) {

    public OutOfSampleSeries {
        windows = List.copyOf(windows);
        combinations = List.copyOf(combinations);
    }

    static OutOfSampleSeries skipped(String strategy, String underlying, Evaluation evaluation, String kind,
            String why) {
        return new OutOfSampleSeries(strategy, underlying, evaluation, kind, null, null, null, List.of(), List.of(),
                why);
    }

    /**
     * One window; the training dates are null when the training window had no trading day.
     *
     * @param selected the chosen combination's name
     * @param trainMetric its value of the select-by metric on the training days
     * @param testSharpe Sharpe ratio of the test window's own run (at an in-sample split: of the series)
     */
    public record Window(int number, LocalDate trainStart, LocalDate trainEnd, LocalDate testStart,
            LocalDate testEnd, int selectedTaskId, String selected, Map<String, Double> selectedParameters,
            double trainMetric, double trainSharpe, double testSharpe, double testReturn) {

        public Window {
            selectedParameters = selectedParameters == null ? Map.of() : Map.copyOf(selectedParameters);
        }
    }

    /** A combination's Sharpe ratio on the in-sample days and on the days after them. */
    public record Combination(int taskId, String name, double inSampleSharpe, double outOfSampleSharpe) {
    }
}
