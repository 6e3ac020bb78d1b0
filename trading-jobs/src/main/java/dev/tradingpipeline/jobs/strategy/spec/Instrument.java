package dev.tradingpipeline.jobs.strategy.spec;

import dev.tradingpipeline.jobs.strategy.api.OptionRight;

/**
 * What a leg holds: an option, or the underlying itself (a covered call's long stock, bought and
 * marked at the underlying price; one unit is 100 shares so that it matches one contract).
 */
public enum Instrument {
    CALL,
    PUT,
    UNDERLYING;

    /** The option right, or null for the underlying. */
    public OptionRight right() {
        return switch (this) {
            case CALL -> OptionRight.CALL;
            case PUT -> OptionRight.PUT;
            case UNDERLYING -> null;
        };
    }
}
