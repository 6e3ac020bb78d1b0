package dev.tradingpipeline.jobs.strategy.api;

/**
 * One leg of an opening order.
 *
 * @param contract the option, or null for the underlying
 * @param quantity signed: contracts (or 100-share units of the underlying), long &gt; 0
 */
public record LegOrder(ContractKey contract, int quantity) {

    public LegOrder {
        if (quantity == 0) {
            throw new IllegalArgumentException("a leg order needs a non-zero quantity");
        }
    }

    public static LegOrder underlying(int quantity) {
        return new LegOrder(null, quantity);
    }
}
