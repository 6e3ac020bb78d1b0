package dev.tradingpipeline.jobs.strategy.api;

/** What tests of other packages may ask a {@link DayChain} beyond its public API. */
public final class DayChains {

    private DayChains() {
    }

    /** How many derived values the instance holds (see {@link DayChain#derived}). */
    public static int derivedCount(DayChain day) {
        return day.derivedCount();
    }
}
