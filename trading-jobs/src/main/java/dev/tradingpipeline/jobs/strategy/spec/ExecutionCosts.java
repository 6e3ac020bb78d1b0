package dev.tradingpipeline.jobs.strategy.spec;

import java.io.Serializable;
import java.util.Objects;

/**
 * Execution costs: the fill model, a commission per option contract, charged when a contract is
 * bought or sold (not at cash settlement, and not on underlying legs), and a fee per order, charged
 * once for each opening and each closing of a position (not at settlement either).
 */
public record ExecutionCosts(FillModel model, double commissionPerContract, double orderFee) implements Serializable {

    public ExecutionCosts {
        Objects.requireNonNull(model, "model");
        if (!(commissionPerContract >= 0)) {
            throw new IllegalArgumentException("commission per contract must be >= 0, got " + commissionPerContract);
        }
        if (!(orderFee >= 0)) {
            throw new IllegalArgumentException("order fee must be >= 0, got " + orderFee);
        }
    }

    /** Without an order fee. */
    public ExecutionCosts(FillModel model, double commissionPerContract) {
        this(model, commissionPerContract, 0);
    }

    /** The record form as before the order fee existed when there is none (it is part of a run's config hash). */
    @Override
    public String toString() {
        return "Fills[model=" + model + ", commissionPerContract=" + commissionPerContract
                + (orderFee == 0 ? "" : ", orderFee=" + orderFee) + "]";
    }
}
