package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.DayChain;
import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import dev.tradingpipeline.jobs.strategy.spec.DteRange;
import dev.tradingpipeline.jobs.strategy.spec.Leg;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Picks a leg's contract in a day's chain at the 15:45 snapshot. The answers come from the day's
 * {@link ChainIndex} and are kept with the day, so simulations asking the same question of the
 * same day share one.
 */
final class ContractSelector {

    private ContractSelector() {
    }

    /** Expirations whose DTE is in range, nearest the target first (the earlier one on a tie). */
    static List<LocalDate> expirations(DayChain day, DteRange range) {
        return ChainIndex.of(day).expirations(range);
    }

    /**
     * The leg's contract in one expiration, among its tradable quotes of the leg's right: nearest
     * the delta target within its band (deltas compared in absolute value; quotes without a delta
     * never chosen), or the strike nearest the moneyness target. Ties go to the lower strike, then
     * the root's name (then the quote first in the chain), so that a run is reproducible.
     */
    static Optional<OptionQuote> select(DayChain day, Leg leg, LocalDate expiration) {
        return ChainIndex.of(day).select(leg.instrument().right(), leg.strike(), expiration);
    }
}
