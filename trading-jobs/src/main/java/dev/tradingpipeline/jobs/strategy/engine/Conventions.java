package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.spec.Assignment;
import dev.tradingpipeline.jobs.strategy.spec.ExecutionCosts;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.Margin;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The market conventions a simulation applied, in words, so that a result always travels with
 * the rules it depends on: the report prints them for every simulation, and the conventions
 * table of docs/strategies.md documents each.
 */
public final class Conventions {

    /** One rule: what it is about, and how this simulation applied it. */
    public record Convention(String topic, String rule) {
    }

    private Conventions() {
    }

    /** With the default settlement styles and no settlement table. */
    public static List<Convention> of(StrategySpec spec) {
        return of(spec, SettlementStyles.DEFAULT);
    }

    public static List<Convention> of(StrategySpec spec, SettlementStyles settlement) {
        List<Convention> all = new ArrayList<>();
        all.add(new Convention("Snapshot", "decisions and fills on the 15:45 quotes; marks, settlement and the daily"
                + " series at the end of the day, every trading day of the underlying's data (also a day without a"
                + " contract in the legs' window: last marks, interest, expiry settlement)"));
        all.add(new Convention("Fills", fills(spec.fills())));
        all.add(new Convention("Marks", "end-of-day mid; a leg without a usable end-of-day quote keeps its last"
                + " mark (noted once per contract); a position whose payoff at expiry is bounded is never marked"
                + " outside those bounds"));
        all.add(new Convention("Expiry", "an option settles on its expiration date, or on the last trading day"
                + " before it (NYSE calendar) when that date is not one; never with a later day's data"));
        all.add(new Convention("Universe", (spec.universe().roots().isEmpty() ? "every root"
                : "roots " + String.join(", ", spec.universe().roots()))
                + (spec.universe().includeNonstandard() ? ", non-standard contracts included"
                        : "; contracts with a delivery code or an adjusted root (AAPL1) left out")));
        all.add(new Convention("Settlement", "PM roots at intrinsic value from the underlying's price of the expiry"
                + " day (an index's 15:45 level); AM roots (" + String.join(", ", new java.util.TreeSet<>(
                        settlement.amRoots())) + ") stop trading the day before and settle at the opening settlement"
                + " value " + (settlement.values().isEmpty()
                        ? "approximated by the last close before expiry (no paths.settlements table)"
                        : "from paths.settlements (" + settlement.values().size() + " values), else the last close"
                                + " before expiry")));
        Assignment a = spec.assignment();
        all.add(new Convention("Early assignment", a.extrinsicBelow() <= 0 ? "off"
                : String.format(Locale.ROOT, "a short in-the-money American leg (not index options) whose 15:45"
                        + " extrinsic value is below %.2f is assigned at its strike; the stock is %s", a.extrinsicBelow(),
                        a.then() == Assignment.Then.HOLD ? "held" : "closed at the day's close")));
        all.add(new Convention("Margin", spec.sizing().margin() == Margin.REG_T
                ? "Reg T strategy-based requirements (naked 20% / 15% for broad-based indices, 10% minimum; spreads"
                        + " their width; straddles the larger side plus the other's premium); equity below the"
                        + " requirement closes positions at the day's marks, largest first (MARGIN_CALL)"
                : "cash: a short put ties up strike x 100, a debit its cost; no margin calls"));
        all.add(new Convention("Sizing", spec.sizing().fixedUnits() != null
                ? spec.sizing().fixedUnits() + " unit(s) per entry"
                : "from capital: as many units as " + (spec.sizing().margin() == Margin.REG_T ? "the buying power"
                        : "the free cash") + " covers"));
        all.add(new Convention("Ruin", "equity at or below zero at a close ends the simulation: what is held is"
                + " closed at that day's marks, and metrics cover the days up to it"));
        return all;
    }

    /**
     * The conventions of a member of a portfolio's shared account ({@link SharedAccount}): its own,
     * with sizing, margin calls and ruin the account's, and the account named (topic "Account").
     *
     * @param weight the member simulation's share of the account
     */
    public static List<Convention> ofMember(StrategySpec spec, SettlementStyles settlement, String account,
            double weight) {
        List<Convention> all = new ArrayList<>();
        boolean regT = spec.sizing().margin() == Margin.REG_T;
        for (Convention c : of(spec, settlement)) {
            switch (c.topic()) {
                case "Margin" -> all.add(regT ? new Convention("Margin", "Reg T strategy-based requirements (naked 20% /"
                        + " 15% for broad-based indices, 10% minimum; spreads their width; straddles the larger side"
                        + " plus the other's premium); the account's equity below all its members' requirements"
                        + " closes positions at the day's marks, largest first (MARGIN_CALL)") : c);
                case "Sizing" -> all.add(new Convention("Sizing", (spec.sizing().fixedUnits() != null
                        ? spec.sizing().fixedUnits() + " unit(s) per entry"
                        : String.format(Locale.ROOT, "from capital: as many units as the lesser of %.4f x the"
                                + " account's equity at 15:45 less its own collateral, and the account's free buying"
                                + " power, covers", weight))
                        + "; an entry beyond the account's free buying power is reduced to the units that fit or not"
                        + " entered"));
                case "Ruin" -> all.add(new Convention("Ruin", "the account's equity at or below zero at a close ends"
                        + " every member: what is held is closed at that day's marks; the member's own equity below"
                        + " zero is no ruin (its cash is borrowed from the account)"));
                default -> all.add(c);
            }
        }
        all.add(new Convention("Account", "a member of portfolio '" + account + "', run in lockstep with the other"
                + " members in one shared account: " + PortfolioAccount.ACCOUNT_RULE));
        return all;
    }

    static String fills(ExecutionCosts f) {
        FillModel m = f.model();
        String at;
        if (m.spreadFraction() == 0) {
            at = "at the 15:45 mid";
        } else if (m.spreadFraction() == 1) {
            at = "at the far side (buy at the ask, sell at the bid)";
        } else {
            at = String.format(Locale.ROOT, "at the 15:45 mid %s %.0f%% of the half-spread (buy above, sell below)",
                    "\u00b1", m.spreadFraction() * 100);
        }
        return at + String.format(Locale.ROOT, "%s; commission %.2f per contract%s",
                m.slippage() > 0 ? String.format(Locale.ROOT, ", slippage %.2f per share against the trade",
                        m.slippage()) : "",
                f.commissionPerContract(), f.orderFee() > 0 ? String.format(Locale.ROOT, ", %.2f per order",
                        f.orderFee()) : "");
    }
}
