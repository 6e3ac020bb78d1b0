package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.ExitReason;
import dev.tradingpipeline.jobs.strategy.api.Notes;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.api.Position;
import dev.tradingpipeline.jobs.strategy.spec.Assignment;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Early assignment of short American options, after LEAN's default assignment model: a holder
 * exercises early when the option has (almost) no time value left, so a short in-the-money leg
 * whose extrinsic value at the 15:45 snapshot (its 15:45 mid minus intrinsic value from the 15:45
 * underlying price) is below {@link Assignment#extrinsicBelow()} is assigned that day at its
 * strike. The option leg ends at 0 (the premium stays with the writer) and becomes stock: a short
 * put delivers 100 shares per contract bought at the strike, a short call 100 shares sold short
 * at the strike. With {@link Assignment.Then#CLOSE} the stock is closed at the day's close, and a
 * position left without open options ends too (its underlying legs at the close, as at expiry),
 * with exit reason {@link ExitReason#ASSIGNED}; with {@link Assignment.Then#HOLD} the stock stays
 * an underlying leg of the position. Legs expiring today are left to expiry settlement, legs
 * without a tradable 15:45 quote are not judged, and no commission is charged.
 */
final class EarlyAssignment {

    private EarlyAssignment() {
    }

    /**
     * Assigns what is due today in {@code open} (positions are replaced or removed in place).
     *
     * @param ended gets each position the assignment ended, for the trade list
     * @return the cash the assignments moved
     */
    static double apply(Assignment rules, DayChain day, List<OpenPosition> open, Consumer<OpenPosition> ended,
            Notes notes) {
        if (rules.extrinsicBelow() <= 0) {
            return 0;
        }
        double cash = 0;
        for (ListIterator<OpenPosition> it = open.listIterator(); it.hasNext(); ) {
            OpenPosition p = it.next();
            List<OpenLeg> stock = new ArrayList<>();
            for (OpenLeg leg : p.openLegs()) {
                ContractKey c = leg.contract();
                if (!leg.isOption() || leg.isClosed() || leg.quantity() >= 0 || !c.expiration().isAfter(day.date())
                        || !rules.american(day.underlying(), c.root())) {
                    continue;
                }
                Optional<OptionQuote> quote = day.quote(c);
                double intrinsic = c.right().intrinsic(c.strike(), day.underlyingPrice1545());
                if (quote.isEmpty() || !quote.get().tradable1545() || !(intrinsic > 0)) {
                    continue;
                }
                double extrinsic = quote.get().mid1545() - intrinsic;
                if (!(extrinsic < rules.extrinsicBelow())) {
                    continue;
                }
                leg.close(0);
                // a short put (quantity < 0) buys the shares, a short call sells them
                int units = c.right() == OptionRight.PUT ? -leg.quantity() : leg.quantity();
                OpenLeg shares = new OpenLeg(null, units, c.strike());
                cash -= shares.valueAt(c.strike());
                stock.add(shares);
                notes.add(String.format(Locale.ROOT, "position %d: %s assigned at %s (extrinsic %.4f at 15:45 below"
                        + " %s): %s %d shares", p.id(), c.describe(), number(c.strike()), extrinsic,
                        number(rules.extrinsicBelow()), units > 0 ? "bought" : "sold short",
                        Math.abs(units) * Position.MULTIPLIER));
            }
            if (stock.isEmpty()) {
                continue;
            }
            List<OpenLeg> legs = new ArrayList<>(p.openLegs());
            legs.addAll(stock);
            OpenPosition assigned = new OpenPosition(p.id(), p.entryDate(), legs, p.collateral(), p.commissions());
            if (rules.then() == Assignment.Then.CLOSE) {
                boolean optionsLeft = legs.stream().anyMatch(l -> l.isOption() && !l.isClosed());
                double close = day.underlyingPriceEod();
                for (OpenLeg leg : legs) {
                    if (!leg.isOption() && !leg.isClosed() && (stock.contains(leg) || !optionsLeft)) {
                        cash += leg.valueAt(close);
                        leg.close(close);
                    }
                }
            }
            if (assigned.openLegs().stream().allMatch(OpenLeg::isClosed)) {
                it.remove();
                ended.accept(assigned);
            } else {
                it.set(assigned);
            }
        }
        return cash;
    }

    /** 100 rather than 100.0 in notes. */
    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
