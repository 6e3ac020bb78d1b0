package dev.tradingpipeline.jobs.strategy.api;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One contract on one day: the silver columns a backtest needs.
 *
 * @param delta1545 null when the vendor's implied volatility was 0 (greeks unknown, not zero)
 * @param iv1545 null for the same reason
 * @param underlyingPrice1545 {@code active_underlying_price_1545} for indexes (their bid/ask
 *     may be 0 without a licence), else the underlying's 15:45 mid
 * @param dte calendar days from {@code quoteDate} to {@code expiration}
 * @param deliveryCode silver's {@code delivery_code}: set for a non-standard deliverable (after a
 *     corporate action); null for a standard contract
 */
public record OptionQuote(
        String underlying,
        LocalDate quoteDate,
        String root,
        LocalDate expiration,
        double strike,
        OptionRight right,
        double bid1545,
        double ask1545,
        double bidEod,
        double askEod,
        Double delta1545,
        Double iv1545,
        double underlyingPrice1545,
        int dte,
        String deliveryCode) {

    public OptionQuote {
        Objects.requireNonNull(underlying, "underlying");
        Objects.requireNonNull(quoteDate, "quoteDate");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(right, "right");
        deliveryCode = deliveryCode == null || deliveryCode.isBlank() ? null : deliveryCode.trim();
    }

    /** A standard contract (no delivery code). */
    public OptionQuote(String underlying, LocalDate quoteDate, String root, LocalDate expiration, double strike,
            OptionRight right, double bid1545, double ask1545, double bidEod, double askEod, Double delta1545,
            Double iv1545, double underlyingPrice1545, int dte) {
        this(underlying, quoteDate, root, expiration, strike, right, bid1545, ask1545, bidEod, askEod, delta1545,
                iv1545, underlyingPrice1545, dte, null);
    }

    public ContractKey key() {
        return new ContractKey(root, expiration, strike, right);
    }

    public double mid1545() {
        return (bid1545 + ask1545) / 2;
    }

    public double midEod() {
        return (bidEod + askEod) / 2;
    }

    /** A contract nobody offers (ask 0) cannot be bought or sold at a meaningful price. */
    public boolean tradable1545() {
        return ask1545 > 0 && ask1545 >= bid1545;
    }
}
