package dev.tradingpipeline.jobs.strategy;

/**
 * One leg of an open position. Strategies read it; only the engine (same package) changes marks
 * and closes it.
 */
public final class PositionLeg {

    private final ContractKey contract;
    private final int quantity;
    private final double entryPrice;
    private double mark;
    private Double exitPrice;

    PositionLeg(ContractKey contract, int quantity, double entryPrice) {
        this.contract = contract;
        this.quantity = quantity;
        this.entryPrice = entryPrice;
        this.mark = entryPrice;
    }

    /** The option, or null for the underlying. */
    public ContractKey contract() {
        return contract;
    }

    public boolean isOption() {
        return contract != null;
    }

    public int quantity() {
        return quantity;
    }

    public double entryPrice() {
        return entryPrice;
    }

    /** Last end-of-day mark (the entry price until the first mark). */
    public double mark() {
        return mark;
    }

    public boolean isClosed() {
        return exitPrice != null;
    }

    /** Null while open. */
    public Double exitPrice() {
        return exitPrice;
    }

    /** Cash value of the leg at a per-share price: quantity x price x 100. */
    public double valueAt(double price) {
        return quantity * price * Position.MULTIPLIER;
    }

    void mark(double price) {
        this.mark = price;
    }

    void close(double price) {
        this.exitPrice = price;
        this.mark = price;
    }
}
