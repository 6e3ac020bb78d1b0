package dev.tradingpipeline.jobs.strategy.api;

/** Why a position ended. */
public enum ExitReason {
    /** Cash-settled at intrinsic value from the underlying's price on expiration day. */
    EXPIRY,
    /** Closed at the configured days to expiry. */
    DTE,
    TAKE_PROFIT,
    STOP_LOSS,
    /**
     * Still open after the simulation's last day (the underlying's last day in the data, or the
     * spec's end): valued at its last mark, no commission. A day without a contract in the legs'
     * window is no end of data: the engine is fed every trading day of the underlying.
     */
    END_OF_DATA,
    /** Closed by a user strategy for a reason of its own. */
    STRATEGY,
    /** Closed at the day's end-of-day marks because equity fell below the Reg T requirement. */
    MARGIN_CALL,
    /** A short American leg assigned early, its stock closed at the day's close (see EarlyAssignment). */
    ASSIGNED,
    /** Closed at the day's marks when equity reached zero or below; the simulation stopped there. */
    RUIN
}
