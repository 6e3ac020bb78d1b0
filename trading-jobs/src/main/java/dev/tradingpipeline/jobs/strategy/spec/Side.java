package dev.tradingpipeline.jobs.strategy.spec;

/** Long (bought) or short (sold); the sign turns a leg's ratio into a signed quantity. */
public enum Side {
    LONG(1),
    SHORT(-1);

    private final int sign;

    Side(int sign) {
        this.sign = sign;
    }

    public int sign() {
        return sign;
    }
}
