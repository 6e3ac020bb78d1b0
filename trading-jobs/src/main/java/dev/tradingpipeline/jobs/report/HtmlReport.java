package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.core.runs.RunIds;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HTML report of one strategy run, a tear sheet in the manner of quantstats and pyfolio: a
 * summary table, then a tear sheet ({@link TearSheet}) per configured simulation, then per sweep
 * its section ({@link SweepSection}: ranking, heat map, overfitting statistics) followed by the
 * tear sheets of its best {@value SweepSection#TEAR_SHEETS} combinations, then the report-level
 * {@link ReportSection}s.
 *
 * <p>The file is self-contained and static: inline CSS, charts as inline SVG, no script, no
 * external reference; a Content-Security-Policy forbids loading anything, so a report that
 * renders at all renders the way it will anywhere. It stays small however long the run: a sweep's
 * combinations are summarised (a capped ranking, one heat map cell each) rather than drawn one by
 * one, long trade lists are cut, and chart lines keep at most two points per pixel column.
 *
 * <p>Stable hooks for tests and readers:
 * <ul>
 *   <li>{@code #summary} with {@code table.summary-table}, one {@code tr.summary-row} per tear sheet;</li>
 *   <li>tear sheets {@code section.strategy-section#strategy-<n>} (1-based, in page order:
 *       configured simulations in input order, then each sweep's best; a sweep's carry
 *       {@code data-sweep="sweep-<k>"}), holding {@code table.parameters}, {@code table.conventions},
 *       {@code svg.equity-chart} (cumulative return, {@code polyline.strategy} and, with a
 *       benchmark, {@code polyline.benchmark}), {@code svg.drawdown-chart} (underwater, filled),
 *       {@code svg.rolling-sharpe-chart}, {@code svg.rolling-volatility-chart},
 *       {@code table.worst-drawdowns}, {@code table.monthly-returns}, {@code table.yearly-returns},
 *       {@code svg.return-distribution} with {@code table.return-statistics},
 *       {@code table.exit-reasons}, attached sections {@code div.report-section#strategy-<n>-<id>}
 *       and {@code table.trades};</li>
 *   <li>sweeps {@code section.sweep#sweep-<n>} holding {@code table.sweep-ranking} (its
 *       {@code tr.sweep-gap} marks the rows left out), {@code table.sweep-heatmap},
 *       {@code table.overfitting} and attached sections {@code div.report-section#sweep-<n>-<id>};</li>
 *   <li>report-level sections {@code section.report-section#<id>} before the footer.</li>
 * </ul>
 */
public final class HtmlReport {

    /** Longer trade lists show their first trades and say so; the full list is in gold.strategy_trades. */
    public static final int MAX_TRADES_SHOWN = TearSheet.MAX_TRADES_SHOWN;

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final DateTimeFormatter GENERATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String runId;
    private final Instant generatedAt;
    private final List<ReportEntry> entries;
    private final List<Sweep> sweeps;
    private final List<ReportSection> sections;

    /**
     * @param runId becomes part of the file name: letters, digits, '.', '_' and '-'
     * @param entries the run's simulations; one that is also a combination of a sweep (the same
     *     strategy, underlying, parameters, summary and number of days as one of its entries) is
     *     shown with its sweep, so a caller may pass every simulation of the run, or only those
     *     outside sweeps
     * @param sweeps each with every one of its combinations
     * @param sections shown at the end of the report, in order
     */
    public HtmlReport(String runId, Instant generatedAt, List<ReportEntry> entries, List<Sweep> sweeps,
            List<ReportSection> sections) {
        Objects.requireNonNull(runId, "runId");
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id '" + runId
                    + "' cannot name a report file: use letters, digits, '.', '_' and '-' (at most 128)");
        }
        this.runId = runId;
        this.generatedAt = Objects.requireNonNull(generatedAt, "generatedAt");
        this.entries = List.copyOf(entries);
        this.sweeps = List.copyOf(sweeps);
        this.sections = List.copyOf(sections);
        for (ReportEntry e : this.entries) {
            Sections.validate(e.strategy() + " on " + e.underlying(), e.sections(), false);
        }
        for (Sweep s : this.sweeps) {
            Sections.validate("sweep '" + s.family() + "'", s.sections(), false);
            for (ReportEntry e : s.entries()) {
                Sections.validate(e.strategy() + " on " + e.underlying(), e.sections(), false);
            }
        }
        Sections.validate("the report", this.sections, true);
    }

    public HtmlReport(String runId, Instant generatedAt, List<ReportEntry> entries, List<Sweep> sweeps) {
        this(runId, generatedAt, entries, sweeps, List.of());
    }

    public HtmlReport(String runId, Instant generatedAt, List<ReportEntry> entries) {
        this(runId, generatedAt, entries, List.of());
    }

    public String fileName() {
        return RunIds.reportFileName(runId);
    }

    /** Writes {@code <dir>/strategy-report-<runId>.html}, creating {@code dir}; returns the file. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName());
        Files.writeString(file, render(), StandardCharsets.UTF_8);
        return file;
    }

    /** What gets a tear sheet, in page order, and each sweep's ranking. */
    private record Layout(List<ReportEntry> configured, List<List<ReportEntry>> ranked,
            List<List<ReportEntry>> best) {

        /** What tells two entries apart cheaply: the same simulation has the same name, parameters and figures. */
        private record Key(String strategy, String underlying, Map<String, Double> parameters, SimulationSummary summary,
                int days) {

            static Key of(ReportEntry e) {
                return new Key(e.strategy(), e.underlying(), e.parameters(), e.summary(), e.daily().size());
            }
        }

        static Layout of(List<ReportEntry> entries, List<Sweep> sweeps) {
            Set<Key> swept = new HashSet<>();
            List<List<ReportEntry>> ranked = new ArrayList<>();
            List<List<ReportEntry>> best = new ArrayList<>();
            for (Sweep s : sweeps) {
                s.entries().forEach(e -> swept.add(Key.of(e)));
                List<ReportEntry> r = SweepSection.ranked(s);
                ranked.add(r);
                best.add(r.subList(0, Math.min(SweepSection.TEAR_SHEETS, r.size())));
            }
            List<ReportEntry> configured = entries.stream().filter(e -> !swept.contains(Key.of(e))).toList();
            return new Layout(configured, ranked, best);
        }
    }

    public String render() {
        Layout layout = Layout.of(entries, sweeps);
        StringBuilder b = new StringBuilder(256 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // Nothing may be fetched: a report that looks right here looks right everywhere.
        b.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'; img-src data:\">\n");
        b.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        b.append("<meta name=\"generator\" content=\"trading-pipeline strategy report\">\n");
        b.append("<title>Strategy report ").append(Html.escape(runId)).append("</title>\n");
        b.append("<style>\n").append(ReportStyle.CSS).append("</style>\n</head>\n<body>\n");
        int simulations = layout.configured().size() + sweeps.stream().mapToInt(s -> s.entries().size()).sum();
        b.append("<header>\n<h1>Strategy report</h1>\n<p class=\"meta\">Run <code id=\"run-id\">")
                .append(Html.escape(runId)).append("</code> · generated <time id=\"generated-at\" datetime=\"")
                .append(generatedAt).append("\">").append(GENERATED_AT.format(generatedAt)).append("</time> · ")
                .append(Formats.count(simulations)).append(simulations == 1 ? " strategy run" : " strategy runs");
        if (!sweeps.isEmpty()) {
            b.append(" · ").append(sweeps.size()).append(sweeps.size() == 1 ? " sweep" : " sweeps");
        }
        b.append("</p>\n</header>\n");

        // Tear sheet numbers in page order.
        Map<ReportEntry, Integer> number = new IdentityHashMap<>();
        int n = 0;
        for (ReportEntry e : layout.configured()) {
            number.put(e, ++n);
        }
        for (List<ReportEntry> best : layout.best()) {
            for (ReportEntry e : best) {
                number.put(e, ++n);
            }
        }
        appendNav(b, layout, number);
        appendSummary(b, layout, number);
        for (ReportEntry e : layout.configured()) {
            TearSheet.append(b, number.get(e), e, null);
        }
        for (int i = 0; i < sweeps.size(); i++) {
            Sweep sweep = sweeps.get(i);
            List<ReportEntry> best = layout.best().get(i);
            Map<ReportEntry, Integer> tearSheets = new IdentityHashMap<>();
            best.forEach(e -> tearSheets.put(e, number.get(e)));
            SweepSection.append(b, i + 1, sweep, layout.ranked().get(i), tearSheets);
            for (int k = 0; k < best.size(); k++) {
                TearSheet.append(b, number.get(best.get(k)), best.get(k),
                        new TearSheet.SweepRank(i + 1, sweep.family(), k + 1, sweep.entries().size()));
            }
        }
        Sections.appendTopLevel(b, sections);
        b.append("<footer><p>Returns are fractions of the starting capital; Sharpe and Sortino are annualised "
                + "over 252 trading days against the configured cash rate; n/a marks an undefined figure.</p>"
                + "</footer>\n</body>\n</html>\n");
        return b.toString();
    }

    private void appendNav(StringBuilder b, Layout layout, Map<ReportEntry, Integer> number) {
        b.append("<nav>\n<ul>\n<li><a href=\"#summary\">Summary</a></li>\n");
        for (ReportEntry e : layout.configured()) {
            b.append("<li><a href=\"#strategy-").append(number.get(e)).append("\">")
                    .append(Html.escape(TearSheet.title(e, null))).append("</a></li>\n");
        }
        for (int i = 0; i < sweeps.size(); i++) {
            b.append("<li><a href=\"#sweep-").append(i + 1).append("\">Sweep: ")
                    .append(Html.escape(sweeps.get(i).family())).append("</a></li>\n");
        }
        for (ReportSection s : sections) {
            b.append("<li><a href=\"#").append(s.id()).append("\">").append(Html.escape(s.title()))
                    .append("</a></li>\n");
        }
        b.append("</ul>\n</nav>\n");
    }

    private void appendSummary(StringBuilder b, Layout layout, Map<ReportEntry, Integer> number) {
        b.append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        if (number.isEmpty()) {
            b.append("<p class=\"empty\">No strategy ran.</p>\n</section>\n");
            return;
        }
        b.append("<table class=\"summary-table\">\n<thead><tr><th>Strategy</th><th>Underlying</th>"
                + "<th>Parameters</th>");
        MetricCells.headers(b);
        b.append("</tr></thead>\n<tbody>\n");
        for (ReportEntry e : layout.configured()) {
            appendSummaryRow(b, number.get(e), e);
        }
        for (int i = 0; i < sweeps.size(); i++) {
            List<ReportEntry> best = layout.best().get(i);
            if (best.isEmpty()) {
                continue;
            }
            b.append("<tr class=\"summary-group\"><th colspan=\"").append(3 + MetricCells.COUNT)
                    .append("\">Sweep <a href=\"#sweep-").append(i + 1).append("\">")
                    .append(Html.escape(sweeps.get(i).family())).append("</a>: the best ").append(best.size())
                    .append(" of ").append(Formats.count(sweeps.get(i).entries().size()))
                    .append(" combinations by Sharpe</th></tr>\n");
            for (ReportEntry e : best) {
                appendSummaryRow(b, number.get(e), e);
            }
        }
        b.append("</tbody>\n</table>\n</section>\n");
    }

    private static void appendSummaryRow(StringBuilder b, int n, ReportEntry e) {
        SimulationSummary s = e.summary();
        b.append("<tr class=\"summary-row\" data-entry=\"strategy-").append(n).append("\"><td class=\"strategy\">")
                .append("<a href=\"#strategy-").append(n).append("\">").append(Html.escape(e.strategy()))
                .append("</a></td><td class=\"underlying\">").append(Html.escape(e.underlying()))
                .append("</td><td class=\"parameters\">").append(Html.escape(TearSheet.parameters(e.parameters())))
                .append("</td>");
        MetricCells.cells(b, s);
        b.append("</tr>\n");
    }
}
