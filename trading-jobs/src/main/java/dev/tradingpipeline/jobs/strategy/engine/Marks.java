package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.Notes;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * End-of-day marks of option legs, for the engine.
 *
 * <ul>
 *   <li>A leg is marked at its EOD mid when the quote is usable: bid and ask are numbers (the
 *       vendor's NULL arrives as NaN), the ask is above 0 and not below the bid. Otherwise (no
 *       quote, NULL, 0/0, crossed) it keeps its last mark; noted once per contract and run.</li>
 *   <li>A position whose open option legs share one expiration cannot be worth less than the
 *       minimum, nor more than the maximum, of its payoff at that expiration ({@link #bounds}).
 *       When its marks say otherwise and some legs carry a stale mark, all its legs go back to
 *       the marks of the last day they were all quoted (the entry fills before that), one
 *       consistent snapshot. If it is still out of bounds (a fully quoted but inconsistent day),
 *       the legs pushing it past the bound are moved toward 0 until the value is at the bound,
 *       and the other side's first leg moves the rest. Noted once per position.</li>
 * </ul>
 */
final class Marks {

    private static final double TOLERANCE = 1e-6;

    private final Notes notes;
    private final Set<ContractKey> notedContracts = new HashSet<>();
    private final Set<Long> notedPositions = new HashSet<>();
    private final Set<OpenLeg> stale = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<OpenLeg, Double> lastConsistent = new IdentityHashMap<>();
    private int staleMarks;

    Marks(Notes notes) {
        this.notes = notes;
    }

    static boolean usable(OptionQuote q) {
        double bid = q.bidEod();
        double ask = q.askEod();
        return Double.isFinite(bid) && Double.isFinite(ask) && ask > 0 && bid >= 0 && ask >= bid;
    }

    /** Marks an open option leg at the EOD mid of its quote, or keeps its last mark. */
    void mark(OpenLeg leg, Optional<OptionQuote> quote) {
        if (quote.isPresent() && usable(quote.get())) {
            leg.mark(quote.get().midEod());
            stale.remove(leg);
            return;
        }
        stale.add(leg);
        staleMarks++;
        if (notedContracts.add(leg.contract())) {
            notes.add(String.format(Locale.ROOT, "%s for %s; carrying its last mark %.4f (noted once per contract)",
                    quote.isEmpty() ? "no quote" : "no usable end-of-day quote", leg.contract().describe(),
                    leg.mark()));
        }
    }

    /** After its legs are marked: keeps the position's value within its terminal bounds. */
    void keepInBounds(OpenPosition p) {
        List<OpenLeg> openLegs = p.openLegs().stream().filter(l -> !l.isClosed()).toList();
        boolean anyStale = openLegs.stream().anyMatch(stale::contains);
        double[] bounds = bounds(openLegs);
        if (bounds == null || within(p.markedValue(), bounds)) {
            if (!anyStale) {
                openLegs.forEach(l -> lastConsistent.put(l, l.mark()));
            }
            return;
        }
        double before = p.markedValue();
        if (anyStale) {
            for (OpenLeg l : openLegs) {
                if (l.isOption()) {
                    l.mark(lastConsistent.getOrDefault(l, l.entryPrice()));
                }
            }
        }
        if (!within(p.markedValue(), bounds)) {
            clamp(openLegs, p.markedValue(), bounds);
        }
        if (!anyStale) {
            openLegs.forEach(l -> lastConsistent.put(l, l.mark()));
        }
        if (notedPositions.add(p.id())) {
            notes.add(String.format(Locale.ROOT, "position %d marked %.2f, outside its payoff bounds [%.2f, %.2f]%s;"
                    + " re-marked to %.2f (noted once per position)", p.id(), before, bounds[0], bounds[1],
                    anyStale ? " with stale legs" : "", p.markedValue()));
        }
    }

    /** Contracts that kept a last mark at least once. */
    int staleContracts() {
        return notedContracts.size();
    }

    /** Leg-days marked with a carried mark. */
    int staleMarks() {
        return staleMarks;
    }

    /**
     * Minimum and maximum (&plusmn;infinity when unbounded) over all underlying prices of the
     * legs' value at expiration, or null when the option legs have more than one expiration (a
     * calendar's value is not bounded by one payoff) or there is none. The payoff is piecewise
     * linear in the price with kinks at the strikes, so its extremes on [0, highest strike] are
     * at 0 or a strike, and past the highest strike it follows the slope of calls plus shares.
     */
    static double[] bounds(List<OpenLeg> legs) {
        List<Double> prices = new ArrayList<>();
        prices.add(0.0);
        LocalDate expiration = null;
        double slope = 0;
        for (OpenLeg l : legs) {
            if (!l.isOption()) {
                slope += l.quantity();
                continue;
            }
            if (expiration != null && !expiration.equals(l.contract().expiration())) {
                return null;
            }
            expiration = l.contract().expiration();
            prices.add(l.contract().strike());
            if (l.contract().right() == OptionRight.CALL) {
                slope += l.quantity();
            }
        }
        if (expiration == null) {
            return null;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double s : prices) {
            double v = payoff(legs, s);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (slope > 0) {
            hi = Double.POSITIVE_INFINITY;
        } else if (slope < 0) {
            lo = Double.NEGATIVE_INFINITY;
        }
        return new double[] {lo, hi};
    }

    private static double payoff(List<OpenLeg> legs, double price) {
        double v = 0;
        for (OpenLeg l : legs) {
            v += l.valueAt(l.isOption() ? l.contract().right().intrinsic(l.contract().strike(), price) : price);
        }
        return v;
    }

    private static boolean within(double value, double[] bounds) {
        return value >= bounds[0] - TOLERANCE && value <= bounds[1] + TOLERANCE;
    }

    /**
     * Moves option marks so the value lands on the bound it passed: first the legs pushing past it
     * toward 0 (shorts when below the minimum, longs when above the maximum), then the first leg of
     * the other side away from 0 for what is left.
     */
    private static void clamp(List<OpenLeg> legs, double value, double[] bounds) {
        boolean below = value < bounds[0];
        double gap = below ? bounds[0] - value : value - bounds[1]; // value to remove from the pushing side
        for (OpenLeg l : legs) {
            boolean pushing = l.isOption() && (below ? l.quantity() < 0 : l.quantity() > 0);
            if (!pushing || gap <= 0) {
                continue;
            }
            double perUnit = Math.abs(l.valueAt(1));
            double move = Math.min(l.mark(), gap / perUnit);
            l.mark(l.mark() - move);
            gap -= move * perUnit;
        }
        for (OpenLeg l : legs) {
            boolean other = l.isOption() && (below ? l.quantity() > 0 : l.quantity() < 0);
            if (other && gap > 0) {
                l.mark(l.mark() + gap / Math.abs(l.valueAt(1)));
                return;
            }
        }
    }
}
