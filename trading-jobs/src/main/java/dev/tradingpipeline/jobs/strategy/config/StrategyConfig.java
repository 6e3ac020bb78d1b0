package dev.tradingpipeline.jobs.strategy.config;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.strategy.api.OptionRight;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import dev.tradingpipeline.jobs.strategy.engine.Evaluation;
import dev.tradingpipeline.jobs.strategy.spec.Assignment;
import dev.tradingpipeline.jobs.strategy.spec.DteRange;
import dev.tradingpipeline.jobs.strategy.spec.EntrySchedule;
import dev.tradingpipeline.jobs.strategy.spec.ExitRules;
import dev.tradingpipeline.jobs.strategy.spec.Families;
import dev.tradingpipeline.jobs.strategy.spec.FillModel;
import dev.tradingpipeline.jobs.strategy.spec.Leg;
import dev.tradingpipeline.jobs.strategy.spec.LegBound;
import dev.tradingpipeline.jobs.strategy.spec.Margin;
import dev.tradingpipeline.jobs.strategy.spec.Side;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import dev.tradingpipeline.jobs.strategy.spec.StrikeSelection;
import dev.tradingpipeline.jobs.strategy.spec.Universe;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads config.yaml's {@code strategies:} list into {@link StrategyDefinition}s, and expands a
 * parameter sweep into the specs it stands for. Every problem in every strategy is reported in one
 * {@link dev.tradingpipeline.core.config.ConfigException}, each naming the file and the path
 * ({@code config.yaml: strategies[1].legs[0].side: expected long or short, got 'lng'}), so that a
 * typo is found before any data is read. A family's parameters are held to the {@link LegBound}s
 * of the explicit legs' numbers they set. The schema is documented in docs/strategies.md ("Strategies in
 * config.yaml").
 */
public final class StrategyConfig {

    /** The keys of one strategy, in documentation order. */
    static final List<String> KEYS = List.of("name", "class", "family", "params", "legs", "underlyings", "start",
            "end", "entry", "exit", "fill", "commission", "slippage", "order-fee", "capital", "contracts", "sizing",
            "margin", "cash-rate", "assignment", "roots", "include-nonstandard", "sweep", BenchmarkConfig.KEY,
            "evaluation");
    private static final List<String> LEG_KEYS = List.of("type", "side", "ratio", "dte", "delta", "moneyness");
    private static final List<String> DTE_KEYS = List.of("min", "max", "target");
    private static final List<String> DELTA_KEYS = List.of("target", "band");
    private static final List<String> MONEYNESS_KEYS = List.of("offset", "unit");
    private static final List<String> EXIT_KEYS = List.of("dte", "take-profit", "stop-loss");
    private static final List<String> ASSIGNMENT_KEYS = List.of("extrinsic-below", "then", "european-roots");
    private static final List<String> FILL_KEYS = List.of("at", "spread-fraction");
    private static final List<String> EVALUATION_KEYS = List.of("in-sample", "walk-forward", "select-by");
    private static final List<String> IN_SAMPLE_KEYS = List.of("end");
    private static final List<String> WALK_FORWARD_KEYS = List.of("train", "test");
    private static final List<String> ENTRIES = List.of("monthly-third-friday", "weekly", "every-n-days", "when-flat");
    private static final String ENTRY_FORMS = "monthly-third-friday, when-flat, weekly: <weekday> or every-n-days: <n>";
    private static final List<String> WEEKDAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday");

    public static final double DEFAULT_COMMISSION = 0.65;
    public static final double DEFAULT_CAPITAL = 100_000;
    /** The DTE window of an explicit option leg without {@code dte:}: the families' default. */
    public static final DteRange DEFAULT_DTE = Families.DEFAULT_DTE;
    public static final double DEFAULT_DELTA_BAND = Families.DEFAULT_DELTA_BAND;

    private static final String ID = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
    private static final Pattern CLASS_NAME = Pattern.compile(ID + "(\\." + ID + ")*");

    private StrategyConfig() {
    }

    /**
     * The strategies of a configuration; empty when it has none. Its portfolios are checked too (a
     * problem in either fails), so that one call validates all the strategy mode will run.
     */
    public static List<StrategyDefinition> parse(TradingConfig config) {
        return configured(config).strategies();
    }

    /** The strategies and the portfolios of a configuration, every problem of both reported at once. */
    public static ConfiguredStrategies configured(TradingConfig config) {
        Problems problems = new Problems(config.source());
        Map<String, String> pathByName = new HashMap<>();
        List<StrategyDefinition> strategies = strategies(config.strategies(), problems, pathByName,
                config::resolveLocation);
        List<PortfolioDefinition> portfolios = PortfolioConfig.parse(config.portfolios(), strategies,
                pathByName.keySet(), problems, config::resolveLocation);
        problems.throwIfAny();
        return new ConfiguredStrategies(strategies, portfolios);
    }

    /**
     * @param strategies the {@code strategies:} list as written
     * @param source how messages name the file, e.g. {@code config.yaml}
     */
    public static List<StrategyDefinition> parse(List<? extends Map<String, ?>> strategies, String source) {
        return parse(strategies, source, UnaryOperator.identity());
    }

    /**
     * @param resolve a location written in an entry (a benchmark's CSV) to one the job can open,
     *     as {@link TradingConfig#resolveLocation} does
     */
    public static List<StrategyDefinition> parse(List<? extends Map<String, ?>> strategies, String source,
            UnaryOperator<String> resolve) {
        Problems problems = new Problems(source);
        List<StrategyDefinition> out = strategies(strategies, problems, new HashMap<>(), resolve);
        problems.throwIfAny();
        return out;
    }

    /** The valid strategies; the problems of the others are recorded, their names kept in {@code pathByName}. */
    private static List<StrategyDefinition> strategies(List<? extends Map<String, ?>> strategies, Problems problems,
            Map<String, String> pathByName, UnaryOperator<String> resolve) {
        List<StrategyDefinition> out = new ArrayList<>();
        for (int i = 0; i < strategies.size(); i++) {
            YamlMap m = new YamlMap(strategies.get(i), TradingConfig.STRATEGIES + "[" + i + "]", problems);
            StrategyDefinition d = strategy(m, pathByName, resolve);
            if (d != null) {
                out.add(d);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The concrete specs of a definition: without a sweep its spec; with one, a spec per point of
     * the grid (the cartesian product, the first swept parameter varying slowest), named
     * {@code <name>[delta=0.2,dte_target=45]} and carrying the point in its parameters.
     */
    public static List<StrategySpec> expand(StrategyDefinition definition) {
        if (definition.sweep().isEmpty()) {
            return List.of(definition.spec());
        }
        List<StrategySpec> specs = new ArrayList<>();
        for (Map<String, Double> point : grid(Map.of(), definition.sweep())) {
            specs.add(at(definition, point));
        }
        return List.copyOf(specs);
    }

    /** {@code base} with each point of the axes' cartesian product put on it, the first axis varying slowest. */
    private static List<Map<String, Double>> grid(Map<String, Double> base, Map<String, List<Double>> axes) {
        List<Map<String, Double>> points = List.of(base);
        for (Map.Entry<String, List<Double>> axis : axes.entrySet()) {
            List<Map<String, Double>> next = new ArrayList<>();
            for (Map<String, Double> point : points) {
                for (Double value : axis.getValue()) {
                    Map<String, Double> p = new LinkedHashMap<>(point);
                    p.put(axis.getKey(), value);
                    next.add(p);
                }
            }
            points = next;
        }
        return points;
    }

    private static StrategySpec at(StrategyDefinition d, Map<String, Double> point) {
        StrategySpec base = d.spec();
        Map<String, Double> parameters = new LinkedHashMap<>(base.parameters());
        parameters.putAll(point);
        StringBuilder name = new StringBuilder(base.name()).append('[');
        point.forEach((k, v) -> name.append(name.charAt(name.length() - 1) == '[' ? "" : ",")
                .append(k).append('=').append(YamlMap.format(v)));
        name.append(']');
        List<Leg> legs = d.family()
                .map(f -> Families.of(f, familyParameters(f, d.strategyClass(), parameters)))
                .orElse(base.legs());
        return new StrategySpec(name.toString(), base.underlyings(), base.start(), base.end(), legs, base.entry(),
                base.exits(), base.fills(), base.sizing(), base.cashRate(), parameters, base.assignment(),
                base.universe());
    }

    /** With a class, parameters the family does not know are the class's own: the family gets the rest. */
    private static Map<String, Double> familyParameters(String family, Optional<String> strategyClass,
            Map<String, Double> parameters) {
        if (strategyClass.isEmpty()) {
            return parameters;
        }
        Set<String> known = Families.parameters(family);
        Map<String, Double> out = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (known.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Null when the strategy has problems (all recorded). */
    private static StrategyDefinition strategy(YamlMap m, Map<String, String> pathByName,
            UnaryOperator<String> resolve) {
        Problems problems = m.problems();
        int before = problems.count();
        m.rejectUnknown(KEYS);
        String name = name(m, pathByName);
        Optional<String> strategyClass = m.string("class").filter(c -> {
            if (CLASS_NAME.matcher(c).matches()) {
                return true;
            }
            m.problem("class", "expected a fully qualified Java class name, got '" + c + "'");
            return false;
        });
        Optional<String> family = m.string("family").filter(f -> {
            if (Families.names().contains(f)) {
                return true;
            }
            m.problem("family", "unknown family '" + f + "'" + Hints.didYouMean(f, Families.names()) + "; known: "
                    + String.join(", ", Families.names()));
            return false;
        });
        List<Leg> legs = List.of();
        if (m.has("legs")) {
            if (m.has("family")) {
                m.problem("legs", "give either family or legs, not both");
            }
            legs = legs(m);
        } else if (!m.has("family") && !m.has("class")) {
            problems.add(m.path(), "needs a family, explicit legs or a class");
        }
        Map<String, Double> params = numbers(m, "params");
        checkParameterNames(m, "params", params.keySet(), family, strategyClass);
        Map<String, List<Double>> sweep = sweep(m);
        checkParameterNames(m, "sweep", sweep.keySet(), family, strategyClass);
        family.ifPresent(f -> checkParameterBounds(m, f, familyParameters(f, strategyClass, params), sweep));

        List<String> underlyings = underlyings(m);
        LocalDate start = m.date("start").orElse(null);
        LocalDate end = m.date("end").orElse(null);
        if (start != null && end != null && end.isBefore(start)) {
            m.problem("end", end + " is before start " + start);
        }
        Optional<Evaluation> evaluation = evaluation(m, start, end);
        EntrySchedule entry = entry(m);
        ExitRules exits = exits(m);
        FillModel fill = fill(m);
        double commission = m.number("commission", d -> d >= 0, "a commission per contract >= 0")
                .orElse(DEFAULT_COMMISSION);
        double slippage = m.number("slippage", d -> d >= 0,
                "a slippage per share of option price >= 0 (0.02 buys 0.02 above and sells 0.02 below the fill)")
                .orElse(0.0);
        double orderFee = m.number("order-fee", d -> d >= 0, "a fee per order >= 0").orElse(0.0);
        double capital = m.number("capital", d -> d > 0, "a capital > 0").orElse(DEFAULT_CAPITAL);
        Sizing sizing = sizing(m, capital);
        double cashRate = m.number("cash-rate", d -> d > -1 && d < 1, "a yearly rate as a fraction (0.04 is 4%)")
                .orElse(0.0);
        Assignment assignment = assignment(m);
        Universe universe = universe(m, underlyings);
        Optional<BenchmarkSpec> benchmark = BenchmarkConfig.read(m, resolve);
        if (problems.count() > before) {
            return null;
        }

        if (family.isPresent()) {
            try {
                legs = Families.of(family.get(), familyParameters(family.get(), strategyClass, params));
            } catch (IllegalArgumentException e) {
                m.problem("params", e.getMessage());
                return null;
            }
        }
        StrategySpec spec = new StrategySpec(name, underlyings, start, end, legs, entry, exits,
                new dev.tradingpipeline.jobs.strategy.spec.ExecutionCosts(fill.withSlippage(slippage), commission, orderFee), sizing,
                cashRate, params, assignment, universe);
        StrategyDefinition definition = new StrategyDefinition(spec, strategyClass, sweep, family, benchmark,
                evaluation);
        if (!sweep.isEmpty()) {
            try {
                expand(definition);
            } catch (IllegalArgumentException e) {
                m.problem("sweep", "a combination is not valid: " + e.getMessage());
                return null;
            }
        }
        return definition;
    }

    /**
     * {@code evaluation: {in-sample: {end: 2024-06-28}}} or {@code evaluation: {walk-forward: {train: 6m,
     * test: 1m}}}, each with an optional {@code select-by} (default sharpe). The in-sample end must
     * leave days on both sides of the strategy's start and end; a walk-forward's first test window
     * must start by its end. A single strategy may have one too: its selection is trivial.
     */
    private static Optional<Evaluation> evaluation(YamlMap m, LocalDate start, LocalDate end) {
        Optional<YamlMap> given = m.map("evaluation");
        if (given.isEmpty()) {
            return Optional.empty();
        }
        YamlMap e = given.get();
        int before = e.problems().count();
        e.rejectUnknown(EVALUATION_KEYS);
        Evaluation.Metric selectBy = e.oneOf("select-by", Evaluation.Metric.keys())
                .flatMap(Evaluation.Metric::of).orElse(Evaluation.Metric.DEFAULT);
        if (e.has("in-sample") && e.has("walk-forward")) {
            e.problems().add(e.path(), "give either in-sample or walk-forward, not both");
            return Optional.empty();
        }
        if (!e.has("in-sample") && !e.has("walk-forward")) {
            e.problems().add(e.path(), "needs in-sample: {end: yyyy-MM-dd} or walk-forward: {train: 6m, test: 1m}");
            return Optional.empty();
        }
        Evaluation evaluation = null;
        if (e.has("in-sample")) {
            YamlMap in = e.map("in-sample").orElse(null);
            if (in == null) {
                return Optional.empty();
            }
            in.rejectUnknown(IN_SAMPLE_KEYS);
            if (!in.has("end")) {
                in.problem("end", "required: the last in-sample day, yyyy-MM-dd (the days after it are out of sample)");
            }
            LocalDate inSampleEnd = in.date("end").orElse(null);
            if (inSampleEnd != null && start != null && inSampleEnd.isBefore(start)) {
                in.problem("end", inSampleEnd + " is before start " + start + ": no in-sample day");
            } else if (inSampleEnd != null && end != null && !inSampleEnd.isBefore(end)) {
                in.problem("end", inSampleEnd + " is not before end " + end + ": no out-of-sample day");
            } else if (inSampleEnd != null) {
                evaluation = Evaluation.inSample(inSampleEnd, selectBy);
            }
        } else {
            YamlMap wf = e.map("walk-forward").orElse(null);
            if (wf == null) {
                return Optional.empty();
            }
            wf.rejectUnknown(WALK_FORWARD_KEYS);
            Optional<Evaluation.Period> train = period(wf, "train");
            Optional<Evaluation.Period> test = period(wf, "test");
            if (train.isPresent() && start != null && end != null && train.get().after(start, 1).isAfter(end)) {
                wf.problem("train", "start " + start + " + " + train.get() + " = " + train.get().after(start, 1)
                        + " is after end " + end + ": no test window");
            } else if (train.isPresent() && test.isPresent()) {
                evaluation = Evaluation.walkForward(train.get(), test.get(), selectBy);
            }
        }
        return e.problems().count() > before ? Optional.empty() : Optional.ofNullable(evaluation);
    }

    private static Optional<Evaluation.Period> period(YamlMap m, String key) {
        if (!m.has(key)) {
            m.problem(key, "required: a period like 6m, 26w or 120d (months, weeks or calendar days; y for years)");
            return Optional.empty();
        }
        return m.string(key).flatMap(text -> {
            Optional<Evaluation.Period> p = Evaluation.Period.parse(text);
            if (p.isEmpty()) {
                m.problem(key, "expected a period like 6m, 26w or 120d, got '" + text + "'");
            }
            return p;
        });
    }

    private static String name(YamlMap m, Map<String, String> pathByName) {
        if (!m.has("name")) {
            m.problem("name", "required: every strategy needs a unique name");
            return null;
        }
        Optional<String> name = m.string("name");
        if (name.isEmpty()) {
            return null;
        }
        String n = name.get();
        if (n.contains("[") || n.contains("]")) {
            m.problem("name", "must not contain [ or ] (a sweep names its runs name[param=value]), got '" + n + "'");
            return n;
        }
        String first = pathByName.putIfAbsent(n, m.path());
        if (first != null) {
            m.problem("name", "'" + n + "' is already the name of " + first);
        }
        return n;
    }

    /** Parameter names must be the family's, unless a class (which reads its own) is given. */
    private static void checkParameterNames(YamlMap m, String key, Set<String> names, Optional<String> family,
            Optional<String> strategyClass) {
        if (names.isEmpty() || strategyClass.isPresent() || m.has("class")) {
            return;
        }
        if (family.isEmpty()) {
            if (!m.has("family")) {
                m.problem(key, "only a family or a class takes parameters; explicit legs have none");
            }
            return;
        }
        Set<String> known = Families.parameters(family.get());
        for (String n : names) {
            if (!known.contains(n)) {
                m.problems().add(m.path(key) + "." + n, family.get() + " has no parameter '" + n + "'"
                        + Hints.didYouMean(n, known) + "; it takes " + String.join(", ", known));
            }
        }
    }

    /**
     * A family's parameters and swept values against the bounds of the leg numbers they set, then
     * the DTE windows they make; every problem is recorded, whatever else the entry has wrong.
     */
    private static void checkParameterBounds(YamlMap m, String family, Map<String, Double> params,
            Map<String, List<Double>> sweep) {
        for (Families.ParameterProblem p : Families.problems(family, params)) {
            m.problems().add(p.key() == null ? m.path("params") : m.path("params") + "." + p.key(), p.message());
        }
        Map<String, LegBound> bounds = Families.bounds(family);
        Map<String, List<Double>> sweptDays = new LinkedHashMap<>();
        sweep.forEach((key, values) -> {
            LegBound b = bounds.get(key);
            if (b == null) {
                return; // not the family's: named by checkParameterNames, or a class's own
            }
            if (b == LegBound.DAYS) {
                sweptDays.put(key, values);
            }
            for (int i = 0; i < values.size(); i++) {
                if (!b.accepts(values.get(i))) {
                    m.problems().add(m.path("sweep") + "." + key + "[" + i + "]",
                            "expected " + b.expectation() + ", got " + YamlMap.format(values.get(i)));
                }
            }
        });
        if (sweptDays.isEmpty()) {
            return; // the params' own window is checked above
        }
        // only the swept days make windows; each bad one once, however many grid points share it
        Set<String> windows = new LinkedHashSet<>();
        for (Map<String, Double> point : grid(params, sweptDays)) {
            Families.problems(family, point).stream().filter(p -> p.key() == null)
                    .forEach(p -> windows.add(p.message()));
        }
        windows.forEach(w -> m.problem("sweep", "a combination is not valid: " + w));
    }

    private static Map<String, Double> numbers(YamlMap m, String key) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.map(key).ifPresent(p -> p.entries().keySet().forEach(k -> {
            if (p.has(k)) {
                p.number(k).ifPresent(v -> out.put(k, v));
            } else {
                p.problem(k, "expected a number, got nothing");
            }
        }));
        return out;
    }

    private static Map<String, List<Double>> sweep(YamlMap m) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        m.map("sweep").ifPresent(s -> s.entries().keySet().forEach(k -> {
            List<Object> raw = s.list(k).orElse(List.of());
            if (raw.isEmpty()) {
                s.problem(k, "expected a list of values to try, e.g. [0.15, 0.20]");
                return;
            }
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                YamlMap.toNumber(raw.get(i), s.path(k) + "[" + i + "]", s.problems()).ifPresent(values::add);
            }
            if (values.size() == raw.size()) {
                out.put(k, values);
            }
        }));
        return out;
    }

    private static List<String> underlyings(YamlMap m) {
        if (!m.has("underlyings")) {
            m.problem("underlyings", "required: the symbols to trade, e.g. [^SPX]");
            return List.of();
        }
        List<Object> raw = m.list("underlyings").orElse(List.of());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Object v = raw.get(i);
            String path = m.path("underlyings") + "[" + i + "]";
            if (v == null || v instanceof Map || v instanceof List || String.valueOf(v).isBlank()) {
                m.problems().add(path, "expected a symbol, got " + (v == null ? "nothing" : YamlMap.describe(v)));
            } else if (out.contains(String.valueOf(v).trim())) {
                m.problems().add(path, "'" + v + "' is listed twice");
            } else {
                out.add(String.valueOf(v).trim());
            }
        }
        if (raw.isEmpty() && m.raw("underlyings") instanceof List) {
            m.problem("underlyings", "expected at least one symbol");
        }
        return out;
    }

    private static EntrySchedule entry(YamlMap m) {
        Object raw = m.raw("entry");
        if (raw == null) {
            return EntrySchedule.monthlyThirdFriday();
        }
        if (raw instanceof Map) {
            YamlMap e = m.map("entry").orElseThrow();
            if (e.entries().size() != 1) {
                m.problem("entry", "expected one of " + ENTRY_FORMS + ", got a mapping of " + e.entries().size()
                        + " keys");
                return null;
            }
            String kind = e.entries().keySet().iterator().next();
            switch (kind) {
                case "weekly":
                    return e.string(kind).flatMap(day -> weekday(e, kind, day)).map(EntrySchedule::weekly).orElse(null);
                case "every-n-days":
                    if (!e.has(kind)) {
                        e.problem(kind, "expected a number of trading days, e.g. every-n-days: 7");
                        return null;
                    }
                    return e.integer(kind, 1).map(EntrySchedule::everyNDays).orElse(null);
                default:
                    if (ENTRIES.contains(kind)) {
                        e.problem(kind, "takes no value: write entry: " + kind);
                    } else {
                        e.problem(kind, "not a known entry schedule" + Hints.didYouMean(kind, ENTRIES) + "; expected "
                                + ENTRY_FORMS);
                    }
                    return null;
            }
        }
        if (raw instanceof List) {
            m.problem("entry", "expected one of " + ENTRY_FORMS + ", got a list");
            return null;
        }
        String kind = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
        switch (kind) {
            case "monthly-third-friday":
                return EntrySchedule.monthlyThirdFriday();
            case "when-flat":
                return EntrySchedule.whenFlat();
            case "weekly":
                m.problem("entry", "weekly needs a weekday: write entry: {weekly: FRIDAY}");
                return null;
            case "every-n-days":
                m.problem("entry", "every-n-days needs a count: write entry: {every-n-days: 7}");
                return null;
            default:
                m.problem("entry", "expected " + ENTRY_FORMS + ", got '" + raw + "'" + Hints.didYouMean(kind, ENTRIES));
                return null;
        }
    }

    private static Optional<DayOfWeek> weekday(YamlMap e, String key, String day) {
        String d = day.toLowerCase(Locale.ROOT);
        if (WEEKDAYS.contains(d)) {
            return Optional.of(DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT)));
        }
        e.problem(key, "expected a weekday, MONDAY to FRIDAY, got '" + day + "'");
        return Optional.empty();
    }

    private static ExitRules exits(YamlMap m) {
        Object raw = m.raw("exit");
        if (raw == null || "expiry".equals(raw)) {
            return ExitRules.atExpiry();
        }
        Optional<YamlMap> exit = m.map("exit");
        if (exit.isEmpty()) {
            return null;
        }
        YamlMap x = exit.get();
        x.rejectUnknown(EXIT_KEYS);
        Integer dte = x.integer("dte", 0).orElse(null);
        Double takeProfit = x.number("take-profit", d -> d > 0,
                "a fraction of the entry premium > 0 (0.5 closes at half the credit)").orElse(null);
        Double stopLoss = x.number("stop-loss", d -> d > 0,
                "a multiple of the entry premium > 0 (2.0 closes at a loss of twice the credit)").orElse(null);
        return new ExitRules(dte, takeProfit, stopLoss);
    }

    private static Assignment assignment(YamlMap m) {
        if (!m.has("assignment")) {
            return Assignment.DEFAULT;
        }
        Optional<YamlMap> map = m.map("assignment");
        if (map.isEmpty()) {
            return null;
        }
        YamlMap a = map.get();
        a.rejectUnknown(ASSIGNMENT_KEYS);
        double below = a.number("extrinsic-below", d -> d >= 0,
                "an extrinsic value per share >= 0 (0 turns early assignment off)")
                .orElse(Assignment.DEFAULT_EXTRINSIC_BELOW);
        Assignment.Then then = a.oneOf("then", List.of("close", "hold"))
                .map(t -> Assignment.Then.valueOf(t.toUpperCase(Locale.ROOT))).orElse(Assignment.Then.CLOSE);
        Set<String> european = new LinkedHashSet<>(Assignment.DEFAULT_EUROPEAN_ROOTS);
        if (a.has("european-roots")) {
            european.clear();
            List<Object> raw = a.list("european-roots").orElse(List.of());
            for (int i = 0; i < raw.size(); i++) {
                Object v = raw.get(i);
                if (v == null || v instanceof Map || v instanceof List || String.valueOf(v).isBlank()) {
                    a.problems().add(a.path("european-roots") + "[" + i + "]", "expected an option root, got "
                            + (v == null ? "nothing" : YamlMap.describe(v)));
                } else {
                    european.add(String.valueOf(v).trim());
                }
            }
        }
        return new Assignment(below, then, european);
    }

    /** {@code roots: [SPXW]} and {@code include-nonstandard: true}; the default is every standard contract. */
    private static Universe universe(YamlMap m, List<String> underlyings) {
        List<String> roots = new ArrayList<>();
        if (m.has("roots")) {
            List<Object> raw = m.list("roots").orElse(List.of());
            for (int i = 0; i < raw.size(); i++) {
                Object v = raw.get(i);
                String path = m.path("roots") + "[" + i + "]";
                if (v == null || v instanceof Map || v instanceof List || String.valueOf(v).isBlank()) {
                    m.problems().add(path, "expected a root, e.g. SPXW, got "
                            + (v == null ? "nothing" : YamlMap.describe(v)));
                } else if (roots.contains(String.valueOf(v).trim().toUpperCase(Locale.ROOT))) {
                    m.problems().add(path, "'" + v + "' is listed twice");
                } else {
                    roots.add(String.valueOf(v).trim().toUpperCase(Locale.ROOT));
                }
            }
            if (raw.isEmpty() && m.raw("roots") instanceof List) {
                m.problem("roots", "expected at least one root, e.g. [SPXW]; leave roots out for every root");
            }
        }
        boolean includeNonstandard = false;
        Object flag = m.raw("include-nonstandard");
        String text = flag == null ? "" : String.valueOf(flag).trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) { // a YAML boolean, or one quoted
            includeNonstandard = text.equals("true");
        } else if (flag != null) {
            m.problem("include-nonstandard", "expected true or false, got " + YamlMap.describe(flag));
        }
        if (!includeNonstandard) {
            for (String root : roots) {
                for (String u : underlyings) {
                    if (Universe.adjustedRoot(root, u)) {
                        m.problem("roots", root + " is an adjusted root of " + u
                                + " (non-standard deliverable): add include-nonstandard: true to trade it");
                    }
                }
            }
        }
        return new Universe(roots, includeNonstandard);
    }

    /**
     * {@code fill: mid}, {@code fill: far} or {@code fill: {at: mid, spread-fraction: 0.25}}; the
     * slippage comes from its own key. After a problem (recorded) the mid, so that checking goes on.
     */
    private static FillModel fill(YamlMap m) {
        if (!(m.raw("fill") instanceof Map)) {
            return m.oneOf("fill", List.of("mid", "far"))
                    .map(f -> f.equals("far") ? FillModel.FAR : FillModel.MID).orElse(FillModel.MID);
        }
        YamlMap given = m.map("fill").orElseThrow();
        Map<String, Object> rest = new LinkedHashMap<>(given.entries());
        for (String key : List.of("slippage", "order-fee", "commission")) {
            if (given.entries().containsKey(key)) {
                rest.remove(key);
                given.problem(key, "not a key of fill: write " + key + ": next to fill, in the strategy");
            }
        }
        YamlMap f = new YamlMap(rest, given.path(), m.problems());
        f.rejectUnknown(FILL_KEYS);
        String at = f.oneOf("at", List.of("mid", "far")).orElse("mid");
        Optional<Double> fraction = f.number("spread-fraction", d -> d >= 0 && d <= 1,
                "a fraction of the half-spread in [0, 1] (0 fills at the mid, 1 at the far side)");
        if (at.equals("far")) {
            if (f.has("spread-fraction")) {
                f.problem("spread-fraction", "is measured from the mid: write at: mid (at: far is a fraction of 1)");
            }
            return FillModel.FAR;
        }
        return new FillModel(fraction.orElse(0.0), 0);
    }

    private static Sizing sizing(YamlMap m, double capital) {
        Optional<String> mode = m.oneOf("sizing", List.of("from-capital", "fixed"));
        Optional<Integer> contracts = m.integer("contracts", 1);
        if (contracts.isPresent() && mode.filter("from-capital"::equals).isPresent()) {
            m.problem("contracts", "conflicts with sizing: from-capital; give one or the other");
        }
        Margin margin = m.oneOf("margin", List.of("cash", "reg-t"))
                .map(v -> v.equals("reg-t") ? Margin.REG_T : Margin.CASH).orElse(Margin.CASH);
        if (contracts.isPresent()) {
            return Sizing.fixed(capital, contracts.get()).withMargin(margin);
        }
        return (mode.filter("fixed"::equals).isPresent() ? Sizing.fixed(capital, 1) : Sizing.fromCapital(capital))
                .withMargin(margin);
    }

    private static List<Leg> legs(YamlMap m) {
        List<Object> raw = m.list("legs").orElse(null);
        if (raw == null) {
            return List.of();
        }
        if (raw.isEmpty() || !(m.raw("legs") instanceof List)) {
            m.problem("legs", "expected a list of legs, each a mapping with type and side");
            return List.of();
        }
        List<Leg> legs = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String path = m.path("legs") + "[" + i + "]";
            if (!(raw.get(i) instanceof Map<?, ?> map)) {
                m.problems().add(path, "expected a mapping with type and side, got "
                        + (raw.get(i) == null ? "nothing" : YamlMap.describe(raw.get(i))));
                continue;
            }
            Leg leg = leg(new YamlMap(map, path, m.problems()));
            if (leg != null) {
                legs.add(leg);
            }
        }
        return legs;
    }

    private static Leg leg(YamlMap l) {
        int before = l.problems().count();
        l.rejectUnknown(LEG_KEYS);
        Optional<String> type = l.oneOf("type", List.of("call", "put", "underlying"));
        if (!l.has("type")) {
            l.problem("type", "required: call, put or underlying");
        }
        Optional<Side> side = l.oneOf("side", List.of("long", "short"))
                .map(s -> Side.valueOf(s.toUpperCase(Locale.ROOT)));
        if (!l.has("side")) {
            l.problem("side", "required: long or short");
        }
        int ratio = l.integer("ratio", 1).orElse(1);
        if (type.filter("underlying"::equals).isPresent()) {
            for (String k : List.of("dte", "delta", "moneyness")) {
                if (l.has(k)) {
                    l.problem(k, "an underlying leg takes no " + k);
                }
            }
            return l.problems().count() > before ? null : Leg.underlying(side.orElseThrow(), ratio);
        }
        DteRange dte = l.has("dte") ? dte(l) : DEFAULT_DTE;
        StrikeSelection strike = null;
        if (l.has("delta") && l.has("moneyness")) {
            l.problems().add(l.path(), "give either delta or moneyness, not both");
        } else if (l.has("delta")) {
            strike = delta(l);
        } else if (l.has("moneyness")) {
            strike = moneyness(l);
        } else if (type.isPresent()) {
            l.problems().add(l.path(), "an option leg needs delta: {target, band} or moneyness: {offset, unit}");
        }
        if (l.problems().count() > before) {
            return null;
        }
        OptionRight right = OptionRight.valueOf(type.orElseThrow().toUpperCase(Locale.ROOT));
        return Leg.option(right, side.orElseThrow(), ratio, dte, strike);
    }

    private static DteRange dte(YamlMap l) {
        Optional<YamlMap> dte = l.map("dte");
        if (dte.isEmpty()) {
            return null;
        }
        YamlMap d = dte.get();
        d.rejectUnknown(DTE_KEYS);
        Integer[] v = new Integer[DTE_KEYS.size()];
        for (int i = 0; i < v.length; i++) {
            String k = DTE_KEYS.get(i);
            if (!d.has(k)) {
                d.problem(k, "required: days to expiry (dte takes min, max and target)");
            }
            v[i] = d.number(k, LegBound.DAYS).map(x -> (int) (double) x).orElse(null);
        }
        if (Arrays.asList(v).contains(null)) {
            return null;
        }
        String order = LegBound.dteOrderProblem("", v[0], v[2], v[1], Set.of());
        if (order != null) {
            l.problem("dte", order);
            return null;
        }
        return new DteRange(v[0], v[1], v[2]);
    }

    private static StrikeSelection delta(YamlMap l) {
        if (!(l.raw("delta") instanceof Map)) {
            return l.number("delta", LegBound.DELTA)
                    .map(t -> new StrikeSelection.ByDelta(t, DEFAULT_DELTA_BAND)).orElse(null);
        }
        YamlMap d = l.map("delta").orElseThrow();
        d.rejectUnknown(DELTA_KEYS);
        if (!d.has("target")) {
            d.problem("target", "required: the absolute delta to aim for, e.g. 0.20");
        }
        Optional<Double> target = d.number("target", LegBound.DELTA);
        double band = d.number("band", LegBound.DELTA_BAND).orElse(DEFAULT_DELTA_BAND);
        return target.map(t -> new StrikeSelection.ByDelta(t, band)).orElse(null);
    }

    private static StrikeSelection moneyness(YamlMap l) {
        if (!(l.raw("moneyness") instanceof Map)) {
            return l.number("moneyness", LegBound.OFFSET)
                    .map(o -> new StrikeSelection.ByMoneyness(o, StrikeSelection.OffsetUnit.FRACTION)).orElse(null);
        }
        YamlMap mo = l.map("moneyness").orElseThrow();
        mo.rejectUnknown(MONEYNESS_KEYS);
        if (!mo.has("offset")) {
            mo.problem("offset", "required: the strike's distance from spot (0 = at the money)");
        }
        Optional<Double> offset = mo.number("offset", LegBound.OFFSET);
        StrikeSelection.OffsetUnit unit = mo.oneOf("unit", List.of("fraction", "points"))
                .map(u -> StrikeSelection.OffsetUnit.valueOf(u.toUpperCase(Locale.ROOT)))
                .orElse(StrikeSelection.OffsetUnit.FRACTION);
        return offset.map(o -> new StrikeSelection.ByMoneyness(o, unit)).orElse(null);
    }
}
