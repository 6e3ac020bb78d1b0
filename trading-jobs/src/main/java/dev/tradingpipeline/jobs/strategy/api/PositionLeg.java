package dev.tradingpipeline.jobs.strategy.api;

/** One leg of an open position, as a strategy sees it: read-only (the engine marks and closes it). */
public interface PositionLeg {

    /** The option, or null for the underlying. */
    ContractKey contract();

    default boolean isOption() {
        return contract() != null;
    }

    /** Signed: contracts (or 100-share units of the underlying), long &gt; 0. */
    int quantity();

    double entryPrice();

    /** Last end-of-day mark (the entry price until the first mark). */
    double mark();

    default boolean isClosed() {
        return exitPrice() != null;
    }

    /** Null while open. */
    Double exitPrice();

    /** Cash value of the leg at a per-share price: quantity x price x 100. */
    default double valueAt(double price) {
        return quantity() * price * Position.MULTIPLIER;
    }
}
