package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.jobs.report.HtmlReport;
import dev.tradingpipeline.jobs.report.ReportEntry;
import dev.tradingpipeline.jobs.report.Sweep;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A strategy run as the gold tables hold it, in the form its report takes: read by
 * {@link GoldRunReader}, for a fresh run and for a re-render alike.
 *
 * @param startedAt when the run started ({@code gold.strategy_runs.started_at})
 * @param simulations one per row of {@code gold.strategy_summary}, by task id then underlying
 * @param sweeps the grid points of each swept entry, entries in the order of their first task
 */
public record GoldRun(String runId, Instant startedAt, List<Simulation> simulations, List<Sweep> sweeps) {

    /**
     * One simulation of the run.
     *
     * @param kind {@code simulation}, {@code walk-forward} or {@code portfolio}
     *     ({@link GoldTables#KIND_SIMULATION} for rows written before the column existed)
     * @param sweep the configured entry's name when the task is a grid point of its sweep, else null
     * @param detailed whether the entry holds the simulation's trades (and daily rows), or only
     *     what the sweeps need
     */
    public record Simulation(int taskId, String kind, String sweep, boolean detailed, ReportEntry entry) {
        public Simulation {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(entry, "entry");
        }
    }

    public GoldRun {
        Objects.requireNonNull(runId, "runId");
        simulations = List.copyOf(simulations);
        sweeps = List.copyOf(sweeps);
    }

    /** The report's entries: every simulation, in order. */
    public List<ReportEntry> entries() {
        return simulations.stream().map(Simulation::entry).toList();
    }

    /** The run's report, stamped with the time it is generated. */
    public HtmlReport report(Instant generatedAt) {
        return new HtmlReport(runId, generatedAt, entries(), sweeps);
    }
}
