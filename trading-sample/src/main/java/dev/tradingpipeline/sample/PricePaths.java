package dev.tradingpipeline.sample;

/**
 * The underlyings' spot paths: a geometric Brownian motion at 15:45 per trading day, and the small
 * move from 15:45 to the close. Shocks mix a market factor shared by all symbols with the symbol's
 * own noise, so ^SPX and SPY move together.
 */
final class PricePaths {

    private static final long SALT_START = 0x5EED0001L;
    private static final long SALT_SPOT = 0x5EED0002L;
    private static final long SALT_CLOSE = 0x5EED0004L;

    private PricePaths() {
    }

    /**
     * GBM spot at 15:45 for trading days 0..days-1. Day 0 is the symbol's reference spot nudged
     * by a seed-dependent shock; day k only uses the draws of days 0..k.
     */
    static double[] spotPath(long seed, Underlying u, int days) {
        double[] path = new double[days];
        double dt = 1.0 / 252;
        double drift = (0.07 - 0.5 * u.vol() * u.vol()) * dt;
        double diffusion = u.vol() * Math.sqrt(dt);
        double s = u.spot0() * StrictMath.exp(0.02 * shock(seed, SALT_START, u, 0));
        for (int k = 0; k < days; k++) {
            if (k > 0) {
                s *= StrictMath.exp(drift + diffusion * shock(seed, SALT_SPOT, u, k));
            }
            path[k] = s;
        }
        return path;
    }

    /** The spot at the close of trading day {@code k}, from its 15:45 spot. */
    static double closeSpot(long seed, Underlying u, int k, double spot) {
        return spot * StrictMath.exp(0.0015 * shock(seed, SALT_CLOSE, u, k));
    }

    /** A standard normal shock for (salt, day) correlated with the market through u's beta. */
    private static double shock(long seed, long salt, Underlying u, int k) {
        double market = new Rng(Rng.mix(seed, salt, 0, k)).gaussian();
        double own = new Rng(Rng.mix(seed, salt, u.hash(), k)).gaussian();
        double rho = u.marketCorrelation();
        return rho * market + Math.sqrt(1 - rho * rho) * own;
    }
}
