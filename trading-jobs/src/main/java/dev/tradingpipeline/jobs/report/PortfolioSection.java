package dev.tradingpipeline.jobs.report;

import dev.tradingpipeline.jobs.strategy.engine.PortfolioAccount;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The report's section of one portfolio: what each member simulation put in and brought back
 * (weight, capital, P&amp;L, contribution), the correlation matrix of their daily returns as a
 * heat-mapped table, and the account convention the figures rest on. The account's own equity,
 * drawdown and metrics are an ordinary report entry.
 *
 * <p>Stable hooks: {@code section#portfolio-<n>.portfolio} holding {@code table.portfolio-members}
 * (a {@code tr.portfolio-member} per member, cells by class) and {@code table.portfolio-correlations}
 * (cells {@code td.correlation} with {@code data-row} and {@code data-column}, the members' keys).
 */
public final class PortfolioSection {

    /** One member simulation as the section shows it. */
    public record Member(String key, double weight, double capital, double pnl, double contribution,
            double returnContribution, Map<String, Double> correlations) {
        public Member {
            Objects.requireNonNull(key, "key");
            correlations = correlations == null ? Map.of() : Map.copyOf(correlations);
        }
    }

    /**
     * @param margin the account's margin rule as configured ({@code cash}, {@code reg-t})
     * @param members in portfolio order; their correlation maps are keyed by the members' keys
     * @param ruinDate null when the account was not ruined
     */
    public record Model(String name, double capital, String margin, double totalReturn, List<Member> members,
            int overMarginDays, LocalDate ruinDate) {
        public Model {
            Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
        }

        /** From an account's outcome and its members' weights, in the outcome's member order. */
        public static Model of(String name, String margin, PortfolioAccount.Outcome outcome, List<Double> weights) {
            if (weights.size() != outcome.members().size()) {
                throw new IllegalArgumentException(outcome.members().size() + " members, " + weights.size()
                        + " weights");
            }
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < weights.size(); i++) {
                PortfolioAccount.MemberResult m = outcome.members().get(i);
                members.add(new Member(m.key(), weights.get(i), m.capital(), m.pnl(), m.contribution(),
                        m.returnContribution(), m.correlations()));
            }
            return new Model(name, outcome.capital(), margin, outcome.pnl() / outcome.capital(), members,
                    outcome.overMarginDays(), outcome.ruinDate());
        }
    }

    private PortfolioSection() {
    }

    /**
     * The section as an HTML fragment, for the report's body (its styles are the report's).
     *
     * @param index 1-based, for the section's id
     */
    public static String render(Model model, int index) {
        return "<section id=\"portfolio-" + index + "\" class=\"portfolio\">\n<h2>" + Html.escape(title(model))
                + "</h2>\n" + body(model) + "</section>\n";
    }

    /** "Portfolio: name", the section's heading. */
    public static String title(Model model) {
        return "Portfolio: " + model.name();
    }

    /**
     * What the section holds without its {@code <section>} and heading: the body of a
     * {@link ReportSection} attached to the portfolio's simulation (which the report titles).
     */
    public static String fragment(Model model) {
        return "<div class=\"portfolio\">\n" + body(model) + "</div>\n";
    }

    private static String body(Model model) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<p class=\"meta\">Capital ").append(Formats.money(model.capital())).append(" · margin ")
                .append(Html.escape(model.margin())).append(" · total return ")
                .append(Formats.percent(model.totalReturn())).append(" · ").append(model.members().size())
                .append(model.members().size() == 1 ? " member simulation" : " member simulations").append("</p>\n");
        b.append("<p class=\"note account-rule\">Convention: ").append(Html.escape(PortfolioAccount.ACCOUNT_RULE))
                .append(". Contribution is a member&#39;s P&amp;L over the account&#39;s; return contribution its P&amp;L"
                        + " over the account&#39;s capital (they add up to the total return).</p>\n");
        if (model.overMarginDays() > 0) {
            b.append("<p class=\"note over-margin\">On ").append(Formats.count(model.overMarginDays()))
                    .append(model.overMarginDays() == 1 ? " date" : " dates")
                    .append(" the members' summed margin requirement exceeded the account's equity.</p>\n");
        }
        if (model.ruinDate() != null) {
            b.append("<p class=\"note ruin\">Ruined on ").append(model.ruinDate())
                    .append(": the account's equity reached zero; its series ends there.</p>\n");
        }
        appendMembers(b, model);
        appendCorrelations(b, model);
        return b.toString();
    }

    private static void appendMembers(StringBuilder b, Model model) {
        b.append("<h3>Members</h3>\n<table class=\"portfolio-members\">\n<thead><tr><th>Member</th><th>Weight</th>"
                + "<th>Capital</th><th>P&amp;L</th><th>Contribution</th><th>Return contribution</th></tr></thead>\n"
                + "<tbody>\n");
        double pnl = 0;
        for (Member m : model.members()) {
            pnl += m.pnl();
            b.append("<tr class=\"portfolio-member\"><th scope=\"row\" class=\"member\">").append(Html.escape(m.key()))
                    .append("</th>");
            num(b, "weight", m.weight(), Formats.percent(m.weight()));
            num(b, "capital", m.capital(), Formats.money(m.capital()));
            num(b, "pnl", m.pnl(), Formats.money(m.pnl()));
            num(b, "contribution", m.contribution(), Formats.percent(m.contribution()));
            num(b, "return-contribution", m.returnContribution(), Formats.percent(m.returnContribution()));
            b.append("</tr>\n");
        }
        b.append("</tbody>\n<tfoot><tr class=\"portfolio-total\"><th scope=\"row\">Account</th>");
        num(b, "weight", 1, Formats.percent(1));
        num(b, "capital", model.capital(), Formats.money(model.capital()));
        num(b, "pnl", pnl, Formats.money(pnl));
        num(b, "contribution", pnl == 0 ? Double.NaN : 1, Formats.percent(pnl == 0 ? Double.NaN : 1));
        num(b, "return-contribution", model.totalReturn(), Formats.percent(model.totalReturn()));
        b.append("</tr></tfoot>\n</table>\n");
    }

    private static void appendCorrelations(StringBuilder b, Model model) {
        b.append("<h3>Correlation of daily returns</h3>\n<table class=\"portfolio-correlations heatmap\">\n"
                + "<thead><tr><th></th>");
        for (Member m : model.members()) {
            b.append("<th scope=\"col\">").append(Html.escape(m.key())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (Member row : model.members()) {
            b.append("<tr><th scope=\"row\">").append(Html.escape(row.key())).append("</th>");
            for (Member column : model.members()) {
                Double r = row.correlations().get(column.key());
                double v = r == null ? Double.NaN : r;
                b.append("<td class=\"correlation").append(Double.isFinite(v) ? "" : " empty").append("\" data-row=\"")
                        .append(Html.escape(row.key())).append("\" data-column=\"").append(Html.escape(column.key()))
                        .append("\"");
                if (Double.isFinite(v)) {
                    b.append(" style=\"background:").append(color(v)).append("\"");
                }
                b.append(">").append(Formats.ratio(v)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n<p class=\"note\">Pearson correlation over the dates both members have a"
                + " daily return; blue where they move together (less diversification), red where they move"
                + " apart; n/a with fewer than two common dates or a flat series.</p>\n");
    }

    private static void num(StringBuilder b, String cssClass, double value, String text) {
        b.append("<td class=\"num ").append(cssClass).append(value < 0 ? " neg" : "").append("\">").append(text)
                .append("</td>");
    }

    /** White at 0, to blue at +1 and red at -1, by the correlation's size. */
    static String color(double correlation) {
        double t = Math.min(1, Math.abs(correlation));
        int[] to = correlation >= 0 ? new int[] {33, 102, 172} : new int[] {178, 24, 43};
        double w = 0.7 * t;
        return String.format(Locale.ROOT, "rgb(%d,%d,%d)", mix(to[0], w), mix(to[1], w), mix(to[2], w));
    }

    private static int mix(int to, double w) {
        return (int) Math.round(255 + (to - 255) * w);
    }
}
