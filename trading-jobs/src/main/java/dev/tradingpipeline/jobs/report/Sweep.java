package dev.tradingpipeline.jobs.report;

import java.util.List;
import java.util.Objects;

/**
 * The runs of one strategy family over a grid of two parameters, e.g. delta x DTE.
 *
 * @param rowParameter the parameter down the heat map's rows; every entry must carry it
 * @param columnParameter the parameter across the heat map's columns; every entry must carry it
 */
public record Sweep(String family, String rowParameter, String columnParameter, List<ReportEntry> entries) {

    public Sweep {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(rowParameter, "rowParameter");
        Objects.requireNonNull(columnParameter, "columnParameter");
        entries = List.copyOf(entries);
        for (ReportEntry e : entries) {
            for (String p : List.of(rowParameter, columnParameter)) {
                if (!e.parameters().containsKey(p)) {
                    throw new IllegalArgumentException("sweep '" + family + "': entry " + e.strategy() + " on "
                            + e.underlying() + " has no parameter '" + p + "' (has " + e.parameters().keySet() + ")");
                }
            }
        }
    }
}
