package dev.tradingpipeline.jobs.strategy.engine;

import java.io.Serializable;
import java.util.Objects;

/**
 * What a simulation is compared with: the buy-and-hold of its own underlying, or a series the
 * user supplies as a CSV of {@code date,value} (a published index history such as Cboe's PUT or
 * BXM). Read from config.yaml's {@code benchmark:} by
 * {@code dev.tradingpipeline.jobs.strategy.config.BenchmarkConfig}.
 *
 * @param csv the series' location, resolved (a local path or a URI such as s3://); null for the underlying
 * @param name the series' name as tables and the report show it; null for the underlying (named after it)
 * @param origin where it was configured, for messages, e.g. {@code config.yaml: strategies[2].benchmark};
 *     null when built in code
 */
public record BenchmarkSpec(Kind kind, String csv, String name, String origin) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How the name of an underlying's buy-and-hold ends: {@code ^SPX buy-and-hold}. */
    public static final String BUY_AND_HOLD = " buy-and-hold";

    public enum Kind { UNDERLYING, CSV }

    public BenchmarkSpec {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.CSV && (csv == null || csv.isBlank() || name == null || name.isBlank())) {
            throw new IllegalArgumentException("a CSV benchmark needs a location and a name");
        }
        if (kind == Kind.UNDERLYING) {
            csv = null;
            name = null;
        }
    }

    public static BenchmarkSpec underlying() {
        return new BenchmarkSpec(Kind.UNDERLYING, null, null, null);
    }

    public static BenchmarkSpec csv(String location, String name) {
        return new BenchmarkSpec(Kind.CSV, location, name, null);
    }

    /** The name stored in {@code gold.strategy_summary.benchmark} for a simulation on {@code underlying}. */
    public String nameFor(String underlying) {
        return kind == Kind.UNDERLYING ? underlying + BUY_AND_HOLD : name;
    }

    /** What it is, without where it was configured: part of a run's spec text (and config hash). */
    public String describe() {
        return kind == Kind.UNDERLYING ? "underlying" : "csv=" + csv + " name=" + name;
    }

    /** How messages name it: where it was configured, else its description. */
    public String where() {
        return origin != null ? origin : "benchmark " + describe();
    }
}
