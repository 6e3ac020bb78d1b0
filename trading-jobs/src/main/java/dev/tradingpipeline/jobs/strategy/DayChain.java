package dev.tradingpipeline.jobs.strategy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
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
    private final List<OptionQuote> quotes;
    private final Map<ContractKey, OptionQuote> byKey;
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
        this.byKey = new HashMap<>(quotes.size() * 2);
        for (OptionQuote q : this.quotes) {
            // a quote of another day or underlying here would be a silent look-ahead or mix-up
            if (!q.quoteDate().equals(date) || !q.underlying().equals(underlying)) {
                throw new IllegalArgumentException("quote " + q.key().describe() + " of " + q.underlying() + " on "
                        + q.quoteDate() + " does not belong to the chain of " + underlying + " on " + date);
            }
            byKey.put(q.key(), q);
        }
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
        return quotes;
    }

    public Optional<OptionQuote> quote(ContractKey key) {
        return Optional.ofNullable(byKey.get(key));
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
     * everything the computation depends on besides the day).
     */
    @SuppressWarnings("unchecked")
    <T> T derived(Object key, Function<DayChain, T> compute) {
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

    private DayChain masked1545() {
        if (Double.isNaN(underlyingPriceEod) && quotes.stream().allMatch(q -> Double.isNaN(q.bidEod()))) {
            return this;
        }
        List<OptionQuote> masked = new ArrayList<>(quotes.size());
        for (OptionQuote q : quotes) {
            masked.add(new OptionQuote(q.underlying(), q.quoteDate(), q.root(), q.expiration(), q.strike(), q.right(),
                    q.bid1545(), q.ask1545(), Double.NaN, Double.NaN, q.delta1545(), q.iv1545(),
                    q.underlyingPrice1545(), q.dte(), q.deliveryCode()));
        }
        return new DayChain(date, underlying, underlyingPrice1545, Double.NaN, masked);
    }
}
