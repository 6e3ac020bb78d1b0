package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.engine.Conventions;
import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import dev.tradingpipeline.jobs.strategy.engine.Trade;
import dev.tradingpipeline.jobs.strategy.engine.TradeLeg;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One simulation's section, after the tear sheets of quantstats and pyfolio: its parameters and
 * conventions, cumulative return against its benchmark, the underwater chart, rolling Sharpe
 * ratio and volatility, the worst drawdowns, monthly and yearly returns, the distribution of
 * daily returns, trades by exit reason, the sections other parts attach, and the trade list.
 */
final class TearSheet {

    /** Longer trade lists show their first trades and say so; the full list is in gold.strategy_trades. */
    static final int MAX_TRADES_SHOWN = 250;
    /** Rows of the worst drawdowns table. */
    static final int WORST_DRAWDOWNS = 5;

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    /** Where a sweep's combination stands in its sweep. */
    record SweepRank(int sweep, String family, int rank, int of) {
    }

    private TearSheet() {
    }

    /** "put-write — SPX"; a sweep's combination adds its parameters. */
    static String title(ReportEntry e, SweepRank rank) {
        String t = e.strategy() + " — " + e.underlying();
        return rank == null || e.parameters().isEmpty() ? t : t + " (" + parameters(e.parameters()) + ")";
    }

    static String parameters(Map<String, Double> parameters) {
        return parameters.entrySet().stream().map(p -> p.getKey() + " " + Formats.parameter(p.getValue()))
                .collect(Collectors.joining(", "));
    }

    /**
     * @param n the section's number: its id is {@code strategy-<n>}
     * @param rank null for a configured simulation
     */
    static void append(StringBuilder b, int n, ReportEntry e, SweepRank rank) {
        b.append("<section class=\"strategy-section\" id=\"strategy-").append(n).append('"');
        if (rank != null) {
            b.append(" data-sweep=\"sweep-").append(rank.sweep()).append('"');
        }
        b.append(">\n<h2>").append(Html.escape(title(e, rank))).append("</h2>\n");
        if (rank != null) {
            b.append("<p class=\"sweep-rank\">Rank ").append(rank.rank()).append(" of ")
                    .append(Formats.count(rank.of())).append(" in <a href=\"#sweep-").append(rank.sweep())
                    .append("\">sweep ").append(Html.escape(rank.family())).append("</a>.</p>\n");
        }
        List<DailyRow> daily = e.daily();
        if (!daily.isEmpty()) {
            b.append("<p class=\"period\">").append(daily.get(0).date()).append(" to ")
                    .append(daily.get(daily.size() - 1).date()).append(", ").append(Formats.count(daily.size()))
                    .append(" trading days</p>\n");
        }
        e.trades().stream().filter(t -> t.exitReason() == ExitReason.RUIN).map(Trade::exitDate)
                .filter(Objects::nonNull).min(java.util.Comparator.naturalOrder())
                .ifPresent(day -> b.append("<p class=\"ruin\">Ruined on <time>").append(day).append("</time>: equity"
                        + " reached zero or below at the close; what was held was closed at that day's marks and the"
                        + " simulation stopped there. The figures cover the days up to it.</p>\n"));
        appendParameters(b, e);
        appendConventions(b, e.conventions());

        List<LocalDate> dates = daily.stream().map(DailyRow::date).toList();
        double[] returns = DailyReturns.of(daily);
        b.append("<h3>Performance</h3>\n");
        appendCumulativeReturn(b, e, dates);
        double[] drawdown = daily.stream().mapToDouble(DailyRow::drawdown).toArray();
        b.append("<figure>\n").append(LineChart.render("drawdown-chart", "Underwater: drawdown from the running peak",
                dates, List.of(new LineChart.Series("Drawdown", "underwater", drawdown, true)), LineChart.SMALL_HEIGHT,
                true, LineChart.AxisFormat.percent())).append("</figure>\n");
        appendRolling(b, e, dates, returns);
        appendWorstDrawdowns(b, Drawdowns.worst(daily, WORST_DRAWDOWNS));
        appendMonthlyReturns(b, MonthlyReturns.of(daily));
        appendYearlyReturns(b, YearlyReturns.of(daily, e.benchmarkEquity()), e.benchmark());
        appendDistribution(b, ReturnDistribution.of(returns));
        appendExitReasons(b, TradeStatistics.byExitReason(e.trades()));
        Sections.appendNested(b, "strategy-" + n, e.sections());
        appendTrades(b, e.trades());
        b.append("</section>\n");
    }

    /** The parameters the simulation ran with, its cash rate and its benchmark. */
    private static void appendParameters(StringBuilder b, ReportEntry e) {
        b.append("<h3>Parameters</h3>\n<table class=\"parameters\">\n<tbody>\n");
        e.parameters().forEach((k, v) -> MetricCells.row(b, "parameter", k, Formats.parameter(v)));
        MetricCells.row(b, "cash-rate", "Cash rate (yearly)", Formats.percent(e.cashRate()));
        if (e.benchmark() != null) {
            MetricCells.row(b, "benchmark", "Benchmark", e.benchmark() + (e.hasBenchmarkSeries() ? ""
                    : " (no values over the period)"));
        }
        b.append("</tbody>\n</table>\n");
    }

    /** The rules the result depends on, stated next to it (docs/strategies.md, "Conventions", explains each). */
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

    /** Equity over the starting capital, less 1; the benchmark's the same way (it is scaled to that capital). */
    private static void appendCumulativeReturn(StringBuilder b, ReportEntry e, List<LocalDate> dates) {
        double initial = DailyReturns.initialCapital(e.daily());
        double[] strategy = e.daily().stream().mapToDouble(d -> d.equity() / initial - 1).toArray();
        List<LineChart.Series> series = new ArrayList<>();
        series.add(new LineChart.Series(e.strategy(), "strategy", strategy, false));
        String title = "Cumulative return";
        if (e.hasBenchmarkSeries()) {
            double[] benchmark = e.benchmarkEquity().stream()
                    .mapToDouble(v -> v == null ? Double.NaN : v / initial - 1).toArray();
            series.add(new LineChart.Series(e.benchmark(), "benchmark", benchmark, false));
            title += " against " + e.benchmark();
        }
        b.append("<figure>\n").append(LineChart.render("equity-chart", title, dates, series, LineChart.HEIGHT, true,
                LineChart.AxisFormat.percent())).append("</figure>\n");
    }

    private static void appendRolling(StringBuilder b, ReportEntry e, List<LocalDate> dates, double[] returns) {
        int window = RollingStatistics.WINDOW;
        if (returns.length < window) {
            b.append("<p class=\"rolling-charts empty\">Rolling ").append(window).append("-day Sharpe ratio and"
                    + " volatility: they need at least ").append(window).append(" daily returns; this run has ")
                    .append(Formats.count(returns.length)).append(".</p>\n");
            return;
        }
        double[] sharpe = padded(RollingStatistics.sharpe(returns, window, e.cashRate()), dates.size());
        double[] volatility = padded(RollingStatistics.volatility(returns, window), dates.size());
        b.append("<figure>\n").append(LineChart.render("rolling-sharpe-chart", "Rolling Sharpe ratio (" + window
                + " days)", dates, List.of(new LineChart.Series("Sharpe", "strategy", sharpe, false)),
                LineChart.SMALL_HEIGHT, true, LineChart.AxisFormat.ratio())).append("</figure>\n");
        b.append("<figure>\n").append(LineChart.render("rolling-volatility-chart", "Rolling volatility (" + window
                + " days)", dates, List.of(new LineChart.Series("Volatility", "strategy", volatility, false)),
                LineChart.SMALL_HEIGHT, true, LineChart.AxisFormat.percent())).append("</figure>\n");
        b.append("<p class=\"note rolling-definition\">Each day's figure is over the ").append(window)
                .append(" daily returns up to it: the Sharpe ratio is the mean over the sample standard deviation of"
                        + " the returns in excess of the cash rate / 252, the volatility the sample standard deviation,"
                        + " both x \u221a252 (the summary's definitions).</p>\n");
    }

    /** Values for the first days (up to ruin), NaN after. */
    private static double[] padded(double[] values, int days) {
        double[] out = java.util.Arrays.copyOf(values, days);
        java.util.Arrays.fill(out, values.length, days, Double.NaN);
        return out;
    }

    private static void appendWorstDrawdowns(StringBuilder b, List<Drawdowns.Period> periods) {
        b.append("<h3>Worst drawdowns</h3>\n");
        if (periods.isEmpty()) {
            b.append("<p class=\"worst-drawdowns empty\">No drawdown: equity never fell below its running peak.</p>\n");
            return;
        }
        b.append("<table class=\"worst-drawdowns\">\n<thead><tr><th>#</th><th>Peak</th><th>Trough</th>"
                + "<th>Recovered</th><th>Depth</th><th>Days</th></tr></thead>\n<tbody>\n");
        int i = 1;
        for (Drawdowns.Period p : periods) {
            b.append("<tr class=\"drawdown\"><td class=\"num\">").append(i++).append("</td><td class=\"peak\">")
                    .append(p.peak() == null ? "start" : p.peak().toString()).append("</td><td class=\"trough\">")
                    .append(p.trough()).append("</td><td class=\"recovery\">")
                    .append(p.recovery() == null ? "not recovered" : p.recovery().toString()).append("</td>");
            MetricCells.num(b, "depth", p.depth(), Formats.percent(p.depth()));
            MetricCells.num(b, "days", 0, Formats.count(p.days()));
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n<p class=\"note\">From the peak (\"start\": the starting capital) to the first"
                + " day back at or above it; days are calendar days to the recovery, or to the last day.</p>\n");
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
                            .append(Heat.colour(v, scale)).append("\">").append(Formats.percent(v)).append("</td>");
                }
            }
            Double y = r.years().get(year);
            b.append("<td class=\"year-cell\">").append(y == null ? "" : Formats.percent(y)).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void appendYearlyReturns(StringBuilder b, List<YearlyReturns> years, String benchmark) {
        if (years.isEmpty()) {
            return;
        }
        boolean withBenchmark = years.stream().anyMatch(y -> !Double.isNaN(y.benchmarkReturn()));
        b.append("<h3>Yearly returns</h3>\n<table class=\"yearly-returns\">\n<thead><tr><th>Year</th><th>Return</th>");
        if (withBenchmark) {
            b.append("<th>").append(Html.escape(benchmark)).append("</th><th>Excess</th>");
        }
        b.append("<th>Deepest drawdown</th><th>Days</th></tr></thead>\n<tbody>\n");
        for (YearlyReturns y : years) {
            b.append("<tr class=\"year\" data-year=\"").append(y.year()).append("\"><th>").append(y.year())
                    .append("</th>");
            MetricCells.num(b, "return", y.strategyReturn(), Formats.percent(y.strategyReturn()));
            if (withBenchmark) {
                MetricCells.num(b, "benchmark-return", y.benchmarkReturn(), Formats.percent(y.benchmarkReturn()));
                MetricCells.num(b, "excess", y.excess(), Formats.percent(y.excess()));
            }
            MetricCells.num(b, "deepest-drawdown", y.deepestDrawdown(), Formats.percent(y.deepestDrawdown()));
            MetricCells.num(b, "days", 0, Formats.count(y.days()));
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void appendDistribution(StringBuilder b, ReturnDistribution d) {
        b.append("<h3>Daily returns</h3>\n");
        if (d.n() == 0) {
            b.append("<p class=\"return-distribution empty\">No daily data.</p>\n");
            return;
        }
        b.append("<figure>\n").append(Histogram.render("return-distribution", "Distribution of daily returns", d))
                .append("</figure>\n<table class=\"return-statistics\">\n<tbody>\n");
        MetricCells.row(b, "days", "Daily returns", Formats.count(d.n()));
        MetricCells.row(b, "mean", "Mean", Formats.percent(d.mean()));
        MetricCells.row(b, "stdev", "Standard deviation (n - 1)", Formats.percent(d.stdev()));
        MetricCells.row(b, "skewness", "Skewness", Formats.ratio(d.skewness()));
        MetricCells.row(b, "kurtosis", "Kurtosis (3 for a normal distribution)", Formats.ratio(d.kurtosis()));
        MetricCells.row(b, "worst-day", "Worst day", Formats.percent(d.min()));
        MetricCells.row(b, "best-day", "Best day", Formats.percent(d.max()));
        b.append("</tbody>\n</table>\n");
    }

    private static void appendExitReasons(StringBuilder b, List<TradeStatistics> rows) {
        if (rows.isEmpty()) {
            return;
        }
        b.append("<h3>Trades by exit reason</h3>\n<table class=\"exit-reasons\">\n<thead><tr><th>Exit reason</th>"
                + "<th>Trades</th><th>Win rate</th><th>Average P&amp;L</th><th>Average days held</th></tr></thead>\n"
                + "<tbody>\n");
        for (TradeStatistics s : rows) {
            String label = s.all() ? "all" : s.open() ? "open" : reason(s.reason());
            b.append("<tr class=\"").append(s.all() ? "all" : "reason").append("\" data-reason=\"")
                    .append(Html.escape(label)).append("\"><th scope=\"row\">").append(Html.escape(label))
                    .append("</th>");
            MetricCells.num(b, "trades", 0, Formats.count(s.count()));
            MetricCells.num(b, "win-rate", 0, Formats.percent(s.winRate()));
            MetricCells.num(b, "average-pnl", s.averagePnl(), Formats.money(s.averagePnl()));
            MetricCells.num(b, "days-held", 0, Double.isNaN(s.averageDaysHeld()) ? Formats.UNDEFINED
                    : String.format(Locale.ROOT, "%.1f", s.averageDaysHeld()));
            b.append("</tr>\n");
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
            MetricCells.num(b, "entry-value", 0, Formats.money(t.entryValue()));
            MetricCells.num(b, "commissions", 0, Formats.money(t.commissions()));
            MetricCells.num(b, "pnl", t.pnl(), Formats.money(t.pnl()));
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    /** "-1 × SPXW 2024-03-15 5000 P @ 1.20 → 0.05". */
    private static String leg(TradeLeg leg) {
        return (leg.quantity() > 0 ? "+" : "") + leg.quantity() + " × " + leg.instrument() + " @ "
                + Formats.price(leg.entryPrice()) + " → " + Formats.price(leg.exitPrice());
    }

    static String reason(ExitReason reason) {
        return reason == null ? "" : reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
