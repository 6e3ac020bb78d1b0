package dev.tradingpipeline.jobs.strategy.config;

import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import dev.tradingpipeline.jobs.strategy.engine.Evaluation;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of config.yaml's {@code strategies:} list, validated.
 *
 * @param spec the strategy with its configured {@code params} (the base of a sweep)
 * @param strategyClass a user {@link dev.tradingpipeline.jobs.strategy.api.Strategy} class; empty = the
 *     rule-based strategy of the spec's legs
 * @param sweep parameter name to the values to try, in the order written; empty = no sweep
 * @param family the built-in family the legs come from, so that a sweep can rebuild them; empty
 *     for explicit legs or a class without a family
 * @param benchmark what each of its simulations is compared with ({@code benchmark:}); empty = nothing
 * @param evaluation the out-of-sample check of the strategy or its sweep; empty = none
 */
public record StrategyDefinition(StrategySpec spec, Optional<String> strategyClass, Map<String, List<Double>> sweep,
        Optional<String> family, Optional<BenchmarkSpec> benchmark, Optional<Evaluation> evaluation) {

    public StrategyDefinition {
        Objects.requireNonNull(spec, "spec");
        strategyClass = strategyClass == null ? Optional.empty() : strategyClass;
        family = family == null ? Optional.empty() : family;
        benchmark = benchmark == null ? Optional.empty() : benchmark;
        evaluation = evaluation == null ? Optional.empty() : evaluation;
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        if (sweep != null) {
            sweep.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        }
        sweep = Collections.unmodifiableMap(copy);
    }

    /** Without a benchmark or an out-of-sample check. */
    public StrategyDefinition(StrategySpec spec, Optional<String> strategyClass, Map<String, List<Double>> sweep,
            Optional<String> family) {
        this(spec, strategyClass, sweep, family, Optional.empty(), Optional.empty());
    }

    /** Without a family: a sweep then only changes {@link StrategySpec#parameters()}. */
    public StrategyDefinition(StrategySpec spec, Optional<String> strategyClass, Map<String, List<Double>> sweep) {
        this(spec, strategyClass, sweep, Optional.empty());
    }

    public String name() {
        return spec.name();
    }

    /** Grid points of the sweep: the product of the value counts, 1 without a sweep. */
    public int combinations() {
        int n = 1;
        for (List<Double> values : sweep.values()) {
            n *= values.size();
        }
        return n;
    }
}
