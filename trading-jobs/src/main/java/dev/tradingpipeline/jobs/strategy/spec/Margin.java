package dev.tradingpipeline.jobs.strategy.spec;


/**
 * How a strategy's positions are collateralised: {@code cash} ties up each position's worst value
 * at expiry ({@code Collateral}); {@code reg-t} ties up the Cboe/FINRA strategy-based requirement
 * ({@code RegTMargin}), recomputed at every close, with margin calls.
 */
public enum Margin {
    CASH,
    REG_T
}
