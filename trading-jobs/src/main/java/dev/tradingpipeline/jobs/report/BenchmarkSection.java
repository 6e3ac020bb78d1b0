package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.engine.BenchmarkComparison;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import java.util.Objects;

/**
 * A simulation against its benchmark, for its section of the report: a one-row table (the
 * benchmark, its return, the excess return, beta, alpha and correlation) and a sentence on the
 * conventions the figures rest on. The figures are those of {@code gold.strategy_summary}.
 */
public final class BenchmarkSection {

    /**
     * What the section shows.
     *
     * @param benchmark the name, as in {@code gold.strategy_summary.benchmark}
     * @param buyAndHold true for the underlying's buy-and-hold, false for a user-supplied series
     * @param days the paired daily returns beta, alpha and correlation rest on ({@code benchmark_days})
     */
    public record Model(String benchmark, boolean buyAndHold, double benchmarkReturn, double excessReturn, double beta,
            double alpha, double correlation, int days) {

        public Model {
            Objects.requireNonNull(benchmark, "benchmark");
        }

        /** From a simulation's comparison; an underlying's buy-and-hold is told by its name. */
        public static Model of(String benchmark, BenchmarkComparison c) {
            return new Model(benchmark, benchmark.endsWith(BenchmarkSpec.BUY_AND_HOLD), c.benchmarkReturn(),
                    c.excessReturn(), c.beta(), c.alpha(), c.correlation(), c.days());
        }
    }

    private BenchmarkSection() {
    }

    /** The section's HTML; empty for a simulation without a benchmark ({@code null}). */
    public static String html(Model m) {
        return m == null ? "" : "<h3>Benchmark</h3>\n" + fragment(m);
    }

    /** {@link #html} without its heading: the body of a {@link ReportSection} (which the report titles). */
    public static String fragment(Model m) {
        StringBuilder b = new StringBuilder();
        b.append("<table class=\"benchmark\">\n<thead><tr><th>Benchmark</th><th>Return</th>"
                + "<th>Excess return</th><th>Beta</th><th>Alpha (yearly)</th><th>Correlation</th></tr></thead>\n"
                + "<tbody>\n<tr><td class=\"benchmark-name\">").append(Html.escape(m.benchmark())).append("</td>");
        num(b, "benchmark-return", m.benchmarkReturn(), Formats.percent(m.benchmarkReturn()));
        num(b, "excess-return", m.excessReturn(), Formats.percent(m.excessReturn()));
        num(b, "beta", m.beta(), Formats.ratio(m.beta()));
        num(b, "alpha", m.alpha(), Formats.percent(m.alpha()));
        num(b, "correlation", m.correlation(), Formats.ratio(m.correlation()));
        b.append("</tr>\n</tbody>\n</table>\n<p class=\"note benchmark-conventions\">")
                .append(Html.escape(conventions(m))).append("</p>\n");
        return b.toString();
    }

    /** The conventions behind the figures, in words. */
    static String conventions(Model m) {
        String what = m.buyAndHold()
                ? "The benchmark is the underlying bought at the close of the first simulated day with the starting"
                        + " capital and held: a price index, without dividends, so against a stock or an ETF that"
                        + " pays them it understates a total-return comparison by the dividend yield (an index's"
                        + " close is its 15:45 level, as in the simulation)."
                : "The benchmark is the series " + m.benchmark() + ": on each simulated day its last value on or"
                        + " before that day (carried over a day it lacks), none before it starts or after it ends;"
                        + " it starts at the starting capital on the first simulated day it has.";
        return what + " Its return runs from that day's close to its last day; the excess return is the strategy's"
                + " return over the same days (from its equity before that day) less the benchmark's. Beta, alpha"
                + " (Jensen's, against the cash rate, x 252) and correlation are of the daily returns of the "
                + Formats.count(Math.max(0, m.days())) + " day(s) both have"
                + (m.days() < 2 ? ": too few to estimate them." : ".");
    }

    private static void num(StringBuilder b, String cssClass, double sign, String text) {
        b.append("<td class=\"num ").append(cssClass).append(sign < 0 ? " neg" : "").append("\">")
                .append(Html.escape(text)).append("</td>");
    }
}
