package dev.tradingpipeline.jobs.strategy;

import java.time.LocalDate;
import java.util.List;
import java.util.OptionalDouble;

/** An open position as strategies see it: read-only outside this package. */
public final class Position {

    /** Shares per option contract, and per unit of an underlying leg. */
    public static final int MULTIPLIER = 100;

    private final long id;
    private final LocalDate entryDate;
    private final List<PositionLeg> legs;
    private double collateral;
    private double commissions;

    Position(long id, LocalDate entryDate, List<PositionLeg> legs, double collateral, double entryCommissions) {
        this.id = id;
        this.entryDate = entryDate;
        this.legs = List.copyOf(legs);
        this.collateral = collateral;
        this.commissions = entryCommissions;
    }

    public long id() {
        return id;
    }

    public LocalDate entryDate() {
        return entryDate;
    }

    public List<PositionLeg> legs() {
        return legs;
    }

    /**
     * Cash the position ties up while open (see {@link Collateral}, or {@link RegTMargin} at the last
     * close under Reg T margin); the engine's "exposure".
     */
    public double collateral() {
        return collateral;
    }

    /** Under Reg T margin the requirement moves with the marks: the engine updates it at each close. */
    void collateral(double amount) {
        collateral = amount;
    }

    public double commissions() {
        return commissions;
    }

    /** What was paid to open, before commissions: &gt; 0 for a debit, &lt; 0 for a credit. */
    public double entryValue() {
        return legs.stream().mapToDouble(l -> l.valueAt(l.entryPrice())).sum();
    }

    /** Value at the last end-of-day marks. */
    public double markedValue() {
        return legs.stream().filter(l -> !l.isClosed()).mapToDouble(l -> l.valueAt(l.mark())).sum();
    }

    /** Value at the day's 15:45 mids, or empty when an open option leg has no quote today. */
    public OptionalDouble value1545(DayChain day) {
        double value = 0;
        for (PositionLeg leg : legs) {
            if (leg.isClosed()) {
                continue;
            }
            if (!leg.isOption()) {
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
    public boolean endsBy(LocalDate date) {
        boolean anyOption = false;
        for (PositionLeg leg : legs) {
            if (leg.isOption() && !leg.isClosed()) {
                anyOption = true;
                if (!TradingCalendar.NYSE.settlesBy(leg.contract().expiration(), date)) {
                    return false;
                }
            }
        }
        return anyOption;
    }

    void addCommission(double amount) {
        commissions += amount;
    }
}
