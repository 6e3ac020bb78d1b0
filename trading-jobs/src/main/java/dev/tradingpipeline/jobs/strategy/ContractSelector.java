package dev.tradingpipeline.jobs.strategy;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Picks a leg's contract in a day's chain at the 15:45 snapshot. */
final class ContractSelector {

    private ContractSelector() {
    }

    /** Expirations whose DTE is in range, nearest the target first (the earlier one on a tie). */
    static List<LocalDate> expirations(DayChain day, DteRange range) {
        TreeMap<LocalDate, Integer> dteByExpiration = new TreeMap<>();
        for (OptionQuote q : day.quotes()) {
            if (range.contains(q.dte())) {
                dteByExpiration.put(q.expiration(), q.dte());
            }
        }
        return dteByExpiration.entrySet().stream()
                .sorted(Comparator.comparingInt((java.util.Map.Entry<LocalDate, Integer> e) ->
                        Math.abs(e.getValue() - range.target())).thenComparing(java.util.Map.Entry::getKey))
                .map(java.util.Map.Entry::getKey)
                .toList();
    }

    /**
     * The leg's contract in one expiration: nearest the delta target within its band, or the
     * strike nearest the moneyness target. Ties go to the lower strike, then the root's name, so
     * that a run is reproducible.
     */
    static Optional<OptionQuote> select(DayChain day, Leg leg, LocalDate expiration) {
        OptionRight right = leg.instrument().right();
        Comparator<OptionQuote> tieBreak = Comparator.comparingDouble(OptionQuote::strike)
                .thenComparing(OptionQuote::root);
        var candidates = day.quotes().stream()
                .filter(q -> q.right() == right && q.expiration().equals(expiration) && q.tradable1545());
        if (leg.strike() instanceof StrikeSelection.ByDelta byDelta) {
            double target = Math.abs(byDelta.target());
            return candidates
                    .filter(q -> q.delta1545() != null
                            && Math.abs(Math.abs(q.delta1545()) - target) <= byDelta.band() + 1e-12)
                    .min(Comparator.comparingDouble((OptionQuote q) -> Math.abs(Math.abs(q.delta1545()) - target))
                            .thenComparing(tieBreak));
        }
        StrikeSelection.ByMoneyness byMoneyness = (StrikeSelection.ByMoneyness) leg.strike();
        double target = byMoneyness.targetStrike(day.underlyingPrice1545());
        return candidates
                .min(Comparator.comparingDouble((OptionQuote q) -> Math.abs(q.strike() - target)).thenComparing(tieBreak));
    }
}
