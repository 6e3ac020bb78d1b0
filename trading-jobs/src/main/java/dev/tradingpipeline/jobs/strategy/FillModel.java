package dev.tradingpipeline.jobs.strategy;

/** At which price an order trades within the 15:45 bid/ask. */
public enum FillModel {
    /** The midpoint: optimistic for wide markets, the usual research default. */
    MID,
    /** The far side: buy at the ask, sell at the bid; a pessimistic bound. */
    FAR;

    public double price(OptionQuote quote, boolean buying) {
        return switch (this) {
            case MID -> quote.mid1545();
            case FAR -> buying ? quote.ask1545() : quote.bid1545();
        };
    }
}
