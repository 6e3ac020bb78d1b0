package dev.tradingpipeline.jobs.strategy.spark;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The strategy runs in the gold tables, newest first, as {@code mvn trading:report} lists them.
 *
 * @param runs at most the number asked for
 * @param total every run in {@code gold.strategy_runs}
 */
public record RunListing(List<Run> runs, long total) {

    /** Strategy names a line spells out before it counts the rest. */
    static final int NAMES_SHOWN = 3;

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * One run.
     *
     * @param strategies the configured entries it ran (a sweep once, by its entry's name), sorted
     * @param simulations its rows in {@code gold.strategy_summary}
     * @param bestSharpe the highest defined Sharpe ratio among them, or null when none is defined
     * @param best "strategy on underlying" of the best Sharpe ratio, or null
     * @param costUsd what the run cost on EMR Serverless ({@code strategy_runs.cost_usd}), or null
     */
    public record Run(String runId, Instant startedAt, List<String> strategies, long simulations, Double bestSharpe,
            String best, java.math.BigDecimal costUsd) {
        public Run {
            strategies = List.copyOf(strategies);
        }

        /** A run without a recorded cost. */
        public Run(String runId, Instant startedAt, List<String> strategies, long simulations, Double bestSharpe,
                String best) {
            this(runId, startedAt, strategies, simulations, bestSharpe, best, null);
        }

        /** {@code <id>  2024-06-03 14:05 UTC  2 strategies (a, b)  12 simulations  best Sharpe 1.23 (a on ^SPX)}, then {@code  cost $0.0628} on EMR. */
        public String line() {
            StringBuilder b = new StringBuilder(runId).append("  ")
                    .append(startedAt == null ? "start unknown" : STARTED.format(startedAt)).append("  ")
                    .append(strategies.size()).append(strategies.size() == 1 ? " strategy (" : " strategies (")
                    .append(String.join(", ", strategies.subList(0, Math.min(NAMES_SHOWN, strategies.size()))));
            if (strategies.size() > NAMES_SHOWN) {
                b.append(", +").append(strategies.size() - NAMES_SHOWN).append(" more");
            }
            b.append(")  ").append(String.format(Locale.ROOT, "%,d", simulations))
                    .append(simulations == 1 ? " simulation  " : " simulations  ");
            if (bestSharpe == null) {
                b.append("no defined Sharpe ratio");
            } else {
                b.append(String.format(Locale.ROOT, "best Sharpe %.2f", bestSharpe)).append(" (").append(best)
                        .append(')');
            }
            if (costUsd != null) {
                b.append("  cost $").append(costUsd.setScale(4, java.math.RoundingMode.HALF_UP).toPlainString());
            }
            return b.toString();
        }
    }

    public RunListing {
        runs = List.copyOf(runs);
    }

    /** The summary lines: a heading, one line per run, and how many more there are. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (total == 0) {
            lines.add("no strategy run in gold.strategy_runs yet: run -Dmode=strategy first");
            return lines;
        }
        lines.add(total + (total == 1 ? " strategy run" : " strategy runs") + " in gold.strategy_runs, newest first"
                + " (id, start, strategies, simulations, best Sharpe):");
        runs.forEach(r -> lines.add(r.line()));
        if (total > runs.size()) {
            lines.add("... " + (total - runs.size()) + " older run(s) not shown");
        }
        lines.add("re-render one: mvn trading:report -Dtrading.report.run-id=<id> (the job: --mode report --run-id <id>)");
        return lines;
    }
}
