package dev.tradingpipeline.jobs.strategy.spec;

import java.io.Serializable;

/** Which expirations a leg may use: days to expiry within [min, max], the one nearest target preferred. */
public record DteRange(int min, int max, int target) implements Serializable {

    public DteRange {
        if (min < 0 || min > target || target > max) {
            throw new IllegalArgumentException(
                    "DTE range needs 0 <= min <= target <= max, got min " + min + ", target " + target + ", max " + max);
        }
    }

    public boolean contains(int dte) {
        return dte >= min && dte <= max;
    }

    @Override
    public String toString() {
        return min + "-" + max + " DTE";
    }
}
