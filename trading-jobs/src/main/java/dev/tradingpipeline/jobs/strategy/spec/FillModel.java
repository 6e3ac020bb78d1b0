package dev.tradingpipeline.jobs.strategy.spec;

import dev.tradingpipeline.jobs.strategy.api.OptionQuote;
import java.io.Serializable;

/**
 * At which price an option order trades within the 15:45 bid/ask: a buy at
 * {@code mid + spreadFraction x half-spread + slippage}, a sell at
 * {@code max(0, mid - spreadFraction x half-spread - slippage)}. {@link #MID} (fraction 0) is the
 * usual research default, optimistic for wide markets; {@link #FAR} (fraction 1: buy at the ask,
 * sell at the bid) a pessimistic bound.
 *
 * @param spreadFraction in [0, 1]: how far from the mid toward the far side a fill lands
 * @param slippage per share of option price, always against the trader, >= 0
 */
public record FillModel(double spreadFraction, double slippage) implements Serializable {

    public static final FillModel MID = new FillModel(0, 0);
    public static final FillModel FAR = new FillModel(1, 0);

    public FillModel {
        if (!(spreadFraction >= 0 && spreadFraction <= 1)) {
            throw new IllegalArgumentException("spread fraction must be in [0, 1], got " + spreadFraction);
        }
        if (!(slippage >= 0)) {
            throw new IllegalArgumentException("slippage must be >= 0, got " + slippage);
        }
    }

    public FillModel withSlippage(double perShare) {
        return new FillModel(spreadFraction, perShare);
    }

    public double price(OptionQuote quote, boolean buying) {
        double bid = quote.bid1545();
        double ask = quote.ask1545();
        // the ends taken as quoted, not recomputed from mid and half-spread, so far fills stay exact
        double atFraction = spreadFraction == 0 ? quote.mid1545()
                : spreadFraction == 1 ? (buying ? ask : bid)
                : quote.mid1545() + (buying ? 1 : -1) * spreadFraction * (ask - bid) / 2;
        return buying ? atFraction + slippage : Math.max(0, atFraction - slippage);
    }

    /** MID and FAR as before the fraction existed (the text is part of a run's config hash). */
    @Override
    public String toString() {
        String at = spreadFraction == 0 ? "MID"
                : spreadFraction == 1 ? "FAR"
                : "MID+" + spreadFraction + "xHALF_SPREAD";
        return slippage == 0 ? at : at + "+SLIPPAGE_" + slippage;
    }
}
