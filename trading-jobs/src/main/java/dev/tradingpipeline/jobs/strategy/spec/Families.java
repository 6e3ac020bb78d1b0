package dev.tradingpipeline.jobs.strategy.spec;

import static dev.tradingpipeline.jobs.strategy.api.OptionRight.CALL;
import static dev.tradingpipeline.jobs.strategy.api.OptionRight.PUT;
import static dev.tradingpipeline.jobs.strategy.spec.Side.LONG;
import static dev.tradingpipeline.jobs.strategy.spec.Side.SHORT;

import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The built-in strategy families as presets of legs, each tunable through a few parameters.
 *
 * <p>Parameters every family takes: {@code dte_min} (default 20), {@code dte_target} (30),
 * {@code dte_max} (45), {@code delta_band} (0.10). Then, per family (delta targets are absolute;
 * offsets are fractions of spot, 0 = at the money):
 * <ul>
 *   <li>{@code long_call}, {@code short_call}, {@code long_put}, {@code short_put}: {@code delta} (0.50)</li>
 *   <li>{@code cash_secured_put} (alias {@code put_write}; Cboe PUT): {@code offset} (0)</li>
 *   <li>{@code covered_call} (alias {@code buy_write}; Cboe BXM): long underlying, short call at {@code offset} (0)</li>
 *   <li>{@code protective_put}: long underlying, long put at {@code put_delta} (0.30)</li>
 *   <li>{@code collar}: long underlying, long put at {@code put_delta} (0.25), short call at {@code call_delta} (0.25)</li>
 *   <li>{@code straddle} (long) and {@code short_straddle}: call and put at {@code offset} (0)</li>
 *   <li>{@code strangle} (long) and {@code short_strangle}: call at {@code call_delta}, put at {@code put_delta} (0.25)</li>
 *   <li>{@code bull_call} (debit): long call {@code long_delta} (0.50), short call {@code short_delta} (0.30)</li>
 *   <li>{@code bear_call} (credit): short call {@code short_delta} (0.30), long call {@code long_delta} (0.15)</li>
 *   <li>{@code bull_put} (credit): short put {@code short_delta} (0.30), long put {@code long_delta} (0.15)</li>
 *   <li>{@code bear_put} (debit): long put {@code long_delta} (0.50), short put {@code short_delta} (0.30)</li>
 *   <li>{@code iron_condor} (Cboe CNDR): short put and call at {@code short_delta} (0.20), long wings at
 *       {@code wing_delta} (0.05)</li>
 *   <li>{@code iron_butterfly}: short straddle at the money, long wings {@code wing_offset} (0.05) away</li>
 *   <li>{@code call_butterfly}, {@code put_butterfly} (debit): long 1 at -{@code wing_offset}, short 2 at
 *       the money, long 1 at +{@code wing_offset} (0.05)</li>
 * </ul>
 * Legs are listed with the short (premium) leg first where there is one, so that "leg 1" in a note
 * is the leg a user thinks of first. Each parameter has the {@link LegBound} of the leg number it
 * sets, the same bound an explicit leg's number has.
 */
public final class Families {

    /** The DTE window of a family without {@code dte_*} parameters. */
    public static final DteRange DEFAULT_DTE = new DteRange(20, 45, 30);
    public static final double DEFAULT_DELTA_BAND = 0.10;

    private static final Map<String, LegBound> COMMON = Map.of("dte_min", LegBound.DAYS, "dte_target", LegBound.DAYS,
            "dte_max", LegBound.DAYS, "delta_band", LegBound.DELTA_BAND);

    /** A problem of a family's parameters: {@code key} names the parameter, or is null for the DTE window. */
    public record ParameterProblem(String key, String message) {
    }

    private record Family(Map<String, LegBound> keys, Function<Params, List<Leg>> legs) {
    }

    private static final Map<String, Family> FAMILIES = new TreeMap<>();

    static {
        single("long_call", CALL, LONG);
        single("short_call", CALL, SHORT);
        single("long_put", PUT, LONG);
        single("short_put", PUT, SHORT);
        Family putWrite = byOffset(Set.of("offset"), p -> List.of(p.atOffset(PUT, SHORT, 1, p.get("offset", 0))));
        FAMILIES.put("cash_secured_put", putWrite);
        FAMILIES.put("put_write", putWrite);
        Family buyWrite = byOffset(Set.of("offset"), p -> List.of(Leg.underlying(LONG, 1),
                p.atOffset(CALL, SHORT, 1, p.get("offset", 0))));
        FAMILIES.put("covered_call", buyWrite);
        FAMILIES.put("buy_write", buyWrite);
        FAMILIES.put("protective_put", byDelta(Set.of("put_delta"), p -> List.of(Leg.underlying(LONG, 1),
                p.atDelta(PUT, LONG, 1, p.get("put_delta", 0.30)))));
        FAMILIES.put("collar", byDelta(Set.of("put_delta", "call_delta"), p -> List.of(Leg.underlying(LONG, 1),
                p.atDelta(PUT, LONG, 1, p.get("put_delta", 0.25)),
                p.atDelta(CALL, SHORT, 1, p.get("call_delta", 0.25)))));
        straddle("straddle", LONG);
        straddle("short_straddle", SHORT);
        strangle("strangle", LONG);
        strangle("short_strangle", SHORT);
        vertical("bull_call", CALL, LONG, 0.50, 0.30);
        vertical("bear_call", CALL, SHORT, 0.15, 0.30);
        vertical("bull_put", PUT, SHORT, 0.15, 0.30);
        vertical("bear_put", PUT, LONG, 0.50, 0.30);
        FAMILIES.put("iron_condor", byDelta(Set.of("short_delta", "wing_delta"), p -> List.of(
                p.atDelta(PUT, SHORT, 1, p.get("short_delta", 0.20)),
                p.atDelta(CALL, SHORT, 1, p.get("short_delta", 0.20)),
                p.atDelta(PUT, LONG, 1, p.get("wing_delta", 0.05)),
                p.atDelta(CALL, LONG, 1, p.get("wing_delta", 0.05)))));
        FAMILIES.put("iron_butterfly", byOffset(Set.of("wing_offset"), p -> List.of(
                p.atOffset(PUT, SHORT, 1, 0),
                p.atOffset(CALL, SHORT, 1, 0),
                p.atOffset(PUT, LONG, 1, -p.get("wing_offset", 0.05)),
                p.atOffset(CALL, LONG, 1, p.get("wing_offset", 0.05)))));
        butterfly("call_butterfly", CALL);
        butterfly("put_butterfly", PUT);
    }

    private Families() {
    }

    /**
     * The legs of a family. Fails on an unknown family or parameter, naming it and what is known,
     * so that a typo in the configuration does not silently fall back to a default, and on
     * parameters out of their bounds, listing them all.
     */
    public static List<Leg> of(String family, Map<String, Double> params) {
        Map<String, LegBound> bounds = bounds(family);
        Map<String, Double> given = params == null ? Map.of() : params;
        for (String key : given.keySet()) {
            if (!bounds.containsKey(key)) {
                throw new IllegalArgumentException("strategy family '" + family + "' has no parameter '" + key
                        + "'; it takes " + bounds.keySet());
            }
        }
        List<ParameterProblem> problems = problems(family, given);
        if (!problems.isEmpty()) {
            List<String> lines = new ArrayList<>();
            problems.forEach(p -> lines.add((p.key() == null ? "" : p.key() + ": ") + p.message()));
            throw new IllegalArgumentException("strategy family '" + family + "': " + String.join("; ", lines));
        }
        return FAMILIES.get(family).legs().apply(new Params(given));
    }

    /** The parameters a family takes, the common ones included; fails on an unknown family. */
    public static Set<String> parameters(String family) {
        return bounds(family).keySet();
    }

    /** The parameters a family takes, each with its bound, by name; fails on an unknown family. */
    public static Map<String, LegBound> bounds(String family) {
        Family f = FAMILIES.get(family);
        if (f == null) {
            throw new IllegalArgumentException("unknown strategy family '" + family + "'; known: " + names());
        }
        Map<String, LegBound> all = new TreeMap<>(COMMON);
        all.putAll(f.keys());
        return Collections.unmodifiableMap(all);
    }

    /**
     * Every problem of a family's parameters, in the order given, then the DTE window they make
     * with the defaults (checked only when its numbers are days); parameters the family does not
     * take are skipped (they are {@link #of}'s and the configuration's to name).
     */
    public static List<ParameterProblem> problems(String family, Map<String, Double> params) {
        Map<String, LegBound> bounds = bounds(family);
        List<ParameterProblem> out = new ArrayList<>();
        params.forEach((key, value) -> {
            LegBound b = bounds.get(key);
            if (b != null && !b.accepts(value)) {
                out.add(new ParameterProblem(key, "expected " + b.expectation() + ", got " + format(value)));
            }
        });
        int[] dte = new int[3];
        String[] keys = {"dte_min", "dte_target", "dte_max"};
        int[] defaults = {DEFAULT_DTE.min(), DEFAULT_DTE.target(), DEFAULT_DTE.max()};
        Set<String> defaulted = new TreeSet<>();
        for (int i = 0; i < 3; i++) {
            Double v = params.get(keys[i]);
            if (v == null) {
                defaulted.add(keys[i]);
                dte[i] = defaults[i];
            } else if (LegBound.DAYS.accepts(v)) {
                dte[i] = (int) (double) v;
            } else {
                return out;
            }
        }
        String order = LegBound.dteOrderProblem("dte_", dte[0], dte[1], dte[2], defaulted);
        if (order != null) {
            out.add(new ParameterProblem(null, order));
        }
        return out;
    }

    /** 5 rather than 5.0, as config.yaml was written. */
    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                : java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    public static Set<String> names() {
        return new TreeSet<>(FAMILIES.keySet());
    }

    /** A family whose own parameters are delta targets. */
    private static Family byDelta(Set<String> keys, Function<Params, List<Leg>> legs) {
        return family(keys, LegBound.DELTA, legs);
    }

    /** A family whose own parameters are offsets from spot. */
    private static Family byOffset(Set<String> keys, Function<Params, List<Leg>> legs) {
        return family(keys, LegBound.OFFSET, legs);
    }

    private static Family family(Set<String> keys, LegBound bound, Function<Params, List<Leg>> legs) {
        Map<String, LegBound> bounds = new TreeMap<>();
        keys.forEach(k -> bounds.put(k, bound));
        return new Family(bounds, legs);
    }

    private static void single(String name, OptionRight right, Side side) {
        FAMILIES.put(name, byDelta(Set.of("delta"), p -> List.of(p.atDelta(right, side, 1, p.get("delta", 0.50)))));
    }

    private static void straddle(String name, Side side) {
        FAMILIES.put(name, byOffset(Set.of("offset"), p -> List.of(
                p.atOffset(PUT, side, 1, p.get("offset", 0)),
                p.atOffset(CALL, side, 1, p.get("offset", 0)))));
    }

    private static void strangle(String name, Side side) {
        FAMILIES.put(name, byDelta(Set.of("put_delta", "call_delta"), p -> List.of(
                p.atDelta(PUT, side, 1, p.get("put_delta", 0.25)),
                p.atDelta(CALL, side, 1, p.get("call_delta", 0.25)))));
    }

    /** Lists the short leg first for credit spreads, the long leg first for debit spreads. */
    private static void vertical(String name, OptionRight right, Side first, double longDelta, double shortDelta) {
        FAMILIES.put(name, byDelta(Set.of("long_delta", "short_delta"), p -> {
            Leg longLeg = p.atDelta(right, LONG, 1, p.get("long_delta", longDelta));
            Leg shortLeg = p.atDelta(right, SHORT, 1, p.get("short_delta", shortDelta));
            return first == LONG ? List.of(longLeg, shortLeg) : List.of(shortLeg, longLeg);
        }));
    }

    private static void butterfly(String name, OptionRight right) {
        FAMILIES.put(name, byOffset(Set.of("wing_offset"), p -> List.of(
                p.atOffset(right, LONG, 1, -p.get("wing_offset", 0.05)),
                p.atOffset(right, SHORT, 2, 0),
                p.atOffset(right, LONG, 1, p.get("wing_offset", 0.05)))));
    }

    /** The user's parameters with the family's defaults. */
    private static final class Params {
        private final Map<String, Double> values;

        Params(Map<String, Double> values) {
            this.values = values;
        }

        double get(String key, double fallback) {
            return values.getOrDefault(key, fallback);
        }

        DteRange dte() {
            return new DteRange((int) get("dte_min", DEFAULT_DTE.min()), (int) get("dte_max", DEFAULT_DTE.max()),
                    (int) get("dte_target", DEFAULT_DTE.target()));
        }

        Leg atDelta(OptionRight right, Side side, int ratio, double delta) {
            return Leg.option(right, side, ratio, dte(),
                    new StrikeSelection.ByDelta(delta, get("delta_band", DEFAULT_DELTA_BAND)));
        }

        Leg atOffset(OptionRight right, Side side, int ratio, double offset) {
            return Leg.option(right, side, ratio, dte(),
                    new StrikeSelection.ByMoneyness(offset, StrikeSelection.OffsetUnit.FRACTION));
        }
    }

    /** All legs of every family, for documentation and tests. */
    static Map<String, List<Leg>> defaults() {
        Map<String, List<Leg>> all = new TreeMap<>();
        for (String name : FAMILIES.keySet()) {
            all.put(name, new ArrayList<>(of(name, Map.of())));
        }
        return all;
    }
}
