package dev.tradingpipeline.jobs.strategy.spec;

import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * One leg of a strategy: what to hold, which way, how many per unit of the position, and how to
 * pick the contract each time the strategy enters.
 *
 * @param ratio contracts per unit (a butterfly's body is 2)
 * @param dte null for an underlying leg
 * @param strike null for an underlying leg
 */
public record Leg(Instrument instrument, Side side, int ratio, DteRange dte, StrikeSelection strike)
        implements Serializable {

    public Leg {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(side, "side");
        if (ratio < 1) {
            throw new IllegalArgumentException("leg ratio must be >= 1, got " + ratio);
        }
        if (instrument != Instrument.UNDERLYING && (dte == null || strike == null)) {
            throw new IllegalArgumentException("an option leg needs a DTE range and a strike selection");
        }
    }

    public static Leg option(OptionRight right, Side side, int ratio, DteRange dte, StrikeSelection strike) {
        return new Leg(right == OptionRight.CALL ? Instrument.CALL : Instrument.PUT, side, ratio, dte, strike);
    }

    public static Leg underlying(Side side, int ratio) {
        return new Leg(Instrument.UNDERLYING, side, ratio, null, null);
    }

    public boolean isOption() {
        return instrument != Instrument.UNDERLYING;
    }

    /** Signed contracts for {@code units} units of the position. */
    public int quantity(int units) {
        return side.sign() * ratio * units;
    }

    /** For notes: "short put, 25-35 DTE, delta 0.50 +/- 0.10". */
    public String describe() {
        String what = side.name().toLowerCase(Locale.ROOT) + " " + instrument.name().toLowerCase(Locale.ROOT)
                + (ratio == 1 ? "" : " x" + ratio);
        return isOption() ? what + ", " + dte + ", " + strike.describe() : what;
    }
}
