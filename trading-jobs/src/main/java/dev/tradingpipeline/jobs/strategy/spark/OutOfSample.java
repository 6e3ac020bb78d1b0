package dev.tradingpipeline.jobs.strategy.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import dev.tradingpipeline.jobs.strategy.engine.Conventions;
import dev.tradingpipeline.jobs.strategy.engine.DailyRow;
import dev.tradingpipeline.jobs.strategy.engine.Evaluation;
import dev.tradingpipeline.jobs.strategy.engine.Metrics;
import dev.tradingpipeline.jobs.strategy.engine.SettlementStyles;
import dev.tradingpipeline.jobs.strategy.engine.SimulationStatistics;
import dev.tradingpipeline.jobs.strategy.engine.SimulationSummary;
import dev.tradingpipeline.jobs.strategy.engine.WalkForward.Choice;
import dev.tradingpipeline.jobs.strategy.engine.WalkForward.Combinations;
import dev.tradingpipeline.jobs.strategy.engine.WalkForward;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The out-of-sample checks of a strategy run, between its simulations and its commits.
 *
 * <p>From the first pass it collects only each checked combination's daily equity (a compact
 * matrix: a date and a double per simulation-day) and chooses on the driver ({@link WalkForward}).
 * A walk-forward then re-runs the chosen combination of each window over that test window, flat
 * and with the starting capital, in a second pass over silver; an in-sample split needs no re-run,
 * its out-of-sample part being the days after the split of the chosen combination's own continuous
 * run. The pieces are stitched into one series per check and underlying ({@link WalkForward#stitch}),
 * whose days, trades, summary, windows and run rows this returns for the job to append. The
 * per-window runs themselves are not written to gold: the stitched series holds their days and
 * trades, and {@code gold.walk_forward_windows} their figures.
 */
final class OutOfSample {

    private static final Logger LOG = LoggerFactory.getLogger(OutOfSample.class);

    /**
     * One configured entry to check.
     *
     * @param name the entry's name; the series is named {@code <name>[walk-forward]} or {@code <name>[out-of-sample]}
     * @param taskIds the task ids of its combinations (one without a sweep), in the sweep's order:
     *     ties in the selection go to the first
     */
    record Check(String name, Evaluation evaluation, List<Integer> taskIds) {

        Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(evaluation, "evaluation");
            taskIds = List.copyOf(taskIds);
            if (taskIds.isEmpty()) {
                throw new IllegalArgumentException("check of '" + name + "' has no task");
            }
        }
    }

    /** What the checks add to the run; closing it releases the second pass. */
    static final class Outcome implements AutoCloseable {
        static final Outcome NONE = new Outcome(Map.of(), List.of(), List.of(), null, null, null, List.of(), null);

        private final Map<String, Double[]> sharpes;
        private final List<StrategyJob.SummaryLine> summaries;
        private final List<StrategyJob.RunLine> runs;
        private final Dataset<Row> trades;
        private final Dataset<Row> daily;
        private final Dataset<Row> windows;
        private final List<OutOfSampleSeries> series;
        private final StrategyJob.Pass second;

        private Outcome(Map<String, Double[]> sharpes, List<StrategyJob.SummaryLine> summaries,
                List<StrategyJob.RunLine> runs, Dataset<Row> trades, Dataset<Row> daily, Dataset<Row> windows,
                List<OutOfSampleSeries> series, StrategyJob.Pass second) {
            this.sharpes = sharpes;
            this.summaries = summaries;
            this.runs = runs;
            this.trades = trades;
            this.daily = daily;
            this.windows = windows;
            this.series = series;
            this.second = second;
        }

        /** {in-sample, out-of-sample} Sharpe of a configured simulation; nulls when not measured. */
        Double[] sharpes(int taskId, String underlying) {
            return sharpes.getOrDefault(key(taskId, underlying), new Double[2]);
        }

        List<StrategyJob.SummaryLine> summaries() {
            return summaries;
        }

        List<StrategyJob.RunLine> runs() {
            return runs;
        }

        /** Gold rows of the derived series; null when there are none. */
        Dataset<Row> trades() {
            return trades;
        }

        Dataset<Row> daily() {
            return daily;
        }

        Dataset<Row> windows() {
            return windows;
        }

        List<OutOfSampleSeries> series() {
            return series;
        }

        @Override
        public void close() {
            if (second != null) {
                second.close();
            }
        }
    }

    /** A piece of the series: days of one simulation of a pass from a date on, and the equity they grew from. */
    private record Piece(boolean secondPass, int taskId, String underlying, LocalDate from, double base) {
    }

    /** One check on one underlying, from the choice to the stitched series. */
    private static final class Plan {
        final Check check;
        final int derivedTaskId;
        final String underlying;
        final List<Integer> combos;
        final Combinations matrix;
        final String kind;
        final List<Choice> choices = new ArrayList<>();
        final List<Piece> pieces = new ArrayList<>();
        Choice hindsight;

        Plan(Check check, int derivedTaskId, String underlying, List<Integer> combos, Combinations matrix) {
            this.check = check;
            this.derivedTaskId = derivedTaskId;
            this.underlying = underlying;
            this.combos = combos;
            this.matrix = matrix;
            this.kind = check.evaluation().isWalkForward() ? GoldTables.KIND_WALK_FORWARD : GoldTables.KIND_OUT_OF_SAMPLE;
        }

        String name() {
            return check.name() + "[" + kind + "]";
        }

        LocalDate day(int index) {
            return matrix.days().get(index);
        }
    }

    private static final StructType PIECES = DataTypes.createStructType(List.of(
            DataTypes.createStructField("p_task", DataTypes.IntegerType, false),
            DataTypes.createStructField("p_underlying", DataTypes.StringType, false),
            DataTypes.createStructField("p_from", DataTypes.DateType, false),
            DataTypes.createStructField("p_task_id", DataTypes.IntegerType, false),
            DataTypes.createStructField("p_strategy", DataTypes.StringType, false),
            DataTypes.createStructField("p_offset", DataTypes.LongType, false)));

    private final SparkSession spark;
    private final StrategyJob job;
    /** A gold.walk_forward_windows row per skipped check and underlying: the report says why it was not checked. */
    private final List<Row> skippedRows = new ArrayList<>();
    private final SettlementStyles settlement;

    OutOfSample(SparkSession spark, StrategyJob job, SettlementStyles settlement) {
        this.spark = spark;
        this.job = job;
        this.settlement = settlement;
    }

    /**
     * @param first the configured tasks' pass
     * @param firstDerivedTaskId the series of check i get task id {@code firstDerivedTaskId + i}
     */
    Outcome run(String runId, StrategyJob.Pass first, List<StrategyTask> tasks, List<Check> checks,
            int firstDerivedTaskId) {
        if (checks.isEmpty()) {
            return Outcome.NONE;
        }
        Map<String, double[]> equity = equity(first, checks);
        List<OutOfSampleSeries> series = new ArrayList<>();
        List<Plan> plans = new ArrayList<>();
        List<StrategyTask> windowTasks = new ArrayList<>();
        Map<String, Double[]> sharpes = new HashMap<>();

        for (int ci = 0; ci < checks.size(); ci++) {
            Check check = checks.get(ci);
            StrategySpec base = tasks.get(check.taskIds().get(0)).spec();
            for (String u : base.underlyings()) {
                List<Integer> combos = check.taskIds().stream().filter(id -> equity.containsKey(dateKey(id, u)))
                        .toList();
                String kind = check.evaluation().isWalkForward() ? GoldTables.KIND_WALK_FORWARD
                        : GoldTables.KIND_OUT_OF_SAMPLE;
                if (combos.isEmpty()) {
                    series.add(OutOfSampleSeries.skipped(check.name(), u, check.evaluation(), kind,
                            "no silver data within its dates"));
                    skippedRows.add(skippedRow(runId, firstDerivedTaskId + ci, check, kind, u,
                            check.taskIds().get(0), "no silver data within its dates"));
                    continue;
                }
                Plan plan = new Plan(check, firstDerivedTaskId + ci, u, combos,
                        matrix(equity, combos, u, base.sizing().capital(), base.cashRate()));
                String skipped = check.evaluation().isWalkForward() ? walkForward(plan, tasks, windowTasks)
                        : inSample(plan, sharpes);
                if (skipped != null) {
                    LOG.warn("Out-of-sample check of {} on {} skipped: {}", check.name(), u, skipped);
                    series.add(OutOfSampleSeries.skipped(check.name(), u, check.evaluation(), kind, skipped));
                    skippedRows.add(skippedRow(runId, plan.derivedTaskId, check, kind, u, combos.get(0), skipped));
                } else {
                    plans.add(plan);
                }
            }
        }

        StrategyJob.Pass second = windowTasks.isEmpty() ? null : job.simulate(windowTasks, settlement);
        try {
            return stitch(runId, first, second, tasks, plans, series, sharpes);
        } catch (RuntimeException e) {
            if (second != null) {
                second.close();
            }
            throw e;
        }
    }

    /**
     * In-sample split: the best combination on the days up to the split; every combination's
     * Sharpe ratio on both sides; the series is the chosen one's own run after the split.
     */
    private static String inSample(Plan plan, Map<String, Double[]> sharpes) {
        Combinations c = plan.matrix;
        Evaluation e = plan.check.evaluation();
        WalkForward.Window split = WalkForward.split(c.days(), e.inSampleEnd());
        if (split == null) {
            return c.days().get(0).isAfter(e.inSampleEnd()) ? "no in-sample day: the data starts on "
                    + c.days().get(0) + ", after the in-sample end " + e.inSampleEnd()
                    : "no out-of-sample day: the data ends on " + c.days().get(c.days().size() - 1)
                            + ", on or before the in-sample end " + e.inSampleEnd();
        }
        Choice choice = WalkForward.choose(c, split, split.trainFrom(), split.trainTo(), e.selectBy());
        plan.choices.add(choice);
        for (int i = 0; i < c.size(); i++) {
            double[] eq = c.equity()[i];
            sharpes.put(key(plan.combos.get(i), plan.underlying), new Double[] {
                nullIfNaN(WalkForward.over(eq, split.trainFrom(), split.trainTo(), c.capital(), c.cashRate()).sharpe()),
                nullIfNaN(WalkForward.over(eq, split.testFrom(), split.testTo(), c.capital(), c.cashRate()).sharpe())});
        }
        double base = c.equity()[choice.selected()][split.trainTo()];
        if (!(base > 0)) {
            return "the combination chosen in sample was ruined in sample";
        }
        plan.pieces.add(new Piece(false, plan.combos.get(choice.selected()), plan.underlying,
                plan.day(split.testFrom()), base));
        return null;
    }

    /** Walk-forward: a choice per window and a re-run of the chosen combination over each test window. */
    private static String walkForward(Plan plan, List<StrategyTask> tasks, List<StrategyTask> windowTasks) {
        Combinations c = plan.matrix;
        Evaluation e = plan.check.evaluation();
        List<Choice> choices = WalkForward.walkForward(c, e);
        if (choices.isEmpty()) {
            return c.days().size() + " trading day(s) from " + c.days().get(0) + " to "
                    + c.days().get(c.days().size() - 1) + ": no test window after a full training window of "
                    + e.train();
        }
        plan.choices.addAll(choices);
        for (Choice choice : choices) {
            StrategyTask chosen = tasks.get(plan.combos.get(choice.selected()));
            StrategySpec s = chosen.spec();
            LocalDate from = plan.day(choice.window().testFrom());
            LocalDate to = plan.day(choice.window().testTo());
            StrategySpec window = new StrategySpec(s.name(), List.of(plan.underlying), from, to, s.legs(), s.entry(),
                    s.exits(), s.fills(), s.sizing(), s.cashRate(), s.parameters(), s.assignment(), s.universe());
            plan.pieces.add(new Piece(true, windowTasks.size(), plan.underlying, from, c.capital()));
            windowTasks.add(new StrategyTask(window, chosen.strategyClass()));
        }
        // the in-sample side of the comparison: the best over the same days, with hindsight
        plan.hindsight = WalkForward.choose(c, null, choices.get(0).window().testFrom(),
                choices.get(choices.size() - 1).window().testTo(), e.selectBy());
        return null;
    }

    private Outcome stitch(String runId, StrategyJob.Pass first, StrategyJob.Pass second, List<StrategyTask> tasks,
            List<Plan> plans, List<OutOfSampleSeries> series, Map<String, Double[]> sharpes) {
        Map<String, Segment> secondPieces = second == null ? Map.of() : segments(second.results(), null);
        Map<String, TaskSummary> secondSummaries = new HashMap<>();
        if (second != null) {
            second.summaries().forEach(s -> secondSummaries.put(key(s.taskId(), s.underlying()), s));
        }
        List<StrategyJob.SummaryLine> summaryLines = new ArrayList<>();
        List<StrategyJob.RunLine> runLines = new ArrayList<>();
        List<Row> dailyRows = new ArrayList<>();
        List<Row> windowRows = new ArrayList<>();
        List<Row> firstPieces = new ArrayList<>();
        List<Row> secondPieceRows = new ArrayList<>();

        for (Plan plan : plans) {
            Combinations c = plan.matrix;
            List<WalkForward.Segment> segments = new ArrayList<>();
            List<Segment> sources = new ArrayList<>();
            for (Piece p : plan.pieces) {
                Segment s = p.secondPass() ? secondPieces.get(key(p.taskId(), p.underlying()))
                        : segments(first.results().filter(col("task_id").equalTo(p.taskId())
                                .and(col("underlying").equalTo(p.underlying()))), p.from()).get(key(p.taskId(),
                                p.underlying()));
                if (s == null) {
                    s = new Segment(List.of(), new long[0], new LocalDate[0], new double[0], 0, 0);
                }
                List<DailyRow> rows = s.daily().stream().filter(d -> !d.date().isBefore(p.from())).toList();
                segments.add(new WalkForward.Segment(p.base(), rows));
                sources.add(s);
            }
            WalkForward.Stitched stitched = WalkForward.stitch(c.capital(), segments);
            if (stitched.daily().isEmpty()) {
                series.add(OutOfSampleSeries.skipped(plan.check.name(), plan.underlying, plan.check.evaluation(),
                        plan.kind, "the out-of-sample runs have no day"));
                skippedRows.add(skippedRow(runId, plan.derivedTaskId, plan.check, plan.kind, plan.underlying,
                        plan.combos.get(0), "the out-of-sample runs have no day"));
                continue;
            }
            LocalDate lastDay = stitched.daily().get(stitched.daily().size() - 1).date();

            // the pieces up to the last stitched day, their trades renumbered after the pieces before
            List<Double> pnls = new ArrayList<>();
            long offset = 0;
            int notes = 0;
            int stale = 0;
            int used = 0;
            for (int k = 0; k < plan.pieces.size(); k++) {
                Piece p = plan.pieces.get(k);
                if (p.from().isAfter(lastDay)) {
                    break;
                }
                used++;
                Segment s = sources.get(k);
                long maxId = 0;
                for (int t = 0; t < s.positionIds().length; t++) {
                    if (!s.entryDates()[t].isBefore(p.from())) {
                        pnls.add(s.pnls()[t]);
                        maxId = Math.max(maxId, s.positionIds()[t]);
                    }
                }
                Row piece = RowFactory.create(p.taskId(), p.underlying(), p.from(), plan.derivedTaskId, plan.name(),
                        offset);
                (p.secondPass() ? secondPieceRows : firstPieces).add(piece);
                offset += maxId;
                notes += s.noteCount();
                // a count per run: for an in-sample split, that of the chosen combination's whole run
                stale += s.staleMarkContracts();
            }
            double[] eq = stitched.daily().stream().mapToDouble(DailyRow::equity).toArray();
            double[] exposure = stitched.daily().stream().mapToDouble(DailyRow::exposure).toArray();
            SimulationSummary metrics = Metrics.summarize(c.capital(), eq, exposure,
                    pnls.stream().mapToDouble(Double::doubleValue).toArray(), c.cashRate());
            Choice only = plan.choices.get(0);
            Map<String, Double> parameters = plan.check.evaluation().isWalkForward() ? Map.of()
                    : tasks.get(plan.combos.get(only.selected())).spec().parameters();
            TaskSummary summary = new TaskSummary(plan.derivedTaskId, plan.name(), plan.underlying, parameters,
                    stitched.daily().get(0).date(), lastDay, metrics, notes, stitched.ruinDate(), stale,
                    SimulationStatistics.of(c.capital(), eq, c.cashRate(), job.bootstrap()), null, null);
            for (DailyRow d : stitched.daily()) {
                dailyRows.add(byName(GoldTables.DAILY_SCHEMA, Map.of("run_id", runId, "task_id", plan.derivedTaskId,
                        "strategy", plan.name(), "underlying", plan.underlying, "date", d.date(), "equity", d.equity(),
                        "cash", d.cash(), "exposure", d.exposure(), "daily_pnl", d.dailyPnl(),
                        "drawdown", d.drawdown())));
            }

            List<OutOfSampleSeries.Window> windows = new ArrayList<>();
            SimulationSummary inSample;
            String inSampleLabel;
            if (plan.check.evaluation().isWalkForward()) {
                for (int k = 0; k < used; k++) {
                    Choice choice = plan.choices.get(k);
                    TaskSummary test = secondSummaries.get(key(plan.pieces.get(k).taskId(), plan.underlying));
                    windows.add(window(plan, tasks, choice, lastDay,
                            test == null ? Double.NaN : test.metrics().sharpe(),
                            test == null ? Double.NaN : test.metrics().totalReturn()));
                }
                inSample = plan.hindsight.selectedTrain();
                inSampleLabel = tasks.get(plan.combos.get(plan.hindsight.selected())).spec().name()
                        + ", the best with hindsight over the same days";
            } else {
                windows.add(window(plan, tasks, only, lastDay, metrics.sharpe(), metrics.totalReturn()));
                inSample = only.selectedTrain();
                inSampleLabel = tasks.get(plan.combos.get(only.selected())).spec().name() + ", in sample ("
                        + plan.day(only.window().trainFrom()) + " to " + plan.day(only.window().trainTo()) + ")";
            }
            for (OutOfSampleSeries.Window w : windows) {
                windowRows.add(RowFactory.create(runId, plan.derivedTaskId, plan.name(), plan.underlying, w.number(),
                        w.trainStart(), w.trainEnd(), w.testStart(), w.testEnd(), plan.check.evaluation().selectBy().key(),
                        w.selectedTaskId(), w.selectedParameters(), nullIfNaN(w.trainMetric()),
                        nullIfNaN(w.trainSharpe()), nullIfNaN(w.testSharpe()), nullIfNaN(w.testReturn()), null));
            }
            List<OutOfSampleSeries.Combination> combinations = new ArrayList<>();
            if (!plan.check.evaluation().isWalkForward()) {
                for (int id : plan.combos) {
                    Double[] s = sharpes.get(key(id, plan.underlying));
                    combinations.add(new OutOfSampleSeries.Combination(id, tasks.get(id).spec().name(),
                            s[0] == null ? Double.NaN : s[0], s[1] == null ? Double.NaN : s[1]));
                }
            }
            summaryLines.add(new StrategyJob.SummaryLine(summary, plan.kind, nullIfNaN(inSample.sharpe()),
                    nullIfNaN(metrics.sharpe()), inSample));
            StrategyTask source = tasks.get(plan.combos.get(0));
            runLines.add(new StrategyJob.RunLine(plan.derivedTaskId, plan.name(), plan.underlying, source.className(),
                    parameters, describe(plan, windows), summary.dataStart(), lastDay, plan.kind, null, null,
                    conventions(source.spec(), plan.check.evaluation())));
            series.add(new OutOfSampleSeries(plan.check.name(), plan.underlying, plan.check.evaluation(), plan.kind,
                    summary, inSampleLabel, inSample, windows, combinations, null));
        }

        Dataset<Row> trades = union(trades(runId, first.results(), firstPieces),
                second == null ? null : trades(runId, second.results(), secondPieceRows));
        Dataset<Row> daily = dailyRows.isEmpty() ? null : spark.createDataFrame(dailyRows, GoldTables.DAILY_SCHEMA);
        windowRows.addAll(skippedRows);
        Dataset<Row> windowTable = windowRows.isEmpty() ? null
                : spark.createDataFrame(windowRows, GoldTables.WINDOWS_SCHEMA);
        return new Outcome(sharpes, summaryLines, runLines, trades, daily, windowTable, series, second);
    }

    /**
     * The row of a check not made: no window, the check's select-by, its first combination as the
     * selected task (where the report shows it), and why.
     */
    private static Row skippedRow(String runId, int derivedTaskId, Check check, String kind, String underlying,
            int firstCombination, String why) {
        return RowFactory.create(runId, derivedTaskId, check.name() + "[" + kind + "]", underlying, null, null, null,
                null, null, check.evaluation().selectBy().key(), firstCombination, null, null, null, null, null, why);
    }

    /** A window's row; its test days end with the window or with the series (after a ruin). */
    private static OutOfSampleSeries.Window window(Plan plan, List<StrategyTask> tasks, Choice choice,
            LocalDate lastDay, double testSharpe, double testReturn) {
        WalkForward.Window w = choice.window();
        int selected = plan.combos.get(choice.selected());
        StrategySpec spec = tasks.get(selected).spec();
        boolean trained = w.trainDays() > 0;
        return new OutOfSampleSeries.Window(w.number(), trained ? plan.day(w.trainFrom()) : null,
                trained ? plan.day(w.trainTo()) : null, plan.day(w.testFrom()),
                plan.day(w.testTo()).isAfter(lastDay) ? lastDay : plan.day(w.testTo()), selected,
                spec.name(), spec.parameters(), choice.metric()[choice.selected()], choice.selectedTrain().sharpe(),
                testSharpe, testReturn);
    }

    /** The run row's {@code spec}: what was checked, how, and what each window chose. */
    private static String describe(Plan plan, List<OutOfSampleSeries.Window> windows) {
        StringBuilder b = new StringBuilder("OutOfSample[of=").append(plan.check.name()).append(", ")
                .append(plan.check.evaluation().describe()).append(", combinations=").append(plan.combos)
                .append(", selected=[");
        for (int i = 0; i < windows.size(); i++) {
            OutOfSampleSeries.Window w = windows.get(i);
            b.append(i == 0 ? "" : ", ").append(w.number()).append(": task ").append(w.selectedTaskId())
                    .append(" from ").append(w.testStart());
        }
        return b.append("]]").toString();
    }

    /**
     * The trades of the pieces, as rows of the derived series: joined to the pieces by simulation,
     * those entered from the piece's first day on, position ids shifted after the pieces before.
     */
    private Dataset<Row> trades(String runId, Dataset<Row> results, List<Row> pieces) {
        if (pieces.isEmpty()) {
            return null;
        }
        Dataset<Row> byPiece = functions.broadcast(spark.createDataFrame(pieces, PIECES));
        List<Column> cols = new ArrayList<>(List.of(lit(runId).as("run_id"), col("p_task_id").as("task_id"),
                col("p_strategy").as("strategy"), col("underlying")));
        for (StructField f : GoldTables.TRADE.fields()) {
            cols.add(f.name().equals("position_id") ? col("t.position_id").plus(col("p_offset")).as("position_id")
                    : col("t." + f.name()).as(f.name()));
        }
        return results.select(col("task_id"), col("underlying"), explode(col("trades")).as("t"))
                .join(byPiece, col("task_id").equalTo(col("p_task")).and(col("underlying").equalTo(col("p_underlying"))))
                .filter(col("t.entry_date").geq(col("p_from")))
                .select(cols.toArray(Column[]::new));
    }

    private static Dataset<Row> union(Dataset<Row> a, Dataset<Row> b) {
        return a == null ? b : b == null ? a : a.unionByName(b, true);
    }

    /**
     * Each checked simulation's end-of-day equity by date, keyed by task and underlying: the only
     * figures of the first pass the choice needs (collected: a date and a double per simulation-day).
     */
    private static Map<String, double[]> equity(StrategyJob.Pass first, List<Check> checks) {
        Set<Integer> ids = new LinkedHashSet<>();
        checks.forEach(c -> ids.addAll(c.taskIds()));
        Map<String, double[]> out = new HashMap<>();
        for (Row r : first.results().filter(col("task_id").isin(ids.toArray()))
                .select(col("task_id"), col("underlying"), col("daily.date"), col("daily.equity")).collectAsList()) {
            List<Object> dates = r.getList(2);
            List<Double> values = r.getList(3);
            double[] days = new double[dates.size()];
            double[] equity = new double[dates.size()];
            for (int i = 0; i < dates.size(); i++) {
                days[i] = ChainRows.toDate(dates.get(i)).toEpochDay();
                equity[i] = values.get(i);
            }
            out.put(dateKey(r.getInt(0), r.getString(1)), days);
            out.put(key(r.getInt(0), r.getString(1)), equity);
        }
        return out;
    }

    /** The combinations' equity aligned on the days any of them has; NaN where one has none (after its ruin). */
    private static Combinations matrix(Map<String, double[]> collected, List<Integer> combos, String underlying,
            double capital, double cashRate) {
        TreeSet<Long> all = new TreeSet<>();
        for (int id : combos) {
            for (double d : collected.get(dateKey(id, underlying))) {
                all.add((long) d);
            }
        }
        List<LocalDate> days = all.stream().map(LocalDate::ofEpochDay).toList();
        Map<Long, Integer> index = new HashMap<>();
        int n = 0;
        for (long d : all) {
            index.put(d, n++);
        }
        double[][] equity = new double[combos.size()][days.size()];
        for (int i = 0; i < combos.size(); i++) {
            Arrays.fill(equity[i], Double.NaN);
            double[] d = collected.get(dateKey(combos.get(i), underlying));
            double[] e = collected.get(key(combos.get(i), underlying));
            for (int t = 0; t < d.length; t++) {
                equity[i][index.get((long) d[t])] = e[t];
            }
        }
        return new Combinations(days, equity, capital, cashRate);
    }

    /** What a piece needs of a simulation: its days, its trades' ids, entry days and P&amp;L, its note counts. */
    private record Segment(List<DailyRow> daily, long[] positionIds, LocalDate[] entryDates, double[] pnls,
            int noteCount, int staleMarkContracts) {
    }

    /**
     * The simulations of {@code results} as segments; with {@code from}, only the notes dated from
     * that day on are counted (notes start with their day, yyyy-MM-dd).
     */
    private static Map<String, Segment> segments(Dataset<Row> results, LocalDate from) {
        Column notes = from == null ? size(col("notes"))
                : expr("size(filter(notes, n -> substring(n, 1, 10) >= '" + from + "'))");
        Map<String, Segment> out = new HashMap<>();
        for (Row r : results.select(col("task_id"), col("underlying"), col("daily"), col("trades.position_id"),
                col("trades.entry_date"), col("trades.pnl"), notes.as("note_count"), col("stale_mark_contracts"))
                .collectAsList()) {
            List<DailyRow> daily = new ArrayList<>();
            for (Row d : r.<Row>getList(2)) {
                daily.add(new DailyRow(ChainRows.toDate(d.get(0)), d.getDouble(1), d.getDouble(2), d.getDouble(3),
                        d.getDouble(4), d.getDouble(5)));
            }
            List<Long> ids = r.getList(3);
            List<Object> entries = r.getList(4);
            List<Double> pnls = r.getList(5);
            LocalDate[] entryDates = new LocalDate[entries.size()];
            for (int i = 0; i < entryDates.length; i++) {
                entryDates[i] = ChainRows.toDate(entries.get(i));
            }
            out.put(key(r.getInt(0), r.getString(1)), new Segment(daily,
                    ids.stream().mapToLong(Long::longValue).toArray(), entryDates,
                    pnls.stream().mapToDouble(Double::doubleValue).toArray(), r.getInt(6),
                    r.isNullAt(7) ? 0 : r.getInt(7)));
        }
        return out;
    }

    /** A row of {@code schema} from values by column name; a column not given is null. */
    private static Row byName(StructType schema, Map<String, Object> values) {
        Object[] row = new Object[schema.fields().length];
        for (int i = 0; i < row.length; i++) {
            row[i] = values.get(schema.fields()[i].name());
        }
        return RowFactory.create(row);
    }

    private static Double nullIfNaN(double x) {
        return Double.isNaN(x) ? null : x;
    }

    private static String key(int taskId, String underlying) {
        return taskId + "\u0000" + underlying;
    }

    private static String dateKey(int taskId, String underlying) {
        return "dates\u0000" + key(taskId, underlying);
    }

    /** The conventions of the checked strategy, and how its out-of-sample series was made. */
    private List<Conventions.Convention> conventions(StrategySpec source, Evaluation evaluation) {
        List<Conventions.Convention> conventions = new ArrayList<>(Conventions.of(source, settlement));
        conventions.add(new Conventions.Convention("Out of sample", evaluation.describe() + (evaluation.isWalkForward()
                ? "; the combination best on each training window, re-run flat from the starting capital over the"
                + " test window that follows; their daily returns compounded"
                : "; the combination best on the in-sample days, followed on its own run after them, rebased to the"
                + " starting capital") + "; ties go to the first combination listed"));
        return conventions;
    }
}
