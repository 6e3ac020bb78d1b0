package dev.tradingpipeline.jobs.strategy.api;

/** Call or put, with the vendor's one-letter code ({@code option_type} is {@code C} or {@code P}). */
public enum OptionRight {
    CALL("C"),
    PUT("P");

    private final String code;

    OptionRight(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Value at expiry of one share's worth of this option. */
    public double intrinsic(double strike, double underlyingPrice) {
        return this == CALL ? Math.max(underlyingPrice - strike, 0) : Math.max(strike - underlyingPrice, 0);
    }

    public static OptionRight fromCode(String code) {
        for (OptionRight r : values()) {
            if (r.code.equalsIgnoreCase(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("option_type must be C or P, got '" + code + "'");
    }
}
