package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.spec.DteRange;
import dev.tradingpipeline.jobs.strategy.spec.StrikeSelection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One day's chain indexed for contract selection: its tradable quotes by right and expiration,
 * ordered by delta and by strike, and its expirations with their days to expiry. Built once per
 * {@link DayChain} instance (with {@link #of}) and kept with it, as are the answers to the
 * questions asked of it ({@link #expirations}, {@link #select}): a shard feeds one chain to all
 * its simulations, so the simulations of a sweep that ask the same question on the same day share
 * one answer, and a question is answered by a binary search in one expiration's quotes instead of
 * a pass over the whole chain.
 *
 * <p>The answers are exactly those of a pass over the chain (see {@link ContractSelector}): ties
 * go to the lower strike, then the root's name, then the quote first in the chain.
 */
final class ChainIndex {

    private final DayChain day;
    /** Per expiration, in date order: its distinct DTE values, ordered by their last quote in the chain. */
    private final TreeMap<LocalDate, int[]> dtes = new TreeMap<>();
    /** Per right and expiration: positions in the chain of the tradable quotes, in chain order. */
    private final Map<OptionRight, Map<LocalDate, int[]>> tradable = new EnumMap<>(OptionRight.class);

    private ChainIndex(DayChain day) {
        this.day = day;
        List<OptionQuote> quotes = day.quotes();
        Map<LocalDate, List<Integer>> dteOrder = new HashMap<>();
        Map<OptionRight, Map<LocalDate, IntList>> groups = new EnumMap<>(OptionRight.class);
        for (int i = 0; i < quotes.size(); i++) {
            OptionQuote q = quotes.get(i);
            List<Integer> seen = dteOrder.computeIfAbsent(q.expiration(), e -> new ArrayList<>(1));
            int last = seen.size() - 1;
            if (last < 0 || seen.get(last) != q.dte()) {
                seen.remove(Integer.valueOf(q.dte())); // now last: its latest quote so far
                seen.add(q.dte());
            }
            if (q.tradable1545()) {
                groups.computeIfAbsent(q.right(), r -> new HashMap<>())
                        .computeIfAbsent(q.expiration(), e -> new IntList()).add(i);
            }
        }
        dteOrder.forEach((e, seen) -> dtes.put(e, seen.stream().mapToInt(Integer::intValue).toArray()));
        groups.forEach((right, byExpiration) -> {
            Map<LocalDate, int[]> m = new HashMap<>();
            byExpiration.forEach((e, positions) -> m.put(e, positions.toArray()));
            tradable.put(right, m);
        });
    }

    /** The day's index, built on first use and kept with the day. */
    static ChainIndex of(DayChain day) {
        return day.derived(IndexKey.INSTANCE, ChainIndex::new);
    }

    /** Expirations whose DTE is in range, nearest the target first (the earlier one on a tie); shared per range. */
    List<LocalDate> expirations(DteRange range) {
        return day.derived(new ExpirationsKey(range), d -> computeExpirations(range));
    }

    /** The leg's contract in one expiration (see {@link ContractSelector#select}); shared per question. */
    Optional<OptionQuote> select(OptionRight right, StrikeSelection strike, LocalDate expiration) {
        return day.derived(new SelectKey(right, strike, expiration), d -> computeSelect(right, strike, expiration));
    }

    private List<LocalDate> computeExpirations(DteRange range) {
        List<Map.Entry<LocalDate, Integer>> inRange = new ArrayList<>();
        dtes.forEach((expiration, values) -> {
            // the DTE of the expiration's last quote in range, as a pass over the chain would keep
            for (int k = values.length - 1; k >= 0; k--) {
                if (range.contains(values[k])) {
                    inRange.add(Map.entry(expiration, values[k]));
                    break;
                }
            }
        });
        return inRange.stream()
                .sorted(Comparator.comparingInt((Map.Entry<LocalDate, Integer> e) ->
                        Math.abs(e.getValue() - range.target())).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .toList();
    }

    private Optional<OptionQuote> computeSelect(OptionRight right, StrikeSelection strike, LocalDate expiration) {
        int[] positions = tradable.getOrDefault(right, Map.of()).get(expiration);
        if (positions == null) {
            return Optional.empty();
        }
        Group group = day.derived(new GroupKey(right, expiration), d -> new Group(day.quotes(), positions));
        if (strike instanceof StrikeSelection.ByDelta byDelta) {
            return group.nearestDelta(Math.abs(byDelta.target()), byDelta.band());
        }
        StrikeSelection.ByMoneyness byMoneyness = (StrikeSelection.ByMoneyness) strike;
        return group.nearestStrike(byMoneyness.targetStrike(day.underlyingPrice1545()));
    }

    /**
     * The tradable quotes of one right and expiration, each sort made on first use: by absolute
     * delta (quotes with one), and by strike. Ties in either order are broken by strike, root and
     * chain position, the selection's own tie-break, so that the first of equally near quotes is
     * the one chosen.
     */
    private static final class Group {
        private final List<OptionQuote> quotes;
        private final int[] positions; // chain order
        private int[] byDelta;
        private double[] absDelta;
        private int[] byStrike;
        private double[] strikes;
        /** A delta or strike that is not a finite number: answered by a pass over the group instead. */
        private boolean irregularDelta;
        private boolean irregularStrike;

        Group(List<OptionQuote> quotes, int[] positions) {
            this.quotes = quotes;
            this.positions = positions;
        }

        private int compareTies(int a, int b) {
            OptionQuote qa = quotes.get(a);
            OptionQuote qb = quotes.get(b);
            int c = Double.compare(qa.strike(), qb.strike());
            if (c == 0) {
                c = qa.root().compareTo(qb.root());
            }
            return c != 0 ? c : Integer.compare(a, b);
        }

        private synchronized void sortByDelta() {
            if (byDelta != null) {
                return;
            }
            IntList with = new IntList();
            for (int p : positions) {
                Double d = quotes.get(p).delta1545();
                if (d != null && !Double.isNaN(d)) { // a NaN delta is never within a band
                    with.add(p);
                    irregularDelta |= Double.isInfinite(d);
                }
            }
            Integer[] sorted = with.boxed();
            Arrays.sort(sorted, (a, b) -> {
                int c = Double.compare(Math.abs(quotes.get(a).delta1545()), Math.abs(quotes.get(b).delta1545()));
                return c != 0 ? c : compareTies(a, b);
            });
            double[] values = new double[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                values[i] = Math.abs(quotes.get(sorted[i]).delta1545());
            }
            absDelta = values;
            byDelta = Arrays.stream(sorted).mapToInt(Integer::intValue).toArray();
        }

        private synchronized void sortByStrike() {
            if (byStrike != null) {
                return;
            }
            Integer[] sorted = Arrays.stream(positions).boxed().toArray(Integer[]::new);
            Arrays.sort(sorted, this::compareTies);
            double[] values = new double[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                values[i] = quotes.get(sorted[i]).strike();
                irregularStrike |= !Double.isFinite(values[i]);
            }
            strikes = values;
            byStrike = Arrays.stream(sorted).mapToInt(Integer::intValue).toArray();
        }

        /** The quote whose absolute delta is nearest {@code target}, within {@code band}. */
        Optional<OptionQuote> nearestDelta(double target, double band) {
            sortByDelta();
            if (irregularDelta) {
                return pass(q -> q.delta1545() != null
                        && Math.abs(Math.abs(q.delta1545()) - target) <= band + 1e-12,
                        q -> Math.abs(Math.abs(q.delta1545()) - target));
            }
            int best = nearest(byDelta, absDelta, target);
            if (best < 0 || !(Math.abs(absDelta[best] - target) <= band + 1e-12)) {
                return Optional.empty();
            }
            return Optional.of(quotes.get(byDelta[best]));
        }

        /** The quote whose strike is nearest {@code target}. */
        Optional<OptionQuote> nearestStrike(double target) {
            sortByStrike();
            if (irregularStrike || !Double.isFinite(target)) {
                return pass(q -> true, q -> Math.abs(q.strike() - target));
            }
            int best = nearest(byStrike, strikes, target);
            return best < 0 ? Optional.empty() : Optional.of(quotes.get(byStrike[best]));
        }

        /**
         * Of the values (ascending, finite) the index of the one nearest the target, or -1 for none:
         * the distance only grows away from where the target would be inserted, so the nearest
         * values are on either side of it; of equally near ones, the tie-break decides.
         */
        private int nearest(int[] order, double[] values, double target) {
            int n = values.length;
            if (n == 0) {
                return -1;
            }
            int lo = 0;
            int hi = n; // first index whose value is >= target
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (values[mid] < target) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            double bestDistance = Double.POSITIVE_INFINITY;
            if (lo < n) {
                bestDistance = Math.abs(values[lo] - target);
            }
            if (lo > 0) {
                bestDistance = Math.min(bestDistance, Math.abs(values[lo - 1] - target));
            }
            int best = -1;
            for (int i = lo - 1; i >= 0 && Math.abs(values[i] - target) == bestDistance; i--) {
                best = best < 0 || compareTies(order[i], order[best]) < 0 ? i : best;
            }
            for (int i = lo; i < n && Math.abs(values[i] - target) == bestDistance; i++) {
                best = best < 0 || compareTies(order[i], order[best]) < 0 ? i : best;
            }
            return best;
        }

        /** A pass over the group: the eligible quote of least distance, ties as in the index. */
        private Optional<OptionQuote> pass(java.util.function.Predicate<OptionQuote> eligible,
                java.util.function.ToDoubleFunction<OptionQuote> distance) {
            int best = -1;
            double bestDistance = 0;
            for (int p : positions) {
                OptionQuote q = quotes.get(p);
                if (!eligible.test(q)) {
                    continue;
                }
                double d = distance.applyAsDouble(q);
                int c = best < 0 ? -1 : Double.compare(d, bestDistance);
                if (c < 0 || c == 0 && compareTies(p, best) < 0) {
                    best = p;
                    bestDistance = d;
                }
            }
            return best < 0 ? Optional.empty() : Optional.of(quotes.get(best));
        }
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[16];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }

        Integer[] boxed() {
            Integer[] out = new Integer[size];
            for (int i = 0; i < size; i++) {
                out[i] = values[i];
            }
            return out;
        }
    }

    /** {@link DayChain#derived} keys: the index itself, one expiration's group, and the answers. */
    private enum IndexKey {
        INSTANCE
    }

    private record GroupKey(OptionRight right, LocalDate expiration) {
    }

    private record ExpirationsKey(DteRange range) {
    }

    private record SelectKey(OptionRight right, StrikeSelection strike, LocalDate expiration) {
    }
}
