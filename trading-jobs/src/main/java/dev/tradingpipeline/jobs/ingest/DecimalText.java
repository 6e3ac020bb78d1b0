package dev.tradingpipeline.jobs.ingest;

/**
 * Parses the plain decimals vendors print ({@code 12.3450}, {@code -0.0512}) several times faster
 * than {@link Double#parseDouble}, with the same result to the bit.
 *
 * <p>With at most 15 significant digits, the digits form an integer m below 2^53 and the value is
 * m / 10^k for k fraction digits, k at most 22. Both are exact doubles, and IEEE division rounds
 * correctly, so m / 10^k is the double nearest the decimal: what {@code parseDouble} returns.
 * Anything else (exponents, more digits, junk) goes to {@code parseDouble}, which also gives the
 * errors.
 */
final class DecimalText {

    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private DecimalText() {
    }

    /** The double a decimal text stands for; NumberFormatException as from parseDouble. */
    static double parse(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (mantissa != 0 || c != '0') {
                    digits++;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                }
                if (digits > 15 || fraction > 22) {
                    return Double.parseDouble(s);
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.parseDouble(s);
            }
        }
        int start = negative || (n > 0 && s.charAt(0) == '+') ? 1 : 0;
        boolean noDigits = n == start || (n == start + 1 && fraction == 0);
        if (noDigits) {
            return Double.parseDouble(s);
        }
        double value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
        return negative ? -value : value;
    }
}
