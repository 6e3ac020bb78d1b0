package dev.tradingpipeline.jobs.strategy.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Early assignment of short American options (see {@code EarlyAssignment}).
 *
 * @param extrinsicBelow a short in-the-money leg whose 15:45 extrinsic value (mid minus intrinsic)
 *     is below this, per share, is assigned; 0 turns assignment off
 * @param then what happens to the stock the assignment delivers
 * @param europeanRoots option roots never assigned early (index options are European); an
 *     underlying whose symbol starts with {@code ^} is an index, European whatever its root
 */
public record Assignment(double extrinsicBelow, Then then, Set<String> europeanRoots) implements Serializable {

    public enum Then {
        /** Sold (or bought back) at the day's close: the assignment ends that leg the same day. */
        CLOSE,
        /** Kept as an underlying leg, marked at the close, until the strategy closes the position. */
        HOLD
    }

    public static final double DEFAULT_EXTRINSIC_BELOW = 0.05;
    public static final List<String> DEFAULT_EUROPEAN_ROOTS = List.of("SPX", "SPXW", "NDX", "NDXP", "RUT", "RUTW",
            "VIX", "VIXW", "XSP", "DJX");
    public static final Assignment DEFAULT = new Assignment(DEFAULT_EXTRINSIC_BELOW, Then.CLOSE,
            Set.copyOf(DEFAULT_EUROPEAN_ROOTS));

    public Assignment {
        Objects.requireNonNull(then, "then");
        europeanRoots = Set.copyOf(europeanRoots);
        if (!(extrinsicBelow >= 0) || Double.isInfinite(extrinsicBelow)) {
            throw new IllegalArgumentException("assignment.extrinsic-below must be >= 0, got " + extrinsicBelow);
        }
    }

    /** Whether options of {@code root} on {@code underlying} can be exercised before expiry. */
    public boolean american(String underlying, String root) {
        return !underlying.startsWith("^") && !europeanRoots.contains(root);
    }

    /** Stable text for the run's config hash (a set's order is not). */
    @Override
    public String toString() {
        return "Assignment[extrinsicBelow=" + extrinsicBelow + ", then=" + then + ", europeanRoots="
                + new java.util.TreeSet<>(europeanRoots) + "]";
    }
}
