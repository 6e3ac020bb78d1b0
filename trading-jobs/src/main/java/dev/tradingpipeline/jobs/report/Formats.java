package dev.tradingpipeline.jobs.report;

import java.math.BigDecimal;
import java.util.Locale;

/** How the report writes numbers: locale-independent, "n/a" for undefined figures. */
final class Formats {

    static final String UNDEFINED = "n/a";

    private Formats() {
    }

    /** 0.0512 -> "5.12%". */
    static String percent(double fraction) {
        return special(fraction) != null ? special(fraction) : noNegativeZero(String.format(Locale.ROOT, "%.2f%%",
                fraction * 100));
    }

    /** Sharpe, Sortino, Calmar, profit factor: "1.23". */
    static String ratio(double x) {
        return special(x) != null ? special(x) : noNegativeZero(String.format(Locale.ROOT, "%.2f", x));
    }

    /** Dollars: "-1,234.50". */
    static String money(double x) {
        return special(x) != null ? special(x) : noNegativeZero(String.format(Locale.ROOT, "%,.2f", x));
    }

    /** An option price: "1.25". */
    static String price(double x) {
        return special(x) != null ? special(x) : String.format(Locale.ROOT, "%.2f", x);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A parameter value without trailing zeros: 45.0 -> "45", 0.30 -> "0.3". */
    static String parameter(double x) {
        return special(x) != null ? special(x) : BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /** A value with a fixed number of decimals and grouping, for axis labels. */
    static String axis(double x, int decimals) {
        return noNegativeZero(String.format(Locale.ROOT, "%,." + decimals + "f", x));
    }

    private static String special(double x) {
        if (Double.isNaN(x)) {
            return UNDEFINED;
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "∞" : "-∞";
        }
        return null;
    }

    private static String noNegativeZero(String s) {
        return s.startsWith("-") && s.chars().noneMatch(c -> c >= '1' && c <= '9') ? s.substring(1) : s;
    }
}
