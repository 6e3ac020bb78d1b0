package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.PositionLeg;

/** One leg of an {@link OpenPosition}: strategies read it as a {@link PositionLeg}; only the engine marks and closes it. */
final class OpenLeg implements PositionLeg {

    private final ContractKey contract;
    private final int quantity;
    private final double entryPrice;
    private double mark;
    private Double exitPrice;

    OpenLeg(ContractKey contract, int quantity, double entryPrice) {
        this.contract = contract;
        this.quantity = quantity;
        this.entryPrice = entryPrice;
        this.mark = entryPrice;
    }

    @Override
    public ContractKey contract() {
        return contract;
    }

    @Override
    public int quantity() {
        return quantity;
    }

    @Override
    public double entryPrice() {
        return entryPrice;
    }

    @Override
    public double mark() {
        return mark;
    }

    @Override
    public Double exitPrice() {
        return exitPrice;
    }

    void mark(double price) {
        this.mark = price;
    }

    void close(double price) {
        this.exitPrice = price;
        this.mark = price;
    }
}
