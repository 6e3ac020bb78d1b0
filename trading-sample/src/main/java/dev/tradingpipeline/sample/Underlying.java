package dev.tradingpipeline.sample;

import static dev.tradingpipeline.sample.CsvWriter.asciiBytes;

/**
 * Static description of an underlying: its option roots, reference spot and volatility,
 * dividend yield, liquidity and smile shape, its strike spacing and quote tick; see {@link #of}.
 */
record Underlying(String symbol, byte[] symbolBytes, boolean index, boolean etf,
        byte[] monthlyRoot, byte[] weeklyRoot, String rootKey, String weeklyRootKey,
        double spot0, double vol, double dividendYield, double liquidity,
        double skew, double curvature, double termSlope, long hash) {

    /** Expirations longer than this use the wider "far" strike increment. */
    private static final long FAR_DTE = 70;

    static Underlying of(String symbol) {
        boolean index = symbol.startsWith("^");
        String root = index ? symbol.substring(1) : symbol;
        // Index weeklies trade under a separate root (SPX monthlies vs SPXW weeklies).
        String weeklyRoot = index ? root + "W" : root;
        long hash = Rng.fnv1a(symbol);
        double spot;
        double vol;
        double q;
        double liquidity;
        boolean etf = false;
        switch (symbol) {
            case "^SPX": spot = 4700; vol = 0.15; q = 0.015; liquidity = 4; break;
            case "^NDX": spot = 16800; vol = 0.19; q = 0.008; liquidity = 2; break;
            case "^RUT": spot = 2000; vol = 0.21; q = 0.013; liquidity = 1.5; break;
            case "SPY": spot = 470; vol = 0.16; q = 0.013; liquidity = 4; etf = true; break;
            case "QQQ": spot = 405; vol = 0.20; q = 0.006; liquidity = 3; etf = true; break;
            case "IWM": spot = 200; vol = 0.21; q = 0.013; liquidity = 2.5; etf = true; break;
            case "AAPL": spot = 185; vol = 0.25; q = 0.005; liquidity = 2.5; break;
            case "MSFT": spot = 370; vol = 0.27; q = 0.008; liquidity = 1.5; break;
            case "NVDA": spot = 480; vol = 0.45; q = 0.0003; liquidity = 2.5; break;
            case "AMZN": spot = 150; vol = 0.33; q = 0; liquidity = 2; break;
            case "GOOGL": spot = 140; vol = 0.30; q = 0; liquidity = 1.5; break;
            case "META": spot = 350; vol = 0.38; q = 0; liquidity = 1.5; break;
            case "TSLA": spot = 250; vol = 0.55; q = 0; liquidity = 3; break;
            default: {
                // Unknown symbol: stable defaults from its hash, spot around 100.
                double h1 = Rng.unit(Rng.mix64(hash ^ 0x1L));
                double h2 = Rng.unit(Rng.mix64(hash ^ 0x2L));
                spot = Math.round(100 * StrictMath.exp(0.6 * h1 - 0.3) * 100) / 100.0;
                vol = index ? 0.15 + 0.05 * h2 : 0.25 + 0.20 * h2;
                q = index ? 0.015 : 0.005;
                liquidity = 1;
            }
        }
        double skew = index ? 0.9 : etf ? 0.8 : 0.35;
        double curvature = index || etf ? 0.5 : 0.8;
        double termSlope = index || etf ? 0.15 : 0.0;
        return new Underlying(symbol, asciiBytes(symbol), index, etf, asciiBytes(root), asciiBytes(weeklyRoot),
                root, weeklyRoot, spot, vol, q, liquidity, skew, curvature, termSlope, hash);
    }

    /** Strike spacing in thousandths, from the price level and days to expiration. */
    long strikeIncrementMilli(double spot, long dte) {
        boolean far = dte > FAR_DTE;
        if (index && spot >= 1000) {
            return far ? 25_000 : 5_000;
        }
        if (etf) {
            return far ? 5_000 : 1_000;
        }
        long near = spot < 25 ? 500 : spot < 50 ? 1_000 : spot < 200 ? 2_500 : 5_000;
        if (!far) {
            return near;
        }
        return near == 500 ? 1_000 : near == 1_000 ? 2_500 : near * 2;
    }

    /** Correlation of the symbol's daily moves with the shared market factor. */
    double marketCorrelation() {
        return index || etf ? 0.97 : 0.6;
    }

    /** Quote tick in 1e-4 units for an option price. */
    long tick4(double price) {
        if (index) {
            return price < 3 ? 500 : 1_000;
        }
        if (etf) {
            return 100;
        }
        return price < 3 ? 100 : 500;
    }
}
