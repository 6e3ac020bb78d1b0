package dev.tradingpipeline.jobs.report;

import java.util.List;
import java.util.Objects;

/**
 * The runs of one strategy family over a grid of parameters, e.g. delta x DTE.
 *
 * @param rowParameter the parameter down the heat map's rows; every entry must carry it
 * @param columnParameter the parameter across the heat map's columns; every entry must carry it
 * @param entries every combination (the report ranks them all, and draws a tear sheet for the best few)
 * @param sections fragments rendered at the end of the sweep's section (an in-sample against
 *     out-of-sample scatter, ...)
 */
public record Sweep(String family, String rowParameter, String columnParameter, List<ReportEntry> entries,
        List<ReportSection> sections) {

    public Sweep {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(rowParameter, "rowParameter");
        Objects.requireNonNull(columnParameter, "columnParameter");
        entries = List.copyOf(entries);
        sections = sections == null ? List.of() : List.copyOf(sections);
        for (ReportEntry e : entries) {
            for (String p : List.of(rowParameter, columnParameter)) {
                if (!e.parameters().containsKey(p)) {
                    throw new IllegalArgumentException("sweep '" + family + "': entry " + e.strategy() + " on "
                            + e.underlying() + " has no parameter '" + p + "' (has " + e.parameters().keySet() + ")");
                }
            }
        }
    }

    public Sweep(String family, String rowParameter, String columnParameter, List<ReportEntry> entries) {
        this(family, rowParameter, columnParameter, entries, List.of());
    }

    /** Replaces the fragments shown at the end of the sweep's section. */
    public Sweep withSections(List<ReportSection> extra) {
        return new Sweep(family, rowParameter, columnParameter, entries, extra);
    }
}
