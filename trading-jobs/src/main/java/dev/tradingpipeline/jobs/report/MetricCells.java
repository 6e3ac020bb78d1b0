package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;

/** The summary's figures as table cells, shared by the summary table and the sweep ranking. */
final class MetricCells {

    private MetricCells() {
    }

    static void headers(StringBuilder b) {
        b.append("<th>Total return</th><th>CAGR</th><th>Volatility</th><th>Sharpe</th><th>Sortino</th>"
                + "<th>Max drawdown</th><th>Calmar</th><th>Win rate</th><th>Profit factor</th><th>Trades</th>"
                + "<th>Avg trade</th>");
    }

    /** How many cells {@link #cells} writes. */
    static final int COUNT = 11;

    static void cells(StringBuilder b, SimulationSummary s) {
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
    static void num(StringBuilder b, String cssClass, double sign, String text) {
        b.append("<td class=\"num ").append(cssClass).append(sign < 0 ? " neg" : "").append("\">")
                .append(Html.escape(text)).append("</td>");
    }

    /** A row of a two-column table: a label and a value. */
    static void row(StringBuilder b, String cssClass, String label, String value) {
        b.append("<tr class=\"").append(cssClass).append("\"><th scope=\"row\">").append(Html.escape(label))
                .append("</th><td>").append(Html.escape(value)).append("</td></tr>\n");
    }
}
