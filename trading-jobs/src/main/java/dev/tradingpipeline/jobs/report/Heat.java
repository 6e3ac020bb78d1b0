package dev.tradingpipeline.jobs.report;

import java.util.Locale;

/** The colours of the heat maps: green for gains, red for losses, stronger with size. */
final class Heat {

    private Heat() {
    }

    /** Stronger as {@code |value|} nears {@code scale}; pale at 0 or when undefined. */
    static String colour(double value, double scale) {
        double t = scale <= 0 || !Double.isFinite(value) ? 0 : Math.min(1, Math.abs(value) / scale);
        int[] to = value >= 0 ? new int[] {26, 152, 80} : new int[] {215, 48, 39};
        double w = 0.12 + 0.6 * t;
        return String.format(Locale.ROOT, "rgb(%d,%d,%d)", mix(255, to[0], w), mix(255, to[1], w), mix(255, to[2], w));
    }

    private static int mix(int from, int to, double w) {
        return (int) Math.round(from + (to - from) * w);
    }
}
