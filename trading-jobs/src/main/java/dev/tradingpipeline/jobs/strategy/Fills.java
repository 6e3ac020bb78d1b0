package dev.tradingpipeline.jobs.strategy;

import java.io.Serializable;
import java.util.Objects;

/**
 * Execution costs: the fill model and a commission per option contract, charged when a contract
 * is bought or sold (not at cash settlement, and not on underlying legs).
 */
public record Fills(FillModel model, double commissionPerContract) implements Serializable {

    public Fills {
        Objects.requireNonNull(model, "model");
        if (commissionPerContract < 0) {
            throw new IllegalArgumentException("commission per contract must be >= 0, got " + commissionPerContract);
        }
    }
}
