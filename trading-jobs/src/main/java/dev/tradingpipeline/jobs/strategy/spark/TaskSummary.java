package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.jobs.statistics.StationaryBootstrap;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkComparison;
import dev.tradingpipeline.jobs.strategy.engine.SimulationStatistics;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import java.time.LocalDate;
import java.util.Map;

/**
 * The outcome of one simulation (one task on one underlying), as written to
 * {@code gold.strategy_summary}.
 *
 * @param taskId index of the task in the list given to {@link StrategyJob#run}; with the
 *     underlying it tells apart the grid points of a sweep, which share a strategy name
 * @param dataStart first trading day simulated; null when silver had no day for it
 * @param ruinDate the day equity reached zero or below and the simulation stopped; null when it did not
 * @param staleMarkContracts contracts that kept a stale mark at least once (no usable end-of-day quote)
 * @param statistics the probabilistic Sharpe ratio and bootstrap intervals of its daily returns
 * @param benchmark the benchmark's name ({@link dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec#nameFor});
 *     null without one
 * @param benchmarkComparison the simulation against it; null without one
 */
public record TaskSummary(
        int taskId,
        String strategy,
        String underlying,
        Map<String, Double> parameters,
        LocalDate dataStart,
        LocalDate dataEnd,
        SimulationSummary metrics,
        int noteCount,
        LocalDate ruinDate,
        int staleMarkContracts,
        SimulationStatistics statistics,
        String benchmark,
        BenchmarkComparison benchmarkComparison) {

    public TaskSummary {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        statistics = statistics == null ? SimulationStatistics.none(StationaryBootstrap.Settings.DEFAULT) : statistics;
    }

    /** Without sampling statistics (PSR NaN, no bootstrap draw) or a benchmark. */
    public TaskSummary(int taskId, String strategy, String underlying, Map<String, Double> parameters,
            LocalDate dataStart, LocalDate dataEnd, SimulationSummary metrics, int noteCount, LocalDate ruinDate,
            int staleMarkContracts) {
        this(taskId, strategy, underlying, parameters, dataStart, dataEnd, metrics, noteCount, ruinDate,
                staleMarkContracts, null, null, null);
    }

    /** A simulation that did not end in ruin. */
    public TaskSummary(int taskId, String strategy, String underlying, Map<String, Double> parameters,
            LocalDate dataStart, LocalDate dataEnd, SimulationSummary metrics, int noteCount) {
        this(taskId, strategy, underlying, parameters, dataStart, dataEnd, metrics, noteCount, null, 0);
    }
}
