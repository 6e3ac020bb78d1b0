package dev.tradingpipeline.sample;

/**
 * Black-Scholes-Merton prices and greeks for one strike (call and put share d1/d2), reused from
 * strike to strike: {@link #price} sets the fields.
 */
final class BlackScholes {

    /** Risk-free rate used for pricing. */
    static final double RATE = 0.05;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    double iv;
    double call;
    double put;
    double deltaCall;
    double deltaPut;
    double gamma;
    double thetaCall;
    double thetaPut;
    double vega;
    double rhoCall;
    double rhoPut;

    /**
     * Theta is per calendar day, vega per volatility point (0.01), rho per rate point (1 %).
     */
    void price(double spot, double strike, double t, double sqrtT, double dfR, double dfQ,
            double forward, double logMoneyness, double vol, double q) {
        double sd = vol * sqrtT;
        double d1 = (-logMoneyness + 0.5 * sd * sd) / sd;
        double d2 = d1 - sd;
        double e1 = StrictMath.exp(-0.5 * d1 * d1);
        double e2 = StrictMath.exp(-0.5 * d2 * d2);
        double tail1 = normalTail(Math.abs(d1), e1);
        double tail2 = normalTail(Math.abs(d2), e2);
        double nd1 = d1 > 0 ? 1 - tail1 : tail1;   // N(d1)
        double nmd1 = d1 > 0 ? tail1 : 1 - tail1;  // N(-d1)
        double nd2 = d2 > 0 ? 1 - tail2 : tail2;
        double nmd2 = d2 > 0 ? tail2 : 1 - tail2;
        double pdf1 = e1 * INV_SQRT_2PI;
        double sq = spot * dfQ;
        double kr = strike * dfR;
        iv = vol;
        call = Math.max(0, sq * nd1 - kr * nd2);
        put = Math.max(0, kr * nmd2 - sq * nmd1);
        deltaCall = dfQ * nd1;
        deltaPut = -dfQ * nmd1;
        gamma = dfQ * pdf1 / (spot * sd);
        vega = sq * pdf1 * sqrtT / 100;
        double decay = -sq * pdf1 * vol / (2 * sqrtT);
        thetaCall = (decay - RATE * kr * nd2 + q * sq * nd1) / 365;
        thetaPut = (decay + RATE * kr * nmd2 - q * sq * nmd1) / 365;
        rhoCall = kr * t * nd2 / 100;
        rhoPut = -kr * t * nmd2 / 100;
    }

    /**
     * Upper tail P(Z > x) of the standard normal for x >= 0, given exp(-x^2/2): Hart's (1968)
     * double-precision rational approximation as published by West (2005).
     */
    static double normalTail(double x, double expHalfSq) {
        if (x > 37) {
            return 0;
        }
        if (x < 7.07106781186547) {
            double n = 3.52624965998911E-02 * x + 0.700383064443688;
            n = n * x + 6.37396220353165;
            n = n * x + 33.912866078383;
            n = n * x + 112.079291497871;
            n = n * x + 221.213596169931;
            n = n * x + 220.206867912376;
            double d = 8.83883476483184E-02 * x + 1.75566716318264;
            d = d * x + 16.064177579207;
            d = d * x + 86.7807322029461;
            d = d * x + 296.564248779674;
            d = d * x + 637.333633378831;
            d = d * x + 793.826512519948;
            d = d * x + 440.413735824752;
            return expHalfSq * n / d;
        }
        double b = x + 0.65;
        b = x + 4 / b;
        b = x + 3 / b;
        b = x + 2 / b;
        b = x + 1 / b;
        return expHalfSq / b / 2.506628274631;
    }
}
