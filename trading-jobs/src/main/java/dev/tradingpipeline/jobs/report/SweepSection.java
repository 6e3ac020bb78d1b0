package dev.tradingpipeline.jobs.report;

import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A sweep's section: its combinations ranked (the top and the bottom of a long ranking, every
 * combination in the heat map), a heat map of the Sharpe ratio over its grid per underlying, and
 * per underlying the overfitting statistics (PSR, DSR, PBO) with what they mean, then the
 * sections other parts attach. The tear sheets of its best combinations follow the section.
 */
final class SweepSection {

    /** Combinations of a sweep that get a full tear sheet, best first. */
    static final int TEAR_SHEETS = 3;
    /** A longer ranking shows its first {@value #TOP_ROWS} and last {@value #BOTTOM_ROWS} rows. */
    static final int TOP_ROWS = 25;
    static final int BOTTOM_ROWS = 5;

    /** Sweep ranking: Sharpe descending, then total return descending; undefined figures last. */
    static final Comparator<ReportEntry> RANKING = Comparator
            .comparing((ReportEntry e) -> e.summary().sharpe(), SweepSection::descendingNaNLast)
            .thenComparing(e -> e.summary().totalReturn(), SweepSection::descendingNaNLast);

    private SweepSection() {
    }

    static List<ReportEntry> ranked(Sweep sweep) {
        return sweep.entries().stream().sorted(RANKING).toList();
    }

    /**
     * @param n the section's number: its id is {@code sweep-<n>}
     * @param ranked the sweep's entries in {@link #RANKING} order
     * @param tearSheets the section number of each combination that has a tear sheet
     */
    static void append(StringBuilder b, int n, Sweep sweep, List<ReportEntry> ranked,
            Map<ReportEntry, Integer> tearSheets) {
        List<SweepStatistics> statistics = SweepStatistics.of(sweep);
        b.append("<section class=\"sweep\" id=\"sweep-").append(n).append("\">\n<h2>Sweep: ")
                .append(Html.escape(sweep.family())).append("</h2>\n<p>")
                .append(Formats.count(sweep.entries().size())).append(" runs over ")
                .append(Html.escape(sweep.rowParameter())).append(" × ").append(Html.escape(sweep.columnParameter()))
                .append(", ranked by Sharpe, then total return");
        if (!tearSheets.isEmpty()) {
            b.append("; the tear sheets of the best ").append(tearSheets.size()).append(" follow this section");
        }
        b.append(".</p>\n");
        appendRanking(b, sweep, ranked, tearSheets, probabilistic(statistics));
        // One grid per underlying: the same parameters on two underlyings are two different runs.
        Map<String, List<ReportEntry>> byUnderlying = sweep.entries().stream()
                .collect(Collectors.groupingBy(ReportEntry::underlying, LinkedHashMap::new, Collectors.toList()));
        for (var group : byUnderlying.entrySet()) {
            appendHeatmap(b, sweep, group.getKey(), group.getValue());
        }
        for (SweepStatistics st : statistics) {
            appendOverfitting(b, st);
        }
        Sections.appendNested(b, "sweep-" + n, sweep.sections());
        b.append("</section>\n");
    }

    /** Each combination's probabilistic Sharpe ratio, where its underlying's statistics were computed. */
    private static Map<ReportEntry, Double> probabilistic(List<SweepStatistics> statistics) {
        Map<ReportEntry, Double> psr = new IdentityHashMap<>();
        for (SweepStatistics st : statistics) {
            if (st.deflated() != null) {
                for (int i = 0; i < st.entries().size(); i++) {
                    psr.put(st.entries().get(i), st.deflated().probabilistic()[i]);
                }
            }
        }
        return psr;
    }

    private static void appendRanking(StringBuilder b, Sweep sweep, List<ReportEntry> ranked,
            Map<ReportEntry, Integer> tearSheets, Map<ReportEntry, Double> psr) {
        int total = ranked.size();
        boolean capped = total > TOP_ROWS + BOTTOM_ROWS;
        int leftOut = total - TOP_ROWS - BOTTOM_ROWS;
        if (capped) {
            b.append("<p class=\"note sweep-capped\">Showing the top ").append(TOP_ROWS).append(" and the bottom ")
                    .append(BOTTOM_ROWS).append(" of ").append(Formats.count(total)).append(" combinations; ")
                    .append(leftOut == 1 ? "the one left out is" : "the " + Formats.count(leftOut) + " left out are")
                    .append(" in the heat map below, and every combination is in the gold.strategy_summary"
                            + " table.</p>\n");
        }
        b.append("<table class=\"sweep-ranking\">\n<thead><tr><th>Rank</th><th>Strategy</th><th>Underlying</th><th>")
                .append(Html.escape(sweep.rowParameter())).append("</th><th>")
                .append(Html.escape(sweep.columnParameter())).append("</th>");
        MetricCells.headers(b);
        b.append("<th title=\"probabilistic Sharpe ratio against 0 over the days common to the sweep\">PSR</th>"
                + "</tr></thead>\n<tbody>\n");
        for (int i = 0; i < total; i++) {
            if (capped && i == TOP_ROWS) {
                b.append("<tr class=\"sweep-gap\"><td colspan=\"").append(6 + MetricCells.COUNT).append("\">")
                        .append(leftOut == 1 ? "1 combination ranked " + (TOP_ROWS + 1)
                                : Formats.count(leftOut) + " combinations ranked " + (TOP_ROWS + 1) + " to "
                                        + (total - BOTTOM_ROWS))
                        .append(" not shown (every one is in gold.strategy_summary)</td></tr>\n");
                i = total - BOTTOM_ROWS;
            }
            ReportEntry e = ranked.get(i);
            b.append("<tr class=\"sweep-row\"><td class=\"num rank\">").append(i + 1).append("</td><td class=\"strategy\">");
            Integer section = tearSheets.get(e);
            if (section != null) {
                b.append("<a href=\"#strategy-").append(section).append("\">").append(Html.escape(e.strategy()))
                        .append("</a>");
            } else {
                b.append(Html.escape(e.strategy()));
            }
            b.append("</td><td class=\"underlying\">").append(Html.escape(e.underlying())).append("</td><td class=\"num\">")
                    .append(Formats.parameter(e.parameters().get(sweep.rowParameter()))).append("</td><td class=\"num\">")
                    .append(Formats.parameter(e.parameters().get(sweep.columnParameter()))).append("</td>");
            MetricCells.cells(b, e.summary());
            Double p = psr.get(e);
            MetricCells.num(b, "psr", 0, Formats.ratio(p == null ? Double.NaN : p));
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    /** The deflated Sharpe ratio and the probability of backtest overfitting, and what they mean. */
    private static void appendOverfitting(StringBuilder b, SweepStatistics st) {
        b.append("<h3>Overfitting: ").append(Html.escape(st.underlying())).append("</h3>\n");
        if (st.skipped() != null) {
            b.append("<p class=\"overfitting empty\">Not computed: ").append(Html.escape(st.skipped())).append(".</p>\n");
            return;
        }
        var d = st.deflated();
        var p = st.overfitting();
        ReportEntry best = st.entries().get(d.best());
        b.append("<table class=\"overfitting\" data-underlying=\"").append(Html.escape(st.underlying()))
                .append("\">\n<tbody>\n");
        MetricCells.row(b, "trials", "Combinations tried (N)", Formats.count(d.trials()));
        MetricCells.row(b, "days", "Days of returns (common to all)", Formats.count(st.days()));
        MetricCells.row(b, "best", "Best by daily Sharpe", best.strategy() + (best.parameters().isEmpty() ? ""
                : " " + TearSheet.parameters(best.parameters())));
        MetricCells.row(b, "psr", "Probabilistic Sharpe ratio of the best (against 0)",
                Formats.ratio(d.probabilistic()[d.best()]));
        MetricCells.row(b, "expected-max", "Expected maximum daily Sharpe of N trials of no skill",
                String.format(Locale.ROOT, "%.4f (best: %.4f)", d.expectedMaximum(), d.bestSharpe()));
        MetricCells.row(b, "dsr", "Deflated Sharpe ratio of the best", Formats.ratio(d.deflatedSharpe()));
        MetricCells.row(b, "pbo", "Probability of backtest overfitting", Formats.percent(p.pbo()) + " ("
                + Formats.count(p.combinations()) + " splits of " + p.blocks() + " blocks)");
        b.append("</tbody>\n</table>\n");
        b.append("<p class=\"note overfitting-meaning\">The probabilistic Sharpe ratio is the probability that a"
                + " combination's true Sharpe ratio is above zero given the length, skewness and kurtosis of its"
                + " returns (Bailey and L\u00f3pez de Prado, 2012). The deflated Sharpe ratio is the probability that the"
                + " best combination's true Sharpe ratio is above zero once the number of combinations tried, and the"
                + " skewness and kurtosis of its returns, are accounted for (Bailey and L\u00f3pez de Prado, 2014):"
                + " below 0.95 its Sharpe may well be luck. The probability of backtest overfitting is how often the"
                + " combination best on one half of the days (in blocks) ranks below the median on the other half"
                + " (Bailey, Borwein, L\u00f3pez de Prado and Zhu, 2015): near 50% or above, picking by this sweep"
                + " is no better than chance.</p>\n");
    }

    private static void appendHeatmap(StringBuilder b, Sweep sweep, String underlying, List<ReportEntry> runs) {
        TreeSet<Double> rows = new TreeSet<>();
        TreeSet<Double> columns = new TreeSet<>();
        Map<List<Double>, ReportEntry> cells = new LinkedHashMap<>();
        for (ReportEntry e : runs) {
            double r = e.parameters().get(sweep.rowParameter());
            double c = e.parameters().get(sweep.columnParameter());
            rows.add(r);
            columns.add(c);
            cells.merge(List.of(r, c), e, (a, x) -> RANKING.compare(a, x) <= 0 ? a : x);
        }
        double scale = runs.stream().mapToDouble(e -> e.summary().sharpe()).filter(Double::isFinite).map(Math::abs)
                .max().orElse(0);
        b.append("<h3>Sharpe ratio by ").append(Html.escape(sweep.rowParameter())).append(" and ")
                .append(Html.escape(sweep.columnParameter())).append(" on ").append(Html.escape(underlying))
                .append("</h3>\n<table class=\"sweep-heatmap heatmap\" data-underlying=\"").append(Html.escape(underlying))
                .append("\">\n<thead><tr><th>").append(Html.escape(sweep.rowParameter())).append(" \\ ")
                .append(Html.escape(sweep.columnParameter())).append("</th>");
        for (double c : columns) {
            b.append("<th>").append(Formats.parameter(c)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (double r : rows) {
            b.append("<tr><th>").append(Formats.parameter(r)).append("</th>");
            for (double c : columns) {
                ReportEntry e = cells.get(List.of(r, c));
                if (e == null) {
                    b.append("<td class=\"grid-cell empty\"></td>");
                    continue;
                }
                double sharpe = e.summary().sharpe();
                b.append("<td class=\"grid-cell\" title=\"total return ").append(Formats.percent(e.summary().totalReturn()))
                        .append("\"");
                if (Double.isFinite(sharpe)) {
                    b.append(" style=\"background:").append(Heat.colour(sharpe, scale)).append("\"");
                }
                b.append(">").append(Formats.ratio(sharpe)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static int descendingNaNLast(double a, double b) {
        boolean na = Double.isNaN(a);
        boolean nb = Double.isNaN(b);
        if (na || nb) {
            return na == nb ? 0 : na ? 1 : -1;
        }
        return Double.compare(b, a);
    }
}
