package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.ContractKey;
import dev.tradingpipeline.jobs.strategy.api.Position;

/**
 * One leg of a finished (or, at the end of data, still open) position.
 *
 * @param contract the option, or null for the underlying
 * @param exitPrice the closing fill, the intrinsic value at settlement, or the last mark
 */
public record TradeLeg(ContractKey contract, int quantity, double entryPrice, double exitPrice) {

    /** "SPXW 2024-03-15 5000 P" or "underlying". */
    public String instrument() {
        return contract == null ? "underlying" : contract.describe();
    }

    /** Gross P&L of the leg: quantity x (exit - entry) x 100. */
    public double grossPnl() {
        return quantity * (exitPrice - entryPrice) * Position.MULTIPLIER;
    }
}
