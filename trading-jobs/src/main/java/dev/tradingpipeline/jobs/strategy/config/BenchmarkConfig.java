package dev.tradingpipeline.jobs.strategy.config;

import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads a {@code benchmark:} key, in a strategy entry (or anywhere else that takes one, such as a
 * portfolio): either {@code benchmark: underlying} (buy-and-hold of the simulation's own
 * underlying) or {@code benchmark: {csv: put.csv, name: PUT}} (a series of {@code date,value}
 * rows; a relative path resolves like the configuration's other paths). Problems are recorded
 * with the key's path, like every other key, so that they are reported with the rest.
 */
public final class BenchmarkConfig {

    public static final String KEY = "benchmark";
    static final List<String> CSV_KEYS = List.of("csv", "name");
    private static final String FORMS = "underlying or {csv, name}";

    private BenchmarkConfig() {
    }

    /**
     * The benchmark of the mapping {@code m}; empty when it has none, or when it is bad (recorded).
     *
     * @param resolve a location as written to one the job can open, e.g. {@code TradingConfig::resolveLocation};
     *     it may throw {@link IllegalArgumentException} (an {@link java.nio.file.InvalidPathException}) for a bad path
     */
    static Optional<BenchmarkSpec> read(YamlMap m, UnaryOperator<String> resolve) {
        Object raw = m.raw(KEY);
        if (raw == null) {
            return Optional.empty();
        }
        String origin = m.problems().source() + ": " + m.path(KEY);
        if (raw instanceof Map) {
            YamlMap b = m.map(KEY).orElseThrow();
            int before = m.problems().count();
            b.rejectUnknown(CSV_KEYS);
            if (!b.has("csv")) {
                b.problem("csv", "required: the location of a CSV of date,value rows, e.g. csv: put.csv");
            }
            if (!b.has("name")) {
                b.problem("name", "required: the name tables and the report give the series, e.g. name: PUT");
            }
            Optional<String> csv = b.string("csv");
            Optional<String> name = b.string("name");
            if (m.problems().count() > before) {
                return Optional.empty();
            }
            String location;
            try {
                location = resolve.apply(csv.orElseThrow());
            } catch (IllegalArgumentException e) {
                b.problem("csv", "'" + csv.get() + "' is not a valid path: " + e.getMessage());
                return Optional.empty();
            }
            return Optional.of(new BenchmarkSpec(BenchmarkSpec.Kind.CSV, location, name.orElseThrow(), origin));
        }
        if (raw instanceof List) {
            m.problem(KEY, "expected " + FORMS + ", got a list");
            return Optional.empty();
        }
        String given = String.valueOf(raw).trim();
        if (given.toLowerCase(Locale.ROOT).equals("underlying")) {
            return Optional.of(new BenchmarkSpec(BenchmarkSpec.Kind.UNDERLYING, null, null, origin));
        }
        String hint = given.toLowerCase(Locale.ROOT).endsWith(".csv")
                ? " (a series needs a name too: write {csv: " + given + ", name: <name>})"
                : Hints.didYouMean(given, List.of("underlying"));
        m.problem(KEY, "expected " + FORMS + ", got '" + given + "'" + hint);
        return Optional.empty();
    }
}
