package dev.tradingpipeline.jobs.strategy.spec;

import java.io.Serializable;
import java.util.Locale;

/** How a leg picks its strike within the chosen expiration. */
public sealed interface StrikeSelection extends Serializable {

    /** For notes: "delta 0.20 +/- 0.05", "moneyness +5.0%". */
    String describe();

    /**
     * The contract whose 15:45 delta is nearest the target, within the band. Deltas are compared
     * in absolute value, so 0.20 and -0.20 both mean a 20-delta put. Contracts whose greeks are
     * unknown (vendor IV 0) are never chosen.
     */
    record ByDelta(double target, double band) implements StrikeSelection {
        public ByDelta {
            if (Math.abs(target) > 1 || band < 0) {
                throw new IllegalArgumentException("delta target must be within [-1, 1] and band >= 0, got "
                        + target + " +/- " + band);
            }
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "delta %.2f +/- %.2f", Math.abs(target), band);
        }
    }

    /** The strike nearest spot shifted by an offset (a fraction of spot or points); 0 is at the money. */
    record ByMoneyness(double offset, OffsetUnit unit) implements StrikeSelection {
        public double targetStrike(double spot) {
            return unit == OffsetUnit.FRACTION ? spot * (1 + offset) : spot + offset;
        }

        @Override
        public String describe() {
            return unit == OffsetUnit.FRACTION
                    ? String.format(Locale.ROOT, "moneyness %+.1f%%", offset * 100)
                    : String.format(Locale.ROOT, "moneyness %+.2f points", offset);
        }
    }

    enum OffsetUnit {
        FRACTION,
        POINTS
    }
}
