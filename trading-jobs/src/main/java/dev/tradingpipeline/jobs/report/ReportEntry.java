package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.engine.Conventions;
import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import dev.tradingpipeline.jobs.strategy.engine.SimulationResult;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import dev.tradingpipeline.jobs.strategy.engine.Trade;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One simulated (strategy, underlying, parameter set) as the report shows it. Every field after
 * the trades is optional: the short constructors and the {@code with...} methods fill them, so
 * that a caller reading the gold tables adds what it has.
 *
 * @param parameters the swept or configured values (delta, dte, ...) in display order; may be empty
 * @param daily in date order
 * @param conventions the market conventions the simulation applied, as the report states them
 * @param cashRate the yearly rate the simulation's cash earned: the rolling Sharpe ratio is over
 *     the excess of daily returns above {@code cashRate / 252}, as {@code Metrics} does
 * @param benchmark the benchmark's name, or null when there is none
 * @param benchmarkEquity empty, or one value per row of {@code daily} (gold.strategy_daily's
 *     {@code benchmark_equity}): the benchmark's value in money scaled to the simulation's
 *     starting capital, null on days before the benchmark has a value
 * @param sections fragments rendered at the end of this simulation's tear sheet
 */
public record ReportEntry(
        String strategy,
        String underlying,
        Map<String, Double> parameters,
        SimulationSummary summary,
        List<DailyRow> daily,
        List<Trade> trades,
        List<Conventions.Convention> conventions,
        double cashRate,
        String benchmark,
        List<Double> benchmarkEquity,
        List<ReportSection> sections) {

    public ReportEntry {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(underlying, "underlying");
        Objects.requireNonNull(summary, "summary");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
        daily = List.copyOf(daily);
        trades = List.copyOf(trades);
        conventions = conventions == null ? List.of() : List.copyOf(conventions);
        if (!Double.isFinite(cashRate)) {
            throw new IllegalArgumentException("cash rate of " + strategy + " on " + underlying + " is " + cashRate);
        }
        // nulls are allowed in the series (days before the benchmark exists): no List.copyOf
        benchmarkEquity = benchmarkEquity == null ? List.of()
                : Collections.unmodifiableList(new ArrayList<>(benchmarkEquity));
        if (!benchmarkEquity.isEmpty() && benchmarkEquity.size() != daily.size()) {
            throw new IllegalArgumentException(strategy + " on " + underlying + ": " + benchmarkEquity.size()
                    + " benchmark values for " + daily.size() + " days");
        }
        if (!benchmarkEquity.isEmpty() && benchmark == null) {
            throw new IllegalArgumentException(strategy + " on " + underlying + ": a benchmark series needs a name");
        }
        sections = sections == null ? List.of() : List.copyOf(sections);
    }

    public ReportEntry(String strategy, String underlying, Map<String, Double> parameters, SimulationSummary summary,
            List<DailyRow> daily, List<Trade> trades, List<Conventions.Convention> conventions) {
        this(strategy, underlying, parameters, summary, daily, trades, conventions, 0, null, List.of(), List.of());
    }

    /** An entry that states no conventions. */
    public ReportEntry(String strategy, String underlying, Map<String, Double> parameters, SimulationSummary summary,
            List<DailyRow> daily, List<Trade> trades) {
        this(strategy, underlying, parameters, summary, daily, trades, List.of());
    }

    public static ReportEntry of(SimulationResult result, Map<String, Double> parameters) {
        return new ReportEntry(result.strategy(), result.underlying(), parameters, result.summary(), result.daily(),
                result.trades()).withCashRate(result.cashRate());
    }

    public ReportEntry withCashRate(double rate) {
        return new ReportEntry(strategy, underlying, parameters, summary, daily, trades, conventions, rate, benchmark,
                benchmarkEquity, sections);
    }

    /**
     * @param name the benchmark's name as the report shows it
     * @param equity one value per day of {@link #daily()}, null before the benchmark has one
     */
    public ReportEntry withBenchmark(String name, List<Double> equity) {
        return new ReportEntry(strategy, underlying, parameters, summary, daily, trades, conventions, cashRate,
                Objects.requireNonNull(name, "name"), equity, sections);
    }

    /** Replaces the fragments shown at the end of the tear sheet. */
    public ReportEntry withSections(List<ReportSection> extra) {
        return new ReportEntry(strategy, underlying, parameters, summary, daily, trades, conventions, cashRate,
                benchmark, benchmarkEquity, extra);
    }

    /** Whether there is a benchmark series to draw. */
    public boolean hasBenchmarkSeries() {
        return benchmarkEquity.stream().anyMatch(Objects::nonNull);
    }
}
