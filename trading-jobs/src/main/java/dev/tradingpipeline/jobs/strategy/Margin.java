package dev.tradingpipeline.jobs.strategy;

/**
 * How a strategy's positions are collateralised: {@code cash} ties up each position's worst value
 * at expiry ({@link Collateral}); {@code reg-t} ties up the Cboe/FINRA strategy-based requirement
 * ({@link RegTMargin}), recomputed at every close, with margin calls.
 */
public enum Margin {
    CASH,
    REG_T
}
