package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.Position;
import dev.tradingpipeline.jobs.strategy.api.PositionLeg;
import dev.tradingpipeline.jobs.strategy.spec.Universe;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies a {@link Universe} to the chains of one run, before any strategy (built-in or a user's)
 * sees them, and keeps one note per kind of left-out quote, updated in place with the run's count
 * (a note a day would bury the others).
 */
final class UniverseFilter {

    private final Universe universe;
    private final List<String> notes;
    private final Map<String, Boolean> adjustedByRoot = new HashMap<>();
    private final Kind unlisted = new Kind();
    private final Kind nonstandard = new Kind();

    /** @param notes the run's notes, in which this filter keeps its summary lines */
    UniverseFilter(Universe universe, List<String> notes) {
        this.universe = universe;
        this.notes = notes;
    }

    /**
     * The day without the contracts outside the universe. Contracts the run holds stay, whatever
     * the universe: it decides what may be entered, not whether a position can be closed (a
     * delivery code may appear on a held contract after a corporate action).
     */
    DayChain apply(DayChain day, List<? extends Position> held) {
        // what the universe leaves out of a day is the same for every simulation fed that day
        Excluded excluded = day.derived(new Key(universe), d -> Excluded.of(d, universe));
        if (excluded.quotes.isEmpty()) {
            return day;
        }
        if (!holdsAny(held, excluded.keys)) {
            for (int i = 0; i < excluded.quotes.size(); i++) {
                (excluded.unlisted.get(i) ? unlisted : nonstandard).add(day.date(), excluded.quotes.get(i).root());
            }
            unlisted.note("quotes of roots not in roots " + universe.roots());
            nonstandard.note("quotes of non-standard contracts (delivery_code set or adjusted root)");
            return excluded.chain;
        }
        return applyHolding(day, held);
    }

    /** As {@link #apply}, when the run holds a contract the universe leaves out. */
    private DayChain applyHolding(DayChain day, List<? extends Position> held) {
        Set<ContractKey> holding = null;
        List<OptionQuote> kept = new ArrayList<>(day.quotes().size());
        for (OptionQuote q : day.quotes()) {
            Kind out = !universe.listsRoot(q.root()) ? unlisted
                    : !universe.includeNonstandard() && nonstandard(q) ? nonstandard : null;
            if (out != null) {
                if (holding == null) {
                    holding = heldContracts(held);
                }
                if (!holding.contains(q.key())) {
                    out.add(day.date(), q.root());
                    continue;
                }
            }
            kept.add(q);
        }
        if (kept.size() == day.quotes().size()) {
            return day;
        }
        unlisted.note("quotes of roots not in roots " + universe.roots());
        nonstandard.note("quotes of non-standard contracts (delivery_code set or adjusted root)");
        return new DayChain(day.date(), day.underlying(), day.underlyingPrice1545(), day.underlyingPriceEod(), kept);
    }

    private boolean nonstandard(OptionQuote q) {
        return q.deliveryCode() != null
                || adjustedByRoot.computeIfAbsent(q.root(), r -> Universe.adjustedRoot(r, q.underlying()));
    }

    private static boolean holdsAny(List<? extends Position> held, Set<ContractKey> keys) {
        for (Position p : held) {
            for (PositionLeg leg : p.legs()) {
                if (leg.isOption() && !leg.isClosed() && keys.contains(leg.contract())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The {@link DayChain#derived} key of a universe's exclusions. */
    private record Key(Universe universe) {
    }

    /** The quotes a universe leaves out of one day, in chain order, and the day without them. */
    private static final class Excluded {
        final List<OptionQuote> quotes = new ArrayList<>();
        final List<Boolean> unlisted = new ArrayList<>(); // else non-standard
        final Set<ContractKey> keys = new HashSet<>();
        DayChain chain;

        static Excluded of(DayChain day, Universe universe) {
            Excluded e = new Excluded();
            Map<String, Boolean> adjustedByRoot = new HashMap<>();
            List<OptionQuote> kept = null;
            List<OptionQuote> all = day.quotes();
            // a day's quotes come grouped by root: the previous quote's root answers most quotes
            // without hashing their root (each row's string is a new one, its hash not yet known)
            String lastRoot = null;
            boolean lastUnlisted = false;
            boolean lastAdjusted = false;
            for (int i = 0; i < all.size(); i++) {
                OptionQuote q = all.get(i);
                if (!q.root().equals(lastRoot)) {
                    lastRoot = q.root();
                    lastUnlisted = !universe.listsRoot(q.root());
                    lastAdjusted = adjustedByRoot.computeIfAbsent(q.root(), r -> Universe.adjustedRoot(r, q.underlying()));
                }
                boolean unlisted = lastUnlisted;
                boolean out = unlisted || !universe.includeNonstandard() && (q.deliveryCode() != null || lastAdjusted);
                if (out) {
                    if (kept == null) {
                        kept = new ArrayList<>(all.subList(0, i));
                    }
                    e.quotes.add(q);
                    e.unlisted.add(unlisted);
                    e.keys.add(q.key());
                } else if (kept != null) {
                    kept.add(q);
                }
            }
            e.chain = kept == null ? day
                    : new DayChain(day.date(), day.underlying(), day.underlyingPrice1545(), day.underlyingPriceEod(), kept);
            return e;
        }
    }

    private static Set<ContractKey> heldContracts(List<? extends Position> held) {
        Set<ContractKey> keys = new HashSet<>();
        for (Position p : held) {
            for (PositionLeg leg : p.legs()) {
                if (leg.isOption() && !leg.isClosed()) {
                    keys.add(leg.contract());
                }
            }
        }
        return keys;
    }

    /** One kind of left-out quote: its count, dates and roots, and where its note is. */
    private final class Kind {
        private long count;
        private LocalDate first;
        private LocalDate last;
        private final Set<String> roots = new TreeSet<>();
        private int noteIndex = -1;
        private long noted;

        void add(LocalDate date, String root) {
            count++;
            first = first == null ? date : first;
            last = date;
            roots.add(root);
        }

        void note(String what) {
            if (count == noted) {
                return;
            }
            String text = String.format(Locale.ROOT, "%s to %s: left out %,d %s: %s", first, last, count, what,
                    String.join(", ", roots));
            if (noteIndex < 0) {
                noteIndex = notes.size();
                notes.add(text);
            } else {
                notes.set(noteIndex, text);
            }
            noted = count;
        }
    }
}
