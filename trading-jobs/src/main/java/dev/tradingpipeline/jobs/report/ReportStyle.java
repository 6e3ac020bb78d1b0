package dev.tradingpipeline.jobs.report;

/** The report's one inline style sheet. */
final class ReportStyle {

    private ReportStyle() {
    }

    static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
                   margin: 0 auto; padding: 16px 24px; max-width: 1200px; color: #1f2328; background: #fff; }
            h1 { margin: 0 0 4px; font-size: 1.6em; }
            h2 { margin-top: 32px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; font-size: 1.3em; }
            h3 { margin: 20px 0 8px; font-size: 1.05em; }
            .meta, .period, .note, .sweep-rank, footer { color: #57606a; }
            nav ul { list-style: none; padding: 0; margin: 8px 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
            a { color: #0969da; text-decoration: none; }
            table { border-collapse: collapse; font-size: 0.85em; margin: 8px 0; }
            th, td { border: 1px solid #d0d7de; padding: 3px 8px; }
            th { background: #f6f8fa; font-weight: 600; text-align: left; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.neg { color: #cf222e; }
            /* wide tables scroll sideways instead of running off the page */
            table.summary-table, table.sweep-ranking, table.sweep-heatmap, table.trades, table.monthly-returns {
                display: block; max-width: 100%; overflow-x: auto; }
            tr.summary-group th { background: #eef1f4; }
            tr.sweep-gap td { text-align: center; font-style: italic; color: #57606a; }
            tr.all th, tr.all td { font-weight: 600; }
            .heatmap td { text-align: right; font-variant-numeric: tabular-nums; min-width: 52px; }
            .heatmap td.empty { background: #fafbfc; }
            .year-cell { font-weight: 600; }
            td.legs { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.95em; }
            figure { margin: 8px 0; }
            svg.chart { max-width: 100%; height: auto; font-size: 11px; fill: #57606a; }
            svg .chart-title { font-size: 13px; font-weight: 600; fill: #1f2328; }
            svg .grid { stroke: #eaeef2; stroke-width: 1; }
            svg .grid.zero { stroke: #afb8c1; }
            svg .axis, svg .tick { stroke: #8c959f; stroke-width: 1; }
            svg .series { fill: none; stroke-width: 1.5; stroke-linejoin: round; }
            svg .series.strategy { stroke: #0969da; }
            svg .series.benchmark { stroke: #bc4c00; }
            svg .series.underwater { stroke: #cf222e; }
            svg .area.underwater { fill: #cf222e; fill-opacity: 0.2; stroke: none; }
            svg .bar { fill: #0969da; fill-opacity: 0.7; }
            svg line.mean { stroke: #1f2328; stroke-dasharray: 4 3; }
            svg .legend-label { fill: #1f2328; }
            svg .last-point { fill: #1f2328; }
            svg .value-label { fill: #1f2328; font-weight: 600; }
            @media print { nav { display: none; } section { break-inside: avoid-page; } }
            """;
}
