package dev.tradingpipeline.jobs.strategy.spec;

import java.util.Set;
import java.util.function.DoublePredicate;

/**
 * The bounds of a leg's numbers, defined once: config.yaml's explicit legs and the families'
 * parameters are both checked against these, so that a value refused in one is refused in the
 * other (a family's {@code delta_band: 7} as much as a leg's {@code band: 7}).
 */
public enum LegBound {
    /** A delta target, absolute (0.20 is a 20-delta put too); 0 would pick the furthest strike there is. */
    DELTA("an absolute delta in (0, 1]", d -> d > 0 && d <= 1),
    /** How far from the target a chosen contract's absolute delta may be. */
    DELTA_BAND("a band in [0, 1]", d -> d >= 0 && d <= 1),
    /** Days to expiry: min, target or max of a DTE window. */
    DAYS("a whole number of days >= 0", d -> d >= 0 && d <= Integer.MAX_VALUE && d == Math.rint(d)),
    /** A strike's offset from spot; any number (0 = at the money), as explicit legs have always taken. */
    OFFSET("a number", Double::isFinite);

    private final String expectation;
    private final DoublePredicate ok;

    LegBound(String expectation, DoublePredicate ok) {
        this.expectation = expectation;
        this.ok = ok;
    }

    public boolean accepts(double value) {
        return ok.test(value);
    }

    /** What a value must be, for messages: "expected " + this. */
    public String expectation() {
        return expectation;
    }

    /**
     * The problem of a DTE window, or null when {@code 0 <= min <= target <= max} (what
     * {@link DteRange} requires; each is a {@link #DAYS} already). Names are {@code prefix} + min,
     * target, max: {@code min} in a leg's {@code dte:}, {@code dte_min} in a family's parameters;
     * those in {@code defaulted} were not given, and the message says so.
     */
    public static String dteOrderProblem(String prefix, int min, int target, int max, Set<String> defaulted) {
        if (min <= target && target <= max) {
            return null;
        }
        String names = prefix + "min <= " + prefix + "target <= " + prefix + "max";
        return "expected " + names + ", got " + day(prefix + "min", min, defaulted) + ", "
                + day(prefix + "target", target, defaulted) + ", " + day(prefix + "max", max, defaulted);
    }

    private static String day(String name, int value, Set<String> defaulted) {
        return name + " " + value + (defaulted.contains(name) ? " (the default)" : "");
    }
}
