package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.statistics.StationaryBootstrap;
import dev.tradingpipeline.jobs.strategy.engine.SimulationStatistics;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import java.util.function.DoubleFunction;

/**
 * A simulation's Sharpe ratio, CAGR and maximum drawdown with their stationary-bootstrap 5%–95%
 * intervals, as the report writes them: inline ("1.23 (0.45 to 2.01)") or as a small table with
 * the draws, mean block and seed stated and a sentence on what the intervals mean.
 */
public final class ConfidenceIntervals {

    /** What the intervals mean, for a reader who has not met a bootstrap. */
    static final String MEANING = "Each interval holds the middle 90% of the figure over series resampled from this"
            + " simulation's own daily returns, in blocks of consecutive days that keep their day-to-day"
            + " dependence: it shows how much the figure owes to the luck of which days happened (sampling"
            + " variability), not model risk (fills, data, rules, market regimes the history lacks) nor the"
            + " choice of a sweep's best.";

    private ConfidenceIntervals() {
    }

    /** "1.23 (0.45 to 2.01)"; the value alone when the interval is undefined. */
    public static String ratio(double value, StationaryBootstrap.Interval interval) {
        return format(value, interval, Formats::ratio);
    }

    /** "5.67% (-1.20% to 12.00%)"; the value alone when the interval is undefined. */
    public static String percent(double value, StationaryBootstrap.Interval interval) {
        return format(value, interval, Formats::percent);
    }

    static String format(double value, StationaryBootstrap.Interval interval, DoubleFunction<String> format) {
        String v = format.apply(value);
        return interval.isDefined() ? v + " (" + format.apply(interval.low()) + " to " + format.apply(interval.high())
                + ")" : v;
    }

    /**
     * The HTML fragment of one simulation: a table of the three figures (estimate, 5%, 95%), its
     * PSR, the bootstrap's draws, mean block and seed, and {@link #MEANING}; a one-line note when
     * no draw was made.
     *
     * @param summary the point estimates (the simulation's metrics)
     */
    public static String section(SimulationSummary summary, SimulationStatistics statistics) {
        return "<div class=\"confidence-intervals\">\n<h3>Confidence intervals</h3>\n" + body(summary, statistics)
                + "</div>\n";
    }

    /**
     * {@link #section} without its heading, in a {@code div.confidence-intervals}: the body of a
     * {@link ReportSection} (which the report titles).
     */
    public static String fragment(SimulationSummary summary, SimulationStatistics statistics) {
        return "<div class=\"confidence-intervals\">\n" + body(summary, statistics) + "</div>\n";
    }

    private static String body(SimulationSummary summary, SimulationStatistics statistics) {
        StationaryBootstrap.Result b = statistics.bootstrap();
        StringBuilder h = new StringBuilder();
        if (b.draws() == 0) {
            h.append("<p class=\"confidence-intervals empty\">No bootstrap intervals: the bootstrap is off"
                    + " (statistics.bootstrap.draws: 0) or the simulation has fewer than 2 daily returns.</p>\n");
        } else {
            h.append("<table class=\"confidence-intervals\">\n<thead><tr><th>Figure</th><th>Estimate</th><th>5%</th>"
                    + "<th>95%</th></tr></thead>\n<tbody>\n");
            row(h, "ci-sharpe", "Sharpe ratio", summary.sharpe(), b.sharpe(), Formats::ratio);
            row(h, "ci-cagr", "CAGR", summary.cagr(), b.cagr(), Formats::percent);
            row(h, "ci-max-drawdown", "Maximum drawdown", summary.maxDrawdown(), b.maxDrawdown(), Formats::percent);
            h.append("</tbody>\n</table>\n");
            h.append("<p class=\"note ci-method\">5% and 95% percentiles over ").append(Formats.count(b.draws()))
                    .append(" stationary-bootstrap resamples of the daily returns (Politis and Romano, 1994; mean"
                            + " block ").append(Formats.parameter(b.meanBlock())).append(" trading days, seed ")
                    .append(b.seed()).append(").</p>\n");
            h.append("<p class=\"note ci-meaning\">").append(Html.escape(MEANING)).append("</p>\n");
        }
        h.append("<p class=\"psr\">Probabilistic Sharpe ratio (against 0): <span class=\"num psr\">")
                .append(Formats.ratio(statistics.psr()))
                .append("</span>, the probability that the true Sharpe ratio is above zero given the number of"
                        + " days and the returns' skewness and kurtosis.</p>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, String cssClass, String label, double estimate,
            StationaryBootstrap.Interval interval, DoubleFunction<String> format) {
        h.append("<tr class=\"").append(cssClass).append("\"><th scope=\"row\">").append(label)
                .append("</th><td class=\"num estimate\">").append(format.apply(estimate))
                .append("</td><td class=\"num low\">").append(format.apply(interval.low()))
                .append("</td><td class=\"num high\">").append(format.apply(interval.high())).append("</td></tr>\n");
    }
}
