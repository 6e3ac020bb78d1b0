package dev.tradingpipeline.sample;

/**
 * What a vendor row shows besides the model price: the underlying's quotes, tick-rounded option
 * quotes whose spread widens for cheap and long-dated options, their sizes, sparse trading, open
 * interest, and the rare failed vendor calculation.
 */
final class MarketQuotes {

    /** Share of rows whose vendor calculation "failed": implied volatility and greeks are 0. */
    static final double CALC_FAILURE_RATE = 0.005;

    private MarketQuotes() {
    }

    /** Fills the underlying's columns of {@code row}: its symbol, quotes and active price. */
    static void underlying(OptionRow row, Underlying u, double spot, double spotEod) {
        row.symbol = u.symbolBytes();
        if (u.index()) { // no index licence: the vendor leaves the index bid/ask at 0
            row.uBid = row.uAsk = row.uBidEod = row.uAskEod = 0;
            row.activeUnderlying = spot;
        } else {
            long cents = Math.round(spot * 100);
            long centsEod = Math.round(spotEod * 100);
            row.uBid = (cents - 1) * 100;
            row.uAsk = (cents + 1) * 100;
            row.uBidEod = (centsEod - 1) * 100;
            row.uAskEod = (centsEod + 1) * 100;
            row.activeUnderlying = cents / 100.0;
        }
    }

    /** Fills the per-contract columns of {@code row} for a call or a put. */
    static void contract(OptionRow row, Underlying u, Rng rng, BlackScholes p, boolean call, double t,
            boolean nearTerm, double activity, double z, double dS) {
        row.type = call ? (byte) 'C' : (byte) 'P';
        double price = call ? p.call : p.put;
        double delta = call ? p.deltaCall : p.deltaPut;

        if (rng.uniform() < CALC_FAILURE_RATE) {
            row.iv = row.delta = row.gamma = row.theta = row.vega = row.rho = 0;
        } else {
            row.iv = p.iv;
            row.delta = delta;
            row.gamma = p.gamma;
            row.theta = call ? p.thetaCall : p.thetaPut;
            row.vega = p.vega;
            row.rho = call ? p.rhoCall : p.rhoPut;
        }

        double maxSize = 200 * u.liquidity();
        quote(u, price, t, rng, row, false);
        row.bidSize = row.bid == 0 ? 0 : 1 + (long) (cube(rng.uniform()) * maxSize);
        row.askSize = 1 + (long) (cube(rng.uniform()) * maxSize);

        // EOD: reprice for the 15:45 -> close move of the underlying with delta and gamma.
        double priceEod = Math.max(0, price + delta * dS + 0.5 * p.gamma * dS * dS);
        quote(u, priceEod, t, rng, row, true);
        row.bidSizeEod = row.bidEod == 0 ? 0 : 1 + (long) (cube(rng.uniform()) * maxSize);
        row.askSizeEod = 1 + (long) (cube(rng.uniform()) * maxSize);

        // Trading: likely near the money and near term, rare in the wings.
        double tradeProbability = 0.03 + 0.85 * activity * (nearTerm ? 1 : 0.5);
        if (rng.uniform() < tradeProbability) {
            row.volume = Math.max(1, Math.round(
                    StrictMath.exp(StrictMath.log(1 + 300 * u.liquidity() * activity) + rng.gaussian())));
            double open = price * StrictMath.exp(0.12 * rng.gaussian());
            double close = priceEod * StrictMath.exp(0.03 * rng.gaussian());
            long minTick = u.tick4(0);
            long open4 = Math.max(minTick, roundToTick(open, u.tick4(open)));
            long close4 = Math.max(minTick, roundToTick(close, u.tick4(close)));
            if (row.volume == 1) {
                row.open = row.high = row.low = row.close = open4;
                row.vwap = open4 / 1e4;
            } else {
                double high = Math.max(open, close) * (1 + 0.1 * rng.uniform());
                double low = Math.min(open, close) * (1 - 0.1 * rng.uniform());
                long tickHigh = u.tick4(high);
                long tickLow = u.tick4(low);
                long high4 = Math.max((long) Math.ceil(high * 1e4 / tickHigh) * tickHigh, Math.max(open4, close4));
                long low4 = Math.min(Math.max(minTick, (long) Math.floor(low * 1e4 / tickLow) * tickLow),
                        Math.min(open4, close4));
                row.open = open4;
                row.close = close4;
                row.high = high4;
                row.low = low4;
                row.vwap = (low4 + (high4 - low4) * rng.uniform()) / 1e4;
            }
        } else {
            row.volume = 0;
            row.open = row.high = row.low = row.close = 0;
            row.vwap = 0;
        }

        // Open interest spreads wider than daily volume.
        double oiMean = 2000 * u.liquidity() * StrictMath.exp(-0.125 * z * z);
        row.openInterest = (long) (oiMean * StrictMath.exp(0.8 * rng.gaussian() - 0.32));
    }

    /** Bid/ask in 1e-4 units around {@code price}: tick-rounded, ask > bid >= 0. */
    private static void quote(Underlying u, double price, double t, Rng rng, OptionRow row, boolean eod) {
        long tick = u.tick4(price);
        double tickD = tick / 1e4;
        long bid;
        long ask;
        if (price < tickD / 2) {
            // Worthless: no bid, a token offer.
            bid = 0;
            ask = tick * (1 + (long) (rng.uniform() * 3));
        } else {
            // Relative width grows with maturity, capped in dollars for deep in-the-money options;
            // the tick floor makes cheap options relatively wide.
            double relative = (u.index() || u.etf() ? 0.01 : 0.025) * (1 + Math.min(t, 1.5));
            double capDollars = u.index() ? 8.0 : 1.5;
            double width = tickD * (1 + rng.uniform()) + Math.min(price * relative, capDollars) * (0.75 + 0.5 * rng.uniform());
            bid = Math.max(0, (long) Math.floor((price - width / 2) / tickD) * tick);
            ask = (long) Math.ceil((price + width / 2) / tickD) * tick;
            if (ask <= bid) {
                ask = bid + tick;
            }
        }
        if (eod) {
            row.bidEod = bid;
            row.askEod = ask;
        } else {
            row.bid = bid;
            row.ask = ask;
        }
    }

    private static long roundToTick(double price, long tick4) {
        return Math.round(price * 1e4 / tick4) * tick4;
    }

    private static double cube(double x) {
        return x * x * x;
    }
}
