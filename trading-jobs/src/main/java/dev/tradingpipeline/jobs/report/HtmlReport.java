package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.Conventions;
import dev.tradingpipeline.jobs.strategy.DailyRow;
import dev.tradingpipeline.jobs.strategy.ExitReason;
import dev.tradingpipeline.jobs.strategy.Summary;
import dev.tradingpipeline.jobs.strategy.Trade;
import dev.tradingpipeline.jobs.strategy.TradeLeg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The HTML report of one strategy run: a summary table of every (strategy, underlying), then per
 * entry an equity chart, a drawdown chart, a monthly returns heat map and the trade list, then per
 * sweep a ranking and a heat map of the Sharpe ratio over the two-parameter grid.
 *
 * <p>The file is self-contained and static: inline CSS, charts as inline SVG, no script, no
 * external reference; a Content-Security-Policy forbids loading anything, so a report that
 * renders at all renders the way it will anywhere.
 *
 * <p>Stable hooks for tests and readers: {@code #summary}, sections {@code #strategy-<n>} (1-based,
 * in input order) holding {@code svg.equity-chart}, {@code svg.drawdown-chart},
 * {@code table.monthly-returns} and {@code table.trades}; sections {@code #sweep-<n>} holding
 * {@code table.sweep-ranking} and {@code table.sweep-heatmap}.
 */
public final class HtmlReport {

    /** Longer trade lists show their first trades and say so; the full list is in gold.strategy_trades. */
    public static final int MAX_TRADES_SHOWN = 250;

    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};
    private static final DateTimeFormatter GENERATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Sweep ranking: Sharpe descending, then total return descending; undefined figures last. */
    static final Comparator<ReportEntry> RANKING = Comparator
            .comparing((ReportEntry e) -> e.summary().sharpe(), HtmlReport::descendingNaNLast)
            .thenComparing(e -> e.summary().totalReturn(), HtmlReport::descendingNaNLast);

    private final String runId;
    private final Instant generatedAt;
    private final List<ReportEntry> entries;
    private final List<Sweep> sweeps;

    /**
     * @param runId becomes part of the file name: letters, digits, '.', '_' and '-'
     */
    public HtmlReport(String runId, Instant generatedAt, List<ReportEntry> entries, List<Sweep> sweeps) {
        Objects.requireNonNull(runId, "runId");
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id '" + runId
                    + "' cannot name a report file: use letters, digits, '.', '_' and '-' (at most 128)");
        }
        this.runId = runId;
        this.generatedAt = Objects.requireNonNull(generatedAt, "generatedAt");
        this.entries = List.copyOf(entries);
        this.sweeps = List.copyOf(sweeps);
    }

    public HtmlReport(String runId, Instant generatedAt, List<ReportEntry> entries) {
        this(runId, generatedAt, entries, List.of());
    }

    public String fileName() {
        return "strategy-report-" + runId + ".html";
    }

    /** Writes {@code <dir>/strategy-report-<runId>.html}, creating {@code dir}; returns the file. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(fileName());
        Files.writeString(file, render(), StandardCharsets.UTF_8);
        return file;
    }

    public String render() {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // Nothing may be fetched: a report that looks right here looks right everywhere.
        b.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'; img-src data:\">\n");
        b.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        b.append("<meta name=\"generator\" content=\"trading-pipeline strategy report\">\n");
        b.append("<title>Strategy report ").append(Html.escape(runId)).append("</title>\n");
        b.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        b.append("<header>\n<h1>Strategy report</h1>\n<p class=\"meta\">Run <code id=\"run-id\">")
                .append(Html.escape(runId)).append("</code> · generated <time id=\"generated-at\" datetime=\"")
                .append(generatedAt).append("\">").append(GENERATED_AT.format(generatedAt)).append("</time> · ")
                .append(entries.size()).append(entries.size() == 1 ? " strategy run" : " strategy runs");
        if (!sweeps.isEmpty()) {
            b.append(" · ").append(sweeps.size()).append(sweeps.size() == 1 ? " sweep" : " sweeps");
        }
        b.append("</p>\n</header>\n");
        appendNav(b);
        appendSummary(b);
        for (int i = 0; i < entries.size(); i++) {
            appendEntry(b, i + 1, entries.get(i));
        }
        for (int i = 0; i < sweeps.size(); i++) {
            appendSweep(b, i + 1, sweeps.get(i));
        }
        b.append("<footer><p>Returns are fractions of the starting capital; Sharpe and Sortino are annualised "
                + "over 252 trading days against the configured cash rate; n/a marks an undefined figure.</p>"
                + "</footer>\n</body>\n</html>\n");
        return b.toString();
    }

    private void appendNav(StringBuilder b) {
        b.append("<nav>\n<ul>\n<li><a href=\"#summary\">Summary</a></li>\n");
        for (int i = 0; i < entries.size(); i++) {
            b.append("<li><a href=\"#strategy-").append(i + 1).append("\">").append(Html.escape(title(entries.get(i))))
                    .append("</a></li>\n");
        }
        for (int i = 0; i < sweeps.size(); i++) {
            b.append("<li><a href=\"#sweep-").append(i + 1).append("\">Sweep: ")
                    .append(Html.escape(sweeps.get(i).family())).append("</a></li>\n");
        }
        b.append("</ul>\n</nav>\n");
    }

    private void appendSummary(StringBuilder b) {
        b.append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        if (entries.isEmpty()) {
            b.append("<p class=\"empty\">No strategy ran.</p>\n</section>\n");
            return;
        }
        b.append("<table class=\"summary-table\">\n<thead><tr><th>Strategy</th><th>Underlying</th>"
                + "<th>Parameters</th>");
        appendMetricHeaders(b);
        b.append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < entries.size(); i++) {
            ReportEntry e = entries.get(i);
            b.append("<tr class=\"summary-row\" data-entry=\"strategy-").append(i + 1).append("\"><td class=\"strategy\">")
                    .append("<a href=\"#strategy-").append(i + 1).append("\">").append(Html.escape(e.strategy()))
                    .append("</a></td><td class=\"underlying\">").append(Html.escape(e.underlying()))
                    .append("</td><td class=\"parameters\">").append(Html.escape(parameters(e.parameters())))
                    .append("</td>");
            appendMetricCells(b, e.summary());
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n</section>\n");
    }

    private static void appendMetricHeaders(StringBuilder b) {
        b.append("<th>Total return</th><th>CAGR</th><th>Volatility</th><th>Sharpe</th><th>Sortino</th>"
                + "<th>Max drawdown</th><th>Calmar</th><th>Win rate</th><th>Profit factor</th><th>Trades</th>"
                + "<th>Avg trade</th>");
    }

    private static void appendMetricCells(StringBuilder b, Summary s) {
        num(b, "total-return", s.totalReturn(), Formats.percent(s.totalReturn()));
        num(b, "cagr", s.cagr(), Formats.percent(s.cagr()));
        num(b, "volatility", 0, Formats.percent(s.volatility()));
        num(b, "sharpe", s.sharpe(), Formats.ratio(s.sharpe()));
        num(b, "sortino", s.sortino(), Formats.ratio(s.sortino()));
        num(b, "max-drawdown", s.maxDrawdown(), Formats.percent(s.maxDrawdown()));
        num(b, "calmar", s.calmar(), Formats.ratio(s.calmar()));
        num(b, "win-rate", 0, Formats.percent(s.winRate()));
        num(b, "profit-factor", 0, Formats.ratio(s.profitFactor()));
        num(b, "trades", 0, Formats.count(s.tradeCount()));
        num(b, "average-trade", s.averageTrade(), Formats.money(s.averageTrade()));
    }

    /** A numeric cell; {@code sign} colours it (negative red). */
    private static void num(StringBuilder b, String cssClass, double sign, String text) {
        b.append("<td class=\"num ").append(cssClass).append(sign < 0 ? " neg" : "").append("\">")
                .append(Html.escape(text)).append("</td>");
    }

    private void appendEntry(StringBuilder b, int n, ReportEntry e) {
        b.append("<section class=\"strategy-section\" id=\"strategy-").append(n).append("\">\n<h2>")
                .append(Html.escape(title(e))).append("</h2>\n");
        if (!e.parameters().isEmpty()) {
            b.append("<p class=\"parameters\">").append(Html.escape(parameters(e.parameters()))).append("</p>\n");
        }
        if (!e.daily().isEmpty()) {
            b.append("<p class=\"period\">").append(e.daily().get(0).date()).append(" to ")
                    .append(e.daily().get(e.daily().size() - 1).date()).append(", ")
                    .append(Formats.count(e.daily().size())).append(" trading days</p>\n");
        }
        e.trades().stream().filter(t -> t.exitReason() == ExitReason.RUIN).map(Trade::exitDate)
                .filter(Objects::nonNull).min(java.util.Comparator.naturalOrder())
                .ifPresent(day -> b.append("<p class=\"ruin\">Ruined on <time>").append(day).append("</time>: equity"
                        + " reached zero or below at the close; what was held was closed at that day's marks and the"
                        + " simulation stopped there. The figures cover the days up to it.</p>\n"));
        appendConventions(b, e.conventions());
        List<LocalDate> dates = e.daily().stream().map(DailyRow::date).toList();
        double[] equity = e.daily().stream().mapToDouble(DailyRow::equity).toArray();
        double[] drawdown = e.daily().stream().mapToDouble(DailyRow::drawdown).toArray();
        b.append("<figure>\n").append(LineChart.render("equity-chart", "Equity", dates, equity, false,
                LineChart.AxisFormat.money())).append("</figure>\n");
        b.append("<figure>\n").append(LineChart.render("drawdown-chart", "Drawdown", dates, drawdown, true,
                LineChart.AxisFormat.percent())).append("</figure>\n");
        appendMonthlyReturns(b, MonthlyReturns.of(e.daily()));
        appendTrades(b, e.trades());
        b.append("</section>\n");
    }

    /** The rules the result depends on, stated next to it (the README's conventions table explains each). */
    private static void appendConventions(StringBuilder b, List<Conventions.Convention> conventions) {
        if (conventions.isEmpty()) {
            return;
        }
        b.append("<h3>Conventions</h3>\n<table class=\"conventions\">\n<tbody>\n");
        for (Conventions.Convention c : conventions) {
            b.append("<tr><th scope=\"row\">").append(Html.escape(c.topic())).append("</th><td>")
                    .append(Html.escape(c.rule())).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void appendMonthlyReturns(StringBuilder b, MonthlyReturns r) {
        b.append("<h3>Monthly returns</h3>\n");
        if (r.months().isEmpty()) {
            b.append("<p class=\"monthly-returns empty\">No daily data.</p>\n");
            return;
        }
        double scale = r.months().values().stream().mapToDouble(Math::abs).max().orElse(0);
        b.append("<table class=\"monthly-returns heatmap\">\n<thead><tr><th>Year</th>");
        for (String m : MONTHS) {
            b.append("<th>").append(m).append("</th>");
        }
        b.append("<th>Year</th></tr></thead>\n<tbody>\n");
        for (int year = r.months().firstKey().getYear(); year <= r.months().lastKey().getYear(); year++) {
            b.append("<tr><th>").append(year).append("</th>");
            for (int month = 1; month <= 12; month++) {
                YearMonth ym = YearMonth.of(year, month);
                Double v = r.months().get(ym);
                if (v == null) {
                    b.append("<td class=\"month-cell empty\"></td>");
                } else {
                    b.append("<td class=\"month-cell\" data-month=\"").append(ym).append("\" style=\"background:")
                            .append(heat(v, scale)).append("\">").append(Formats.percent(v)).append("</td>");
                }
            }
            Double y = r.years().get(year);
            b.append("<td class=\"year-cell\">").append(y == null ? "" : Formats.percent(y)).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void appendTrades(StringBuilder b, List<Trade> trades) {
        b.append("<h3>Trades</h3>\n");
        if (trades.isEmpty()) {
            b.append("<p class=\"trades empty\">No trades.</p>\n");
            return;
        }
        int shown = Math.min(trades.size(), MAX_TRADES_SHOWN);
        if (shown < trades.size()) {
            b.append("<p class=\"note trades-capped\">Showing the first ").append(Formats.count(shown)).append(" of ")
                    .append(Formats.count(trades.size()))
                    .append(" trades; every trade is in the gold.strategy_trades table.</p>\n");
        }
        b.append("<table class=\"trades\">\n<thead><tr><th>#</th><th>Entry</th><th>Exit</th><th>Legs</th>"
                + "<th>Reason</th><th>Entry value</th><th>Commissions</th><th>P&amp;L</th></tr></thead>\n<tbody>\n");
        for (Trade t : trades.subList(0, shown)) {
            b.append("<tr class=\"trade\"><td class=\"num\">").append(t.positionId()).append("</td><td>")
                    .append(t.entryDate()).append("</td><td>").append(t.exitDate() == null ? "" : t.exitDate())
                    .append("</td><td class=\"legs\">");
            for (int i = 0; i < t.legs().size(); i++) {
                if (i > 0) {
                    b.append("<br>");
                }
                b.append(Html.escape(leg(t.legs().get(i))));
            }
            b.append("</td><td>").append(Html.escape(reason(t.exitReason()))).append("</td>");
            num(b, "entry-value", 0, Formats.money(t.entryValue()));
            num(b, "commissions", 0, Formats.money(t.commissions()));
            num(b, "pnl", t.pnl(), Formats.money(t.pnl()));
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void appendSweep(StringBuilder b, int n, Sweep sweep) {
        b.append("<section class=\"sweep\" id=\"sweep-").append(n).append("\">\n<h2>Sweep: ")
                .append(Html.escape(sweep.family())).append("</h2>\n<p>")
                .append(Formats.count(sweep.entries().size())).append(" runs over ")
                .append(Html.escape(sweep.rowParameter())).append(" × ").append(Html.escape(sweep.columnParameter()))
                .append(", ranked by Sharpe, then total return.</p>\n");
        List<ReportEntry> ranked = sweep.entries().stream().sorted(RANKING).toList();
        b.append("<table class=\"sweep-ranking\">\n<thead><tr><th>Rank</th><th>Strategy</th><th>Underlying</th><th>")
                .append(Html.escape(sweep.rowParameter())).append("</th><th>")
                .append(Html.escape(sweep.columnParameter())).append("</th>");
        appendMetricHeaders(b);
        b.append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < ranked.size(); i++) {
            ReportEntry e = ranked.get(i);
            b.append("<tr class=\"sweep-row\"><td class=\"num rank\">").append(i + 1).append("</td><td class=\"strategy\">")
                    .append(Html.escape(e.strategy())).append("</td><td class=\"underlying\">")
                    .append(Html.escape(e.underlying())).append("</td><td class=\"num\">")
                    .append(Formats.parameter(e.parameters().get(sweep.rowParameter()))).append("</td><td class=\"num\">")
                    .append(Formats.parameter(e.parameters().get(sweep.columnParameter()))).append("</td>");
            appendMetricCells(b, e.summary());
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");

        // One grid per underlying: the same parameters on two underlyings are two different runs.
        Map<String, List<ReportEntry>> byUnderlying = sweep.entries().stream()
                .collect(Collectors.groupingBy(ReportEntry::underlying, LinkedHashMap::new, Collectors.toList()));
        for (var group : byUnderlying.entrySet()) {
            appendSweepHeatmap(b, sweep, group.getKey(), group.getValue());
        }
        for (SweepStatistics st : SweepStatistics.of(sweep)) {
            appendOverfitting(b, st);
        }
        b.append("</section>\n");
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
        row(b, "trials", "Combinations tried (N)", Formats.count(d.trials()));
        row(b, "days", "Days of returns (common to all)", Formats.count(st.days()));
        row(b, "best", "Best by daily Sharpe", best.strategy() + (best.parameters().isEmpty() ? ""
                : " " + parameters(best.parameters())));
        row(b, "psr", "Probabilistic Sharpe ratio of the best (against 0)", Formats.ratio(d.probabilistic()[d.best()]));
        row(b, "expected-max", "Expected maximum daily Sharpe of N trials of no skill",
                String.format(Locale.ROOT, "%.4f (best: %.4f)", d.expectedMaximum(), d.bestSharpe()));
        row(b, "dsr", "Deflated Sharpe ratio of the best", Formats.ratio(d.deflatedSharpe()));
        row(b, "pbo", "Probability of backtest overfitting", Formats.percent(p.pbo()) + " ("
                + Formats.count(p.combinations()) + " splits of " + p.blocks() + " blocks)");
        b.append("</tbody>\n</table>\n");
        b.append("<p class=\"note overfitting-meaning\">The deflated Sharpe ratio is the probability that the best"
                + " combination's true Sharpe ratio is above zero once the number of combinations tried, and the"
                + " skewness and kurtosis of its returns, are accounted for (Bailey and L\u00f3pez de Prado, 2014):"
                + " below 0.95 its Sharpe may well be luck. The probability of backtest overfitting is how often the"
                + " combination best on one half of the days (in blocks) ranks below the median on the other half"
                + " (Bailey, Borwein, L\u00f3pez de Prado and Zhu, 2015): near 50% or above, picking by this sweep"
                + " is no better than chance.</p>\n");
    }

    private static void row(StringBuilder b, String cssClass, String label, String value) {
        b.append("<tr class=\"").append(cssClass).append("\"><th scope=\"row\">").append(Html.escape(label))
                .append("</th><td>").append(Html.escape(value)).append("</td></tr>\n");
    }

    private static void appendSweepHeatmap(StringBuilder b, Sweep sweep, String underlying, List<ReportEntry> runs) {
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
                    b.append(" style=\"background:").append(heat(sharpe, scale)).append("\"");
                }
                b.append(">").append(Formats.ratio(sharpe)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static String title(ReportEntry e) {
        return e.strategy() + " — " + e.underlying();
    }

    private static String parameters(Map<String, Double> parameters) {
        return parameters.entrySet().stream().map(p -> p.getKey() + " " + Formats.parameter(p.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** "-1 × SPXW 2024-03-15 5000 P @ 1.20 → 0.05". */
    private static String leg(TradeLeg leg) {
        return (leg.quantity() > 0 ? "+" : "") + leg.quantity() + " × " + leg.instrument() + " @ "
                + Formats.price(leg.entryPrice()) + " → " + Formats.price(leg.exitPrice());
    }

    private static String reason(ExitReason reason) {
        return reason == null ? "" : reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Green for gains, red for losses, stronger with size relative to {@code scale}. */
    static String heat(double value, double scale) {
        double t = scale <= 0 || !Double.isFinite(value) ? 0 : Math.min(1, Math.abs(value) / scale);
        int[] to = value >= 0 ? new int[] {26, 152, 80} : new int[] {215, 48, 39};
        double w = 0.12 + 0.6 * t;
        return String.format(Locale.ROOT, "rgb(%d,%d,%d)", mix(255, to[0], w), mix(255, to[1], w), mix(255, to[2], w));
    }

    private static int mix(int from, int to, double w) {
        return (int) Math.round(from + (to - from) * w);
    }

    private static int descendingNaNLast(double a, double b) {
        boolean na = Double.isNaN(a);
        boolean nb = Double.isNaN(b);
        if (na || nb) {
            return na == nb ? 0 : na ? 1 : -1;
        }
        return Double.compare(b, a);
    }

    private static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
                   margin: 0 auto; padding: 16px 24px; max-width: 1200px; color: #1f2328; background: #fff; }
            h1 { margin: 0 0 4px; font-size: 1.6em; }
            h2 { margin-top: 32px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; font-size: 1.3em; }
            h3 { margin: 20px 0 8px; font-size: 1.05em; }
            .meta, .period, .parameters, .note, footer { color: #57606a; }
            nav ul { list-style: none; padding: 0; margin: 8px 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
            a { color: #0969da; text-decoration: none; }
            table { border-collapse: collapse; font-size: 0.85em; margin: 8px 0; }
            th, td { border: 1px solid #d0d7de; padding: 3px 8px; }
            th { background: #f6f8fa; font-weight: 600; text-align: left; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.neg { color: #cf222e; }
            .summary-table { width: 100%; }
            .heatmap td { text-align: right; font-variant-numeric: tabular-nums; min-width: 52px; }
            .heatmap td.empty { background: #fafbfc; }
            .year-cell { font-weight: 600; }
            td.legs { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.95em; }
            figure { margin: 8px 0; }
            svg.chart { max-width: 100%; height: auto; font-size: 11px; fill: #57606a; }
            svg .chart-title { font-size: 13px; font-weight: 600; fill: #1f2328; }
            svg .grid { stroke: #eaeef2; stroke-width: 1; }
            svg .axis, svg .tick { stroke: #8c959f; stroke-width: 1; }
            svg .series { stroke-width: 1.5; stroke-linejoin: round; }
            svg.equity-chart .series { stroke: #0969da; }
            svg.drawdown-chart .series { stroke: #cf222e; }
            svg .last-point { fill: #1f2328; }
            svg .value-label { fill: #1f2328; font-weight: 600; }
            @media print { nav { display: none; } section { break-inside: avoid-page; } }
            """;
}
