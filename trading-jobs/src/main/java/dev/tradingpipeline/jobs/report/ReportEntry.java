package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.Conventions;
import dev.tradingpipeline.jobs.strategy.DailyRow;
import dev.tradingpipeline.jobs.strategy.Result;
import dev.tradingpipeline.jobs.strategy.Summary;
import dev.tradingpipeline.jobs.strategy.Trade;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One simulated (strategy, underlying, parameter set) as the report shows it.
 *
 * @param parameters the swept or configured values (delta, dte, ...) in display order; may be empty
 * @param daily in date order
 * @param conventions the market conventions the simulation applied, as the report states them
 */
public record ReportEntry(
        String strategy,
        String underlying,
        Map<String, Double> parameters,
        Summary summary,
        List<DailyRow> daily,
        List<Trade> trades,
        List<Conventions.Convention> conventions) {

    public ReportEntry {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(underlying, "underlying");
        Objects.requireNonNull(summary, "summary");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
        daily = List.copyOf(daily);
        trades = List.copyOf(trades);
        conventions = conventions == null ? List.of() : List.copyOf(conventions);
    }

    /** An entry that states no conventions. */
    public ReportEntry(String strategy, String underlying, Map<String, Double> parameters, Summary summary,
            List<DailyRow> daily, List<Trade> trades) {
        this(strategy, underlying, parameters, summary, daily, trades, List.of());
    }

    public static ReportEntry of(Result result, Map<String, Double> parameters) {
        return new ReportEntry(result.strategy(), result.underlying(), parameters, result.summary(), result.daily(),
                result.trades());
    }
}
