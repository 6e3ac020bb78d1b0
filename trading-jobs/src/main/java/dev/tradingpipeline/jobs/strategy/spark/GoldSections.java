package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.jobs.report.BenchmarkSection;
import dev.tradingpipeline.jobs.report.ConfidenceIntervals;
import dev.tradingpipeline.jobs.report.OutOfSampleSection;
import dev.tradingpipeline.jobs.report.PortfolioSection;
import dev.tradingpipeline.jobs.report.ReportSection;
import dev.tradingpipeline.jobs.statistics.StationaryBootstrap;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import dev.tradingpipeline.jobs.strategy.engine.SimulationStatistics;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;

/**
 * The report fragments of a run built from its gold rows alone, for {@link GoldRunReader}: per
 * simulation its bootstrap intervals and PSR ({@link ConfidenceIntervals}), its benchmark's figures
 * ({@link BenchmarkSection}) and, for a portfolio, its members and their correlations
 * ({@link PortfolioSection}); per out-of-sample check its in-sample against out-of-sample figures,
 * windows and scatter ({@link OutOfSampleSection}), with the sweep it checked (or with its series
 * when the checked entry is not a sweep).
 *
 * <p>The summary rows are those of GoldRunReader's query: task_id, strategy, underlying, parameters,
 * metrics, kind, statistics (the {@link GoldTables#STATISTICS} fields), benchmark (the
 * {@link GoldTables#BENCHMARK} fields), in_sample_sharpe, out_of_sample_sharpe, ruin_date. Windows
 * and members are rows of {@link GoldTables#WINDOWS_SCHEMA} and {@link GoldTables#PORTFOLIO_MEMBERS_SCHEMA}.
 */
final class GoldSections {

    static final String CONFIDENCE = "confidence-intervals";
    static final String BENCHMARK = "benchmark";
    static final String PORTFOLIO = "portfolio";
    static final String OUT_OF_SAMPLE = "out-of-sample";

    private static final Pattern CASH_RATE = Pattern.compile(", cashRate=([-+0-9.eE]+)");
    private static final Pattern MARGIN = Pattern.compile(", margin=(cash|reg-t), members=\\[");
    private static final String OOS_SPEC = "OutOfSample[of=";
    private static final String OOS_COMBINATIONS = ", combinations=[";

    private record Check(int taskId, String sweep, OutOfSampleSection.Model model) {
    }

    private final List<Row> summaries;
    private final List<Row> members;
    private final IntFunction<String> sweepOf;
    private final IntFunction<String> specOf;
    private final List<Check> checks = new ArrayList<>();

    /**
     * @param sweepOf a task's sweep (strategy_runs.sweep), or null
     * @param specOf a task's strategy_runs.spec, or null
     */
    GoldSections(List<Row> summaries, List<Row> windows, List<Row> members, IntFunction<String> sweepOf,
            IntFunction<String> specOf) {
        this.summaries = summaries;
        this.members = members;
        this.sweepOf = sweepOf;
        this.specOf = specOf;
        Map<String, List<Row>> bySeries = new LinkedHashMap<>();
        for (Row w : windows) {
            bySeries.computeIfAbsent(w.getInt(1) + "\u0000" + w.getString(3), k -> new ArrayList<>()).add(w);
        }
        bySeries.values().forEach(w -> {
            Check c = check(w);
            if (c != null) {
                checks.add(c);
            }
        });
    }

    /** The fragments of one simulation's tear sheet, from its summary row. */
    List<ReportSection> ofSimulation(Row r) {
        List<ReportSection> out = new ArrayList<>();
        SimulationStatistics statistics = statistics(r.getStruct(6));
        if (statistics != null) {
            out.add(ReportSection.of(CONFIDENCE, "Confidence intervals",
                    ConfidenceIntervals.fragment(GoldRunReader.summary(r.getStruct(4)), statistics)));
        }
        BenchmarkSection.Model benchmark = benchmark(r.getStruct(7));
        if (benchmark != null) {
            out.add(ReportSection.of(BENCHMARK, "Benchmark", BenchmarkSection.fragment(benchmark)));
        }
        if (GoldTables.KIND_PORTFOLIO.equals(r.getString(5))) {
            PortfolioSection.Model portfolio = portfolio(r);
            if (portfolio != null) {
                out.add(ReportSection.of(PORTFOLIO, PortfolioSection.title(portfolio),
                        PortfolioSection.fragment(portfolio)));
            }
        }
        return out;
    }

    /** The out-of-sample checks of the sweep's grid points, numbered in the run's order. */
    List<ReportSection> ofSweep(String sweep) {
        List<ReportSection> out = new ArrayList<>();
        for (Check c : checks) {
            if (sweep.equals(c.sweep())) {
                out.add(ReportSection.of(OUT_OF_SAMPLE + "-" + (out.size() + 1), OutOfSampleSection.title(c.model()),
                        OutOfSampleSection.fragment(c.model())));
            }
        }
        return out;
    }

    /** The checks of no sweep among {@code sweeps}, by their series' task id. */
    Map<Integer, List<ReportSection>> ofSeries(Set<String> sweeps) {
        Map<Integer, List<ReportSection>> out = new HashMap<>();
        for (Check c : checks) {
            if (c.sweep() == null || !sweeps.contains(c.sweep())) {
                List<ReportSection> of = out.computeIfAbsent(c.taskId(), k -> new ArrayList<>());
                of.add(ReportSection.of(OUT_OF_SAMPLE + "-" + (of.size() + 1), OutOfSampleSection.title(c.model()),
                        OutOfSampleSection.fragment(c.model())));
            }
        }
        return out;
    }

    /**
     * The yearly cash rate of each task: a simulation's from its spec's {@code cashRate=}; an
     * out-of-sample series' that of the combination its first window chose (the combinations of a
     * check share it); a portfolio's its members' weighted by their shares, as {@link PortfolioJob}
     * computes the account's Sharpe ratio. Tasks it cannot tell are left out (the report takes 0).
     */
    static Map<Integer, Double> cashRates(Map<Integer, String> specs, List<Row> windows, List<Row> members) {
        Map<Integer, Double> rates = new HashMap<>();
        specs.forEach((task, spec) -> {
            Double rate = cashRate(spec);
            if (rate != null) {
                rates.put(task, rate);
            }
        });
        for (Row w : windows) {
            if (!w.isNullAt(10) && rates.containsKey(w.getInt(10))) {
                rates.putIfAbsent(w.getInt(1), rates.get(w.getInt(10)));
            }
        }
        Map<Integer, Double> portfolios = new HashMap<>();
        Set<Integer> unknown = new java.util.HashSet<>();
        for (Row m : members) {
            Double rate = rates.get(m.getInt(3));
            if (rate == null || m.isNullAt(6)) {
                unknown.add(m.getInt(1));
            } else {
                portfolios.merge(m.getInt(1), m.getDouble(6) * rate, Double::sum);
            }
        }
        portfolios.forEach((task, rate) -> {
            if (!unknown.contains(task)) {
                rates.putIfAbsent(task, rate);
            }
        });
        return rates;
    }

    /** The {@code cashRate=} of a simulation's spec text; null for any other text. */
    static Double cashRate(String spec) {
        if (spec == null || !spec.startsWith("StrategySpec[")) {
            return null;
        }
        Matcher m = CASH_RATE.matcher(spec);
        if (!m.find()) {
            return null;
        }
        try {
            double rate = Double.parseDouble(m.group(1));
            return Double.isFinite(rate) ? rate : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A {@link GoldTables#STATISTICS} row as the report states it; null when the simulation has
     * none (a portfolio) or its row predates the bootstrap's seed and mean block.
     */
    static SimulationStatistics statistics(Row s) {
        if (s == null || s.isNullAt(7) || s.isNullAt(8) || s.isNullAt(9)) {
            return null;
        }
        return new SimulationStatistics(orNaN(s, 0), new StationaryBootstrap.Result(s.getInt(7), s.getLong(8),
                s.getDouble(9), new StationaryBootstrap.Interval(orNaN(s, 1), orNaN(s, 2)),
                new StationaryBootstrap.Interval(orNaN(s, 3), orNaN(s, 4)),
                new StationaryBootstrap.Interval(orNaN(s, 5), orNaN(s, 6))));
    }

    /** A {@link GoldTables#BENCHMARK} row; null without a benchmark. */
    static BenchmarkSection.Model benchmark(Row b) {
        if (b == null || b.isNullAt(0)) {
            return null;
        }
        String name = b.getString(0);
        return new BenchmarkSection.Model(name, name.endsWith(BenchmarkSpec.BUY_AND_HOLD), orNaN(b, 1), orNaN(b, 2),
                orNaN(b, 3), orNaN(b, 4), orNaN(b, 5), b.isNullAt(6) ? 0 : b.getInt(6));
    }

    /**
     * The portfolio of a summary row from its members' rows, in the order of their task ids then
     * underlyings. The capital is the members' summed capital (what the account started with); the
     * count of dates over margin is the members' rows' {@code over_margin_days} (0 for a run written
     * before the column existed).
     */
    private PortfolioSection.Model portfolio(Row r) {
        int task = r.getInt(0);
        List<Row> rows = members.stream().filter(m -> m.getInt(1) == task)
                .sorted(java.util.Comparator.<Row>comparingInt(m -> m.getInt(3)).thenComparing(m -> m.getString(5)))
                .toList();
        if (rows.isEmpty()) {
            return null;
        }
        List<PortfolioSection.Member> out = new ArrayList<>();
        double capital = 0;
        for (Row m : rows) {
            capital += orNaN(m, 7);
            out.add(new PortfolioSection.Member(m.getString(4) + "/" + m.getString(5), orNaN(m, 6), orNaN(m, 7),
                    orNaN(m, 8), orNaN(m, 9), orNaN(m, 10), m.isNullAt(11) ? Map.of() : m.<String, Double>getJavaMap(11)));
        }
        SimulationSummary metrics = GoldRunReader.summary(r.getStruct(4));
        int overMarginDays = rows.get(0).isNullAt(12) ? 0 : rows.get(0).getInt(12);
        return new PortfolioSection.Model(r.getString(1), capital, margin(specOf.apply(task)), metrics.totalReturn(),
                out, overMarginDays, r.isNullAt(10) ? null : r.<LocalDate>getAs(10));
    }

    /** The margin rule of a portfolio's spec text ({@code PortfolioJob.describe}); "n/a" when it does not say. */
    static String margin(String spec) {
        Matcher m = spec == null ? null : MARGIN.matcher(spec);
        return m != null && m.find() ? m.group(1) : "n/a";
    }

    /** Index of a summary row's in-sample figures of an out-of-sample series ({@code in_sample}). */
    private static final int IN_SAMPLE = 11;

    /** Index of gold.walk_forward_windows' {@code skipped}: why a check was not made (null when it was). */
    private static final int SKIPPED = 16;

    /** One check's section from its series' windows (one row for an in-sample split, or for a check not made). */
    private Check check(List<Row> windows) {
        Row first = windows.get(0);
        if (first.size() > SKIPPED && !first.isNullAt(SKIPPED)) {
            return skipped(first);
        }
        int task = first.getInt(1);
        String underlying = first.getString(3);
        Row series = summaries.stream().filter(s -> s.getInt(0) == task && underlying.equals(s.getString(2)))
                .findFirst().orElse(null);
        if (series == null) {
            return null;
        }
        boolean walkForward = GoldTables.KIND_WALK_FORWARD.equals(series.getString(5));
        String sweep = first.isNullAt(10) ? null : sweepOf.apply(first.getInt(10));
        String[] nameAndMethod = nameAndMethod(specOf.apply(task), sweep);
        List<OutOfSampleSection.Window> rows = new ArrayList<>();
        List<OutOfSampleSection.Point> points = new ArrayList<>();
        for (Row w : windows) {
            String selected = w.isNullAt(10) ? "n/a" : nameOf(w.getInt(10), underlying);
            rows.add(new OutOfSampleSection.Window(w.getInt(4), w.<LocalDate>getAs(5), w.<LocalDate>getAs(6),
                    w.<LocalDate>getAs(7), w.<LocalDate>getAs(8), selected, orNaN(w, 12), orNaN(w, 13), orNaN(w, 14),
                    orNaN(w, 15)));
            if (walkForward) {
                points.add(new OutOfSampleSection.Point("window " + w.getInt(4) + " (" + selected + ")", orNaN(w, 13),
                        orNaN(w, 14)));
            }
        }
        if (!walkForward) {
            // the check's combinations: the grid points of the chosen one's sweep (or it alone)
            int chosen = first.isNullAt(10) ? -1 : first.getInt(10);
            for (Row s : summaries) {
                int t = s.getInt(0);
                boolean combination = sweep == null ? t == chosen : sweep.equals(sweepOf.apply(t));
                if (combination && underlying.equals(s.getString(2)) && !(s.isNullAt(8) && s.isNullAt(9))) {
                    points.add(new OutOfSampleSection.Point(s.getString(1), orNaN(s, 8), orNaN(s, 9)));
                }
            }
        }
        SimulationSummary outOfSample = GoldRunReader.summary(series.getStruct(4));
        // every in-sample figure where gold has them (in_sample); runs of an earlier version kept the Sharpe only
        boolean full = series.size() > IN_SAMPLE && !series.isNullAt(IN_SAMPLE);
        SimulationSummary inSample = full ? GoldRunReader.summary(series.getStruct(IN_SAMPLE))
                : new SimulationSummary(Double.NaN, Double.NaN, Double.NaN, orNaN(series, 8), Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN);
        String only = full ? "" : "; gold keeps its Sharpe ratio only";
        String inSampleLabel = walkForward
                ? "the combination best with hindsight over the same days" + only
                : rows.get(0).selected() + ", in sample (" + rows.get(0).trainStart() + " to " + rows.get(0).trainEnd()
                        + ")" + only;
        return new Check(task, sweep, new OutOfSampleSection.Model(nameAndMethod[0], underlying, nameAndMethod[1],
                inSampleLabel, inSample, series.getString(1), outOfSample, first.getString(9), rows,
                walkForward ? "window" : "combination", points, null));
    }

    /**
     * A check that was not made (no series, no window): with its sweep's sections, or, for a
     * strategy of no sweep, with that strategy's own entry; saying why.
     */
    private Check skipped(Row r) {
        String name = r.getString(2);
        String strategy = name.contains("[") ? name.substring(0, name.lastIndexOf('[')) : name;
        Integer checked = r.isNullAt(10) ? null : r.getInt(10);
        String sweep = checked == null ? null : sweepOf.apply(checked);
        return new Check(checked == null ? r.getInt(1) : checked, sweep, new OutOfSampleSection.Model(strategy,
                r.getString(3), "select-by " + r.getString(9), null, null, null, null, r.getString(9), List.of(),
                null, List.of(), r.getString(SKIPPED)));
    }

    /** A task's strategy name on the underlying (or on any), or "task n". */
    private String nameOf(int task, String underlying) {
        String any = null;
        for (Row s : summaries) {
            if (s.getInt(0) == task) {
                if (underlying.equals(s.getString(2))) {
                    return s.getString(1);
                }
                any = s.getString(1);
            }
        }
        return any != null ? any : "task " + task;
    }

    /**
     * The checked entry's name and the check's description from its series' spec text
     * ({@code OutOfSample[of=<name>, <description>, combinations=[...], ...]}).
     */
    static String[] nameAndMethod(String spec, String sweep) {
        if (spec == null || !spec.startsWith(OOS_SPEC) || !spec.contains(OOS_COMBINATIONS)) {
            return new String[] {sweep != null ? sweep : "n/a", null};
        }
        String head = spec.substring(OOS_SPEC.length(), spec.lastIndexOf(OOS_COMBINATIONS));
        if (sweep != null && head.startsWith(sweep + ", ")) {
            return new String[] {sweep, head.substring(sweep.length() + 2)};
        }
        int comma = head.indexOf(", ");
        return comma < 0 ? new String[] {head, null} : new String[] {head.substring(0, comma), head.substring(comma + 2)};
    }

    private static double orNaN(Row r, int i) {
        return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }
}
