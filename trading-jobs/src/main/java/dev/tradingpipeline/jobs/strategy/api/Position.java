package dev.tradingpipeline.jobs.strategy.api;

import java.time.LocalDate;
import java.util.List;
import java.util.OptionalDouble;

/**
 * An open position as a strategy sees it: read-only. The engine keeps its own mutable book behind
 * this view; a strategy closes a position by returning an {@link Order.Close} with its {@link #id()}.
 */
public interface Position {

    /** Shares per option contract, and per unit of an underlying leg. */
    int MULTIPLIER = 100;

    /** The engine's number for the position, unique within one simulation. */
    long id();

    LocalDate entryDate();

    /** Its legs in the order they were opened, closed ones (settled, assigned) included. */
    List<PositionLeg> legs();

    /**
     * Cash the position ties up while open: its worst value at expiry plus its debit under cash
     * margin, or its Reg T requirement at the last close; the engine's "exposure".
     */
    double collateral();

    /** Commissions and fees paid on it so far. */
    double commissions();

    /** What was paid to open, before commissions: &gt; 0 for a debit, &lt; 0 for a credit. */
    default double entryValue() {
        return legs().stream().mapToDouble(l -> l.valueAt(l.entryPrice())).sum();
    }

    /** Value at the last end-of-day marks. */
    default double markedValue() {
        return legs().stream().filter(l -> !l.isClosed()).mapToDouble(l -> l.valueAt(l.mark())).sum();
    }

    /**
     * Value at the day's 15:45 mids, or empty when an open option leg has no quote today or an
     * open underlying leg no 15:45 price (a day without rows in the job's pruned scan).
     */
    default OptionalDouble value1545(DayChain day) {
        double value = 0;
        for (PositionLeg leg : legs()) {
            if (leg.isClosed()) {
                continue;
            }
            if (!leg.isOption()) {
                if (!Double.isFinite(day.underlyingPrice1545())) {
                    return OptionalDouble.empty();
                }
                value += leg.valueAt(day.underlyingPrice1545());
                continue;
            }
            var quote = day.quote(leg.contract());
            if (quote.isEmpty()) {
                return OptionalDouble.empty();
            }
            value += leg.valueAt(quote.get().mid1545());
        }
        return OptionalDouble.of(value);
    }

    /**
     * True when every option leg is settled by {@code date} (its expiration day, or the last trading
     * day before it), so the position ends that day.
     */
    default boolean endsBy(LocalDate date) {
        boolean anyOption = false;
        for (PositionLeg leg : legs()) {
            if (leg.isOption() && !leg.isClosed()) {
                anyOption = true;
                if (!TradingCalendar.NYSE.settlesBy(leg.contract().expiration(), date)) {
                    return false;
                }
            }
        }
        return anyOption;
    }
}
