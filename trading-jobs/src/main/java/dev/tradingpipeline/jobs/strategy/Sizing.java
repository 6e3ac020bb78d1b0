package dev.tradingpipeline.jobs.strategy;

import java.io.Serializable;

/**
 * Starting capital and how many units each entry trades.
 *
 * @param fixedUnits units per entry; null = as many as the free capital collateralises (see
 *     {@link Collateral}: a cash-secured short put ties up strike x 100)
 */
public record Sizing(double capital, Integer fixedUnits) implements Serializable {

    public Sizing {
        if (!(capital > 0)) {
            throw new IllegalArgumentException("capital must be > 0, got " + capital);
        }
        if (fixedUnits != null && fixedUnits < 1) {
            throw new IllegalArgumentException("fixed contracts must be >= 1, got " + fixedUnits);
        }
    }

    public static Sizing fixed(double capital, int units) {
        return new Sizing(capital, units);
    }

    public static Sizing fromCapital(double capital) {
        return new Sizing(capital, null);
    }
}
