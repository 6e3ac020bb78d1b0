package dev.tradingpipeline.jobs.strategy.api;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Everything known about one underlying on one trading day: its price at the 15:45 snapshot
 * (decisions and fills) and at the close (marks and expiry settlement), and its option quotes.
 * Immutable; the quotes are indexed by contract for the engine's daily look-ups. The views derived
 * from a day ({@link #at1545()}, a universe's filtering) are built once per instance: a shard feeds
 * the same chain to all its simulations, so a sweep builds them once a day, not once a simulation.
 */
public final class DayChain {

    private final LocalDate date;
    private final String underlying;
    private final double underlyingPrice1545;
    private final double underlyingPriceEod;
    /** The day's quotes; for a day made by {@link #fromAt1545}, made from its parts when first asked for. */
    private volatile List<OptionQuote> quotes;
    /**
     * Of a day made by {@link #fromAt1545} (else null): its quotes as known at 15:45 and their
     * end-of-day bids and asks, in the same order.
     */
    private final List<OptionQuote> quotes1545;
    private final double[] bidEod;
    private final double[] askEod;
    /** Positions in {@link #quotes} by contract; a day and its 15:45 view share it (same order). */
    private final KeyIndex byKey;
    // a data race at most builds a view twice: DayChain's fields are final, so publishing is safe
    private DayChain at1545;
    private volatile Map<Object, Object> derived;

    public DayChain(LocalDate date, String underlying, double underlyingPrice1545, double underlyingPriceEod,
            List<OptionQuote> quotes) {
        this.date = Objects.requireNonNull(date, "date");
        this.underlying = Objects.requireNonNull(underlying, "underlying");
        this.underlyingPrice1545 = underlyingPrice1545;
        this.underlyingPriceEod = underlyingPriceEod;
        this.quotes = List.copyOf(quotes);
        this.quotes1545 = null;
        this.bidEod = null;
        this.askEod = null;
        // checks each quote as it indexes it (one pass: the chain is large, its quotes spread in memory)
        this.byKey = new KeyIndex(this.quotes, date, underlying);
    }

    /**
     * A day given as its 15:45 view and the end-of-day bids and asks apart: the same day as
     * {@code new DayChain(...)} with each quote's {@code bidEod} and {@code askEod} set from
     * {@code bidEod[i]} and {@code askEod[i]}, built without holding every quote twice. The
     * engine decides on the view and looks up only the contracts it holds in the day itself;
     * the day's quotes are made from the parts when asked for (one at a time by {@link #quote},
     * all at once by {@link #quotes}).
     *
     * @param quotes1545 the quotes as known at 15:45: their end-of-day bid and ask NaN
     */
    public static DayChain fromAt1545(LocalDate date, String underlying, double underlyingPrice1545,
            double underlyingPriceEod, List<OptionQuote> quotes1545, double[] bidEod, double[] askEod) {
        if (bidEod.length != quotes1545.size() || askEod.length != quotes1545.size()) {
            throw new IllegalArgumentException(quotes1545.size() + " quotes, " + bidEod.length + " end-of-day bids and "
                    + askEod.length + " asks");
        }
        for (OptionQuote q : quotes1545) {
            if (!Double.isNaN(q.bidEod()) || !Double.isNaN(q.askEod())) {
                throw new IllegalArgumentException("quote " + q.key().describe()
                        + " of a 15:45 view has an end-of-day bid or ask");
            }
        }
        return new DayChain(date, underlying, underlyingPrice1545, underlyingPriceEod, List.copyOf(quotes1545),
                bidEod.clone(), askEod.clone());
    }

    private DayChain(LocalDate date, String underlying, double underlyingPrice1545, double underlyingPriceEod,
            List<OptionQuote> quotes1545, double[] bidEod, double[] askEod) {
        this.date = Objects.requireNonNull(date, "date");
        this.underlying = Objects.requireNonNull(underlying, "underlying");
        this.underlyingPrice1545 = underlyingPrice1545;
        this.underlyingPriceEod = underlyingPriceEod;
        this.quotes = null;
        this.quotes1545 = quotes1545;
        this.bidEod = bidEod;
        this.askEod = askEod;
        this.byKey = new KeyIndex(quotes1545, date, underlying);
    }

    /** The 15:45 view of {@code day}: its quotes masked in the same order, so its index serves. */
    private DayChain(DayChain day, List<OptionQuote> masked) {
        this.date = day.date;
        this.underlying = day.underlying;
        this.underlyingPrice1545 = day.underlyingPrice1545;
        this.underlyingPriceEod = Double.NaN;
        this.quotes = Collections.unmodifiableList(masked);
        this.quotes1545 = null;
        this.bidEod = null;
        this.askEod = null;
        this.byKey = day.byKey;
    }

    public LocalDate date() {
        return date;
    }

    public String underlying() {
        return underlying;
    }

    public double underlyingPrice1545() {
        return underlyingPrice1545;
    }

    public double underlyingPriceEod() {
        return underlyingPriceEod;
    }

    public List<OptionQuote> quotes() {
        List<OptionQuote> q = quotes;
        if (q == null) {
            synchronized (this) {
                q = quotes;
                if (q == null) {
                    List<OptionQuote> made = new ArrayList<>(quotes1545.size());
                    for (int i = 0; i < quotes1545.size(); i++) {
                        made.add(withEod(i));
                    }
                    q = Collections.unmodifiableList(made);
                    quotes = q;
                }
            }
        }
        return q;
    }

    public Optional<OptionQuote> quote(ContractKey key) {
        if (quotes1545 == null) {
            int i = byKey.find(quotes, key);
            return i < 0 ? Optional.empty() : Optional.of(quotes.get(i));
        }
        int i = byKey.find(quotes1545, key);
        if (i < 0) {
            return Optional.empty();
        }
        List<OptionQuote> made = quotes;
        return Optional.of(made != null ? made.get(i) : withEod(i));
    }

    /** Quote i of a day made by {@link #fromAt1545}, its end-of-day bid and ask set. */
    private OptionQuote withEod(int i) {
        OptionQuote q = quotes1545.get(i);
        return new OptionQuote(q.underlying(), q.quoteDate(), q.root(), q.expiration(), q.strike(), q.right(),
                q.bid1545(), q.ask1545(), bidEod[i], askEod[i], q.delta1545(), q.iv1545(), q.underlyingPrice1545(),
                q.dte(), q.deliveryCode());
    }

    /**
     * This day as known at 15:45: the same chain with every end-of-day field (the underlying's
     * close, EOD bids and asks) set to NaN. The engine hands strategies this view, so a decision
     * cannot use the close of its own day.
     */
    public DayChain at1545() {
        DayChain view = at1545;
        if (view == null) {
            view = masked1545();
            view.at1545 = view;
            at1545 = view;
        }
        return view;
    }

    /**
     * A value derived from this day alone, computed once per key and instance (the key must say
     * everything the computation depends on besides the day) and shared by every simulation fed
     * this instance. The engine keeps its contract index and universe filtering here; a strategy
     * may keep its own day-level computations, under a key of a type of its own (so that no other
     * key equals it). Thread-safe.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Object key, Function<DayChain, T> compute) {
        Map<Object, Object> memo = derived;
        if (memo == null) {
            synchronized (this) {
                memo = derived;
                if (memo == null) {
                    memo = new ConcurrentHashMap<>();
                    derived = memo;
                }
            }
        }
        Object value = memo.get(key);
        if (value == null) {
            value = compute.apply(this); // outside the map: a computation may derive other values
            Object raced = memo.putIfAbsent(key, value);
            value = raced == null ? value : raced;
        }
        return (T) value;
    }

    /** How many derived values this instance holds (for tests of what is shared). */
    int derivedCount() {
        Map<Object, Object> memo = derived;
        return memo == null ? 0 : memo.size();
    }

    private DayChain masked1545() {
        if (quotes1545 != null) {
            return new DayChain(this, quotes1545);
        }
        if (Double.isNaN(underlyingPriceEod)
                && quotes.stream().allMatch(q -> Double.isNaN(q.bidEod()) && Double.isNaN(q.askEod()))) {
            return this;
        }
        List<OptionQuote> masked = new ArrayList<>(quotes.size());
        for (OptionQuote q : quotes) {
            masked.add(new OptionQuote(q.underlying(), q.quoteDate(), q.root(), q.expiration(), q.strike(), q.right(),
                    q.bid1545(), q.ask1545(), Double.NaN, Double.NaN, q.delta1545(), q.iv1545(),
                    q.underlyingPrice1545(), q.dte(), q.deliveryCode()));
        }
        return new DayChain(this, masked);
    }

    /**
     * Positions of a day's quotes by contract, in an open-addressing table of ints: a look-up
     * compares the quote's own fields with the key (no {@link ContractKey} made per quote, no map
     * entries), and a day's 15:45 view, whose quotes are in the same order, uses the same table.
     * Equality is {@link ContractKey}'s (strikes by {@link Double#compare}); of two quotes of one
     * contract, the later wins.
     */
    private static final class KeyIndex {
        private final int[] slots; // position + 1; 0 is empty
        private final int mask;
        private final int shift;

        /** Indexes the quotes, each checked to be of this day and underlying. */
        KeyIndex(List<OptionQuote> quotes, LocalDate date, String underlying) {
            int capacity = Integer.highestOneBit(Math.max(4, quotes.size() * 2) - 1) << 1;
            slots = new int[capacity];
            mask = capacity - 1;
            shift = 32 - Integer.numberOfTrailingZeros(capacity);
            for (int i = 0; i < quotes.size(); i++) {
                OptionQuote q = quotes.get(i);
                // a quote of another day or underlying here would be a silent look-ahead or mix-up
                if (!q.quoteDate().equals(date) || !q.underlying().equals(underlying)) {
                    throw new IllegalArgumentException("quote " + q.key().describe() + " of " + q.underlying()
                            + " on " + q.quoteDate() + " does not belong to the chain of " + underlying + " on " + date);
                }
                int slot = slot(q.expiration(), q.strike(), q.right());
                while (slots[slot] != 0 && !matches(quotes.get(slots[slot] - 1), q.root(), q.expiration(), q.strike(),
                        q.right())) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = i + 1;
            }
        }

        /** The position of the key's quote, or -1. */
        int find(List<OptionQuote> quotes, ContractKey key) {
            int slot = slot(key.expiration(), key.strike(), key.right());
            while (slots[slot] != 0) {
                int i = slots[slot] - 1;
                if (matches(quotes.get(i), key.root(), key.expiration(), key.strike(), key.right())) {
                    return i;
                }
                slot = (slot + 1) & mask;
            }
            return -1;
        }

        private static boolean matches(OptionQuote q, String root, LocalDate expiration, double strike,
                OptionRight right) {
            return q.right() == right && Double.compare(q.strike(), strike) == 0 && q.expiration().equals(expiration)
                    && q.root().equals(root);
        }

        /**
         * The first slot to probe: a hash of the contract, spread by Fibonacci hashing (its top
         * bits). The root is left out (a chain has a few; hashing each quote's own root string
         * cost more than the probes its collisions add).
         */
        private int slot(LocalDate expiration, double strike, OptionRight right) {
            int h = expiration.hashCode();
            h = 31 * h + Double.hashCode(strike);
            h = 31 * h + right.ordinal();
            return (h * 0x9E3779B9) >>> shift;
        }
    }
}
