package dev.tradingpipeline.jobs.strategy.api;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One option contract of an underlying: the natural key of a silver row without its date and
 * underlying. The root matters: SPX and SPXW list the same expirations and strikes.
 */
public record ContractKey(String root, LocalDate expiration, double strike, OptionRight right) {

    public ContractKey {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(right, "right");
    }

    /** Example: {@code SPXW 2024-03-15 5000 P}. */
    public String describe() {
        String k = strike == Math.rint(strike) ? String.valueOf((long) strike) : String.valueOf(strike);
        return root + " " + expiration + " " + k + " " + right.code();
    }
}
