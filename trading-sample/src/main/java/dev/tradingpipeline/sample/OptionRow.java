package dev.tradingpipeline.sample;

/**
 * Mutable values of the row being written, reused from row to row; prices in 1e-4 units where
 * declared long, strikes in thousandths.
 */
final class OptionRow {
    byte[] symbol;
    byte[] quoteDate;
    byte[] root;
    byte[] expiration;
    long strikeMilli;
    byte type;
    long open;
    long high;
    long low;
    long close;
    long volume;
    long bidSize;
    long bid;
    long askSize;
    long ask;
    long uBid;
    long uAsk;
    double impliedUnderlying;
    double activeUnderlying;
    double iv;
    double delta;
    double gamma;
    double theta;
    double vega;
    double rho;
    long bidSizeEod;
    long bidEod;
    long askSizeEod;
    long askEod;
    long uBidEod;
    long uAskEod;
    double vwap;
    long openInterest;
}
