package dev.tradingpipeline.jobs.strategy.spec;

import java.io.Serializable;

/**
 * Starting capital and how many units each entry trades.
 *
 * @param fixedUnits units per entry; null = as many as the free capital collateralises (see
 *     {@code Collateral}: a cash-secured short put ties up strike x 100), or under Reg T margin as many
 *     as the buying power covers ({@code RegTMargin})
 * @param margin how positions are collateralised; null = {@link Margin#CASH}
 */
public record Sizing(double capital, Integer fixedUnits, Margin margin) implements Serializable {

    public Sizing {
        margin = margin == null ? Margin.CASH : margin;
        if (!(capital > 0)) {
            throw new IllegalArgumentException("capital must be > 0, got " + capital);
        }
        if (fixedUnits != null && fixedUnits < 1) {
            throw new IllegalArgumentException("fixed contracts must be >= 1, got " + fixedUnits);
        }
    }

    public Sizing(double capital, Integer fixedUnits) {
        this(capital, fixedUnits, Margin.CASH);
    }

    public Sizing withMargin(Margin margin) {
        return new Sizing(capital, fixedUnits, margin);
    }

    public static Sizing fixed(double capital, int units) {
        return new Sizing(capital, units);
    }

    public static Sizing fromCapital(double capital) {
        return new Sizing(capital, null);
    }
}
