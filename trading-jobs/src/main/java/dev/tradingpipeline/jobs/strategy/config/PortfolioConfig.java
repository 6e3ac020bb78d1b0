package dev.tradingpipeline.jobs.strategy.config;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import dev.tradingpipeline.jobs.strategy.spec.Margin;
import dev.tradingpipeline.jobs.strategy.spec.Sizing;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Reads config.yaml's {@code portfolios:} list into {@link PortfolioDefinition}s, in the same pass
 * and with the same {@link Problems} as the strategies they name, so that one error lists every
 * problem of both ({@code config.yaml: portfolios[0].members[1].strategy: unknown strategy 'spx-pw'
 * (did you mean 'spx-put-write'?)}).
 *
 * <p>The rules: a portfolio has a unique {@code name} that is no strategy's, and {@code members},
 * each naming a {@code strategy} (a strategy with a sweep only by one grid point,
 * {@code iron[short_delta=0.15]}) at most once. Shares are given one way for all members: either
 * {@code weight} (fractions of the portfolio's {@code capital}, default 100 000, summing to 1 within
 * 1e-9) or {@code capital} (amounts; the portfolio's capital is then their sum and is not given).
 * {@code margin} (cash or reg-t) is the account's rule for every member; without it the members'
 * own, which must then agree.
 */
final class PortfolioConfig {

    static final List<String> KEYS = List.of("name", "capital", "margin", "members", BenchmarkConfig.KEY);
    static final List<String> MEMBER_KEYS = List.of("strategy", "weight", "capital");
    /** How far the weights' sum may be from 1 (decimal fractions such as 0.1 are not exact in binary). */
    static final double WEIGHT_TOLERANCE = 1e-9;
    private static final int POINTS_LISTED = 5;

    private PortfolioConfig() {
    }

    /**
     * @param strategies the valid strategies
     * @param strategyNames the name of every strategy entry, valid or not: a member naming one with
     *     problems of its own is not reported again
     */
    static List<PortfolioDefinition> parse(List<? extends Map<String, ?>> portfolios,
            List<StrategyDefinition> strategies, Set<String> strategyNames, Problems problems) {
        return parse(portfolios, strategies, strategyNames, problems, UnaryOperator.identity());
    }

    /** @param resolve a benchmark CSV's location as written to one the job can open */
    static List<PortfolioDefinition> parse(List<? extends Map<String, ?>> portfolios,
            List<StrategyDefinition> strategies, Set<String> strategyNames, Problems problems,
            UnaryOperator<String> resolve) {
        Map<String, StrategyDefinition> byName = new LinkedHashMap<>();
        strategies.forEach(d -> byName.put(d.name(), d));
        Map<String, String> pathByName = new HashMap<>();
        List<PortfolioDefinition> out = new ArrayList<>();
        for (int i = 0; i < portfolios.size(); i++) {
            YamlMap m = new YamlMap(portfolios.get(i), TradingConfig.PORTFOLIOS + "[" + i + "]", problems);
            PortfolioDefinition p = portfolio(m, byName, strategyNames, pathByName, resolve);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** A member as written, before the shares are known. */
    private record Written(String strategy, StrategySpec spec, Optional<String> strategyClass, Double weight,
            Double capital) {
    }

    /** Null when the portfolio has problems (all recorded). */
    private static PortfolioDefinition portfolio(YamlMap m, Map<String, StrategyDefinition> strategies,
            Set<String> strategyNames, Map<String, String> pathByName, UnaryOperator<String> resolve) {
        Problems problems = m.problems();
        int before = problems.count();
        m.rejectUnknown(KEYS);
        Optional<BenchmarkSpec> benchmark = BenchmarkConfig.read(m, resolve);
        String name = name(m, strategyNames, pathByName);
        Optional<Double> capital = m.number("capital", d -> d > 0, "a capital > 0");
        Optional<Margin> margin = m.oneOf("margin", List.of("cash", "reg-t"))
                .map(v -> v.equals("reg-t") ? Margin.REG_T : Margin.CASH);

        List<Written> written = new ArrayList<>();
        int listed = 0;
        if (!m.has("members")) {
            m.problem("members", "required: the strategies of the portfolio, e.g. [{strategy: a, weight: 0.6},"
                    + " {strategy: b, weight: 0.4}]");
        } else if (!(m.raw("members") instanceof List<?> raw) || raw.isEmpty()) {
            m.problem("members", "expected a list of members, each a mapping with strategy and weight");
        } else {
            Map<String, String> memberPaths = new HashMap<>();
            listed = raw.size();
            for (int j = 0; j < raw.size(); j++) {
                String path = m.path("members") + "[" + j + "]";
                if (!(raw.get(j) instanceof Map<?, ?> map)) {
                    problems.add(path, "expected a mapping with strategy and weight, got "
                            + (raw.get(j) == null ? "nothing" : YamlMap.describe(raw.get(j))));
                    continue;
                }
                Written w = member(new YamlMap(map, path, problems), strategies, strategyNames, memberPaths);
                if (w != null) {
                    written.add(w);
                }
            }
        }
        if (problems.count() > before || written.size() < listed) {
            return null; // fewer without a problem here: a member names a strategy with problems of its own
        }

        boolean byWeight = written.get(0).weight() != null;
        for (int j = 0; j < written.size(); j++) {
            if ((written.get(j).weight() != null) != byWeight) {
                problems.add(m.path("members") + "[" + j + "]", "give " + (byWeight ? "weight" : "capital")
                        + " like members[0]: the members' shares are all weights or all capitals");
            }
        }
        double total;
        List<Double> weights = new ArrayList<>();
        if (byWeight) {
            total = capital.orElse(StrategyConfig.DEFAULT_CAPITAL);
            double sum = 0;
            for (Written w : written) {
                sum += w.weight() == null ? 0 : w.weight();
                weights.add(w.weight());
            }
            if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
                m.problem("members", "the weights sum to " + YamlMap.format(sum) + ", not 1: each is the member's"
                        + " share of the portfolio's capital, and they must add up to all of it");
            }
        } else {
            total = written.stream().mapToDouble(w -> w.capital() == null ? 0 : w.capital()).sum();
            if (m.has("capital")) {
                m.problem("capital", "the members give their capital: the portfolio's is their sum ("
                        + YamlMap.format(total) + "); give capital here with weights on the members, or on the"
                        + " members alone");
            }
            written.forEach(w -> weights.add(w.capital() == null ? 0 : w.capital() / total));
        }
        Margin accountMargin = margin.orElseGet(() -> commonMargin(m, written));
        if (benchmark.isPresent() && benchmark.get().kind() == BenchmarkSpec.Kind.UNDERLYING) {
            Set<String> underlyings = new java.util.TreeSet<>();
            written.forEach(w -> underlyings.addAll(w.spec().underlyings()));
            if (underlyings.size() > 1) {
                m.problem(BenchmarkConfig.KEY, "underlying needs one underlying, and the members trade "
                        + underlyings + ": give a series instead, {csv: <file>, name: <name>}");
            }
        }
        if (problems.count() > before) {
            return null;
        }
        List<PortfolioDefinition.Member> members = new ArrayList<>();
        for (int j = 0; j < written.size(); j++) {
            Written w = written.get(j);
            double weight = weights.get(j);
            double perUnderlying = weight * total / w.spec().underlyings().size();
            Sizing s = w.spec().sizing();
            StrategySpec spec = w.spec().withName(name + "/" + w.strategy())
                    .withSizing(new Sizing(perUnderlying, s.fixedUnits(), accountMargin));
            members.add(new PortfolioDefinition.Member(w.strategy(), weight, spec, w.strategyClass()));
        }
        return new PortfolioDefinition(name, total, accountMargin, members, benchmark);
    }

    private static String name(YamlMap m, Set<String> strategyNames, Map<String, String> pathByName) {
        if (!m.has("name")) {
            m.problem("name", "required: every portfolio needs a unique name");
            return null;
        }
        Optional<String> name = m.string("name");
        if (name.isEmpty()) {
            return null;
        }
        String n = name.get();
        if (n.contains("[") || n.contains("]") || n.contains("/")) {
            m.problem("name", "must not contain [, ] or / (its members run as <portfolio>/<strategy>), got '" + n
                    + "'");
            return n;
        }
        if (strategyNames.contains(n)) {
            m.problem("name", "'" + n + "' is already the name of a strategy: the gold tables tell them apart by"
                    + " name, so give the portfolio its own");
            return n;
        }
        String first = pathByName.putIfAbsent(n, m.path());
        if (first != null) {
            m.problem("name", "'" + n + "' is already the name of " + first);
        }
        return n;
    }

    /** Null when the member has problems (all recorded). */
    private static Written member(YamlMap w, Map<String, StrategyDefinition> strategies, Set<String> strategyNames,
            Map<String, String> memberPaths) {
        int before = w.problems().count();
        w.rejectUnknown(MEMBER_KEYS);
        StrategySpec spec = null;
        StrategyDefinition definition = null;
        if (!w.has("strategy")) {
            w.problem("strategy", "required: the name of a strategy under strategies:");
        } else {
            Optional<String> given = w.string("strategy");
            if (given.isPresent()) {
                String text = given.get();
                int bracket = text.indexOf('[');
                String base = bracket < 0 ? text : text.substring(0, bracket).trim();
                definition = strategies.get(base);
                if (definition != null) {
                    spec = bracket < 0 ? whole(w, definition) : point(w, definition, text.substring(bracket));
                } else if (!strategyNames.contains(base)) {
                    w.problem("strategy", "unknown strategy '" + base + "'" + hint(base, strategyNames));
                }
                // else: the strategy has problems of its own, reported where it is written
            }
        }
        Double weight = w.number("weight", d -> d > 0 && d <= 1,
                "a weight in (0, 1]: the member's share of the portfolio's capital").orElse(null);
        Double capital = w.number("capital", d -> d > 0, "a capital > 0").orElse(null);
        if (w.has("weight") && w.has("capital")) {
            w.problems().add(w.path(), "give weight or capital, not both");
        } else if (!w.has("weight") && !w.has("capital")) {
            w.problems().add(w.path(), "needs weight (a share of the portfolio's capital) or capital (an amount)");
        }
        if (spec != null) {
            String first = memberPaths.putIfAbsent(spec.name(), w.path());
            if (first != null) {
                w.problem("strategy", "'" + spec.name() + "' is already a member (" + first
                        + "): give it one member with the sum of the shares");
            }
        }
        if (w.problems().count() > before || spec == null) {
            return null;
        }
        return new Written(spec.name(), spec, definition.strategyClass(), weight, capital);
    }

    /** The strategy named without a grid point: refused for a sweep, which is many strategies. */
    private static StrategySpec whole(YamlMap w, StrategyDefinition d) {
        if (d.sweep().isEmpty()) {
            return d.spec();
        }
        w.problem("strategy", "'" + d.name() + "' is a sweep of " + d.combinations() + " combinations: name one"
                + " of them, e.g. '" + StrategyConfig.expand(d).get(0).name() + "'");
        return null;
    }

    /** {@code [k=v,...]} of a sweep: the grid point with those values, in any order and number format. */
    private static StrategySpec point(YamlMap w, StrategyDefinition d, String bracketed) {
        String given = d.name() + bracketed;
        if (d.sweep().isEmpty()) {
            w.problem("strategy", "'" + d.name() + "' has no sweep, so no grid points: write strategy: " + d.name());
            return null;
        }
        List<StrategySpec> grid = StrategyConfig.expand(d);
        Map<String, Double> values = pointValues(bracketed);
        if (values != null && values.keySet().equals(d.sweep().keySet())) {
            for (StrategySpec spec : grid) {
                boolean match = values.entrySet().stream()
                        .allMatch(e -> Double.compare(spec.parameters().get(e.getKey()), e.getValue()) == 0);
                if (match) {
                    return spec;
                }
            }
        }
        w.problem("strategy", "'" + given + "' is not a grid point of the sweep of '" + d.name() + "' (it sweeps "
                + String.join(", ", d.sweep().keySet()) + "); its points: " + grid.stream().limit(POINTS_LISTED)
                        .map(StrategySpec::name).collect(Collectors.joining(", "))
                + (grid.size() > POINTS_LISTED ? ", ... (" + grid.size() + " in all)" : ""));
        return null;
    }

    /** {@code [short_delta=0.15, dte_target=30]} as a map; null when it is not of that form. */
    private static Map<String, Double> pointValues(String bracketed) {
        if (!bracketed.endsWith("]")) {
            return null;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (String part : bracketed.substring(1, bracketed.length() - 1).split(",")) {
            String[] kv = part.split("=", -1);
            if (kv.length != 2) {
                return null;
            }
            try {
                if (values.put(kv[0].trim(), Double.parseDouble(kv[1].trim())) != null) {
                    return null;
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return values;
    }

    /** Without {@code margin:} the members' own margin, which must be the same for all: one account, one rule. */
    private static Margin commonMargin(YamlMap m, List<Written> members) {
        Set<Margin> margins = new LinkedHashSet<>();
        members.forEach(w -> margins.add(w.spec().sizing().margin()));
        if (margins.size() == 1) {
            return margins.iterator().next();
        }
        m.problem("margin", "not given, and the members' margins differ (" + members.stream()
                .map(w -> w.strategy() + ": " + label(w.spec().sizing().margin()))
                .collect(Collectors.joining(", ")) + "): one account has one margin rule; set margin: cash or reg-t");
        return null;
    }

    private static String label(Margin margin) {
        return margin == Margin.REG_T ? "reg-t" : "cash";
    }

    /**
     * " (did you mean 'x'?)" by spelling, else by abbreviation (the one name that holds the given
     * letters in order, from the same first letter: spx-pw for spx-put-write), else the names known.
     */
    static String hint(String given, Collection<String> known) {
        String spelt = Hints.didYouMean(given, known);
        if (!spelt.isEmpty()) {
            return spelt;
        }
        List<String> abbreviated = known.stream().filter(k -> abbreviates(given, k)).toList();
        if (abbreviated.size() == 1) {
            return " (did you mean '" + abbreviated.get(0) + "'?)";
        }
        return known.isEmpty() ? "; there are no strategies" : "; known: " + String.join(", ", new java.util.TreeSet<>(known));
    }

    private static boolean abbreviates(String given, String name) {
        String g = given.toLowerCase(java.util.Locale.ROOT);
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (g.isEmpty() || n.isEmpty() || g.charAt(0) != n.charAt(0)) {
            return false;
        }
        int at = 0;
        for (int i = 0; i < g.length(); i++) {
            at = n.indexOf(g.charAt(i), at);
            if (at < 0) {
                return false;
            }
            at++;
        }
        return true;
    }
}
