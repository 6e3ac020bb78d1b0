package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.jobs.strategy.config.StrategyConfig;
import dev.tradingpipeline.jobs.strategy.config.StrategyDefinition;
import dev.tradingpipeline.jobs.strategy.engine.BenchmarkSpec;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured strategy to simulate on each of its spec's underlyings.
 *
 * @param strategyClass a user {@link dev.tradingpipeline.jobs.strategy.api.Strategy} by class name;
 *     empty = the spec's own legs and rules
 * @param benchmark what each simulation is compared with; empty = nothing
 * @param sweep the sweep the task is a grid point of; empty for a strategy that sweeps nothing
 */
public record StrategyTask(StrategySpec spec, Optional<String> strategyClass, Optional<BenchmarkSpec> benchmark,
        Optional<SweepPoint> sweep) implements Serializable {

    /**
     * What makes a task a grid point of a sweep (written to {@code gold.strategy_runs}, so that a
     * report can group the points again from the tables alone).
     *
     * @param name the configured entry's name, shared by all its grid points
     * @param parameters the swept parameters, in the order the entry gives them
     */
    public record SweepPoint(String name, List<String> parameters) implements Serializable {
        public SweepPoint {
            Objects.requireNonNull(name, "name");
            parameters = List.copyOf(parameters);
        }
    }

    public StrategyTask {
        Objects.requireNonNull(spec, "spec");
        strategyClass = strategyClass == null ? Optional.empty() : strategyClass.filter(c -> !c.isBlank());
        benchmark = benchmark == null ? Optional.empty() : benchmark;
        sweep = sweep == null ? Optional.empty() : sweep;
        if (spec.underlyings().isEmpty()) {
            throw new IllegalArgumentException("strategy '" + spec.name() + "' names no underlying");
        }
    }

    /** Without a benchmark, not part of a sweep. */
    public StrategyTask(StrategySpec spec, Optional<String> strategyClass) {
        this(spec, strategyClass, Optional.empty(), Optional.empty());
    }

    /** Not part of a sweep. */
    public StrategyTask(StrategySpec spec, Optional<String> strategyClass, Optional<BenchmarkSpec> benchmark) {
        this(spec, strategyClass, benchmark, Optional.empty());
    }

    public static StrategyTask of(StrategySpec spec) {
        return new StrategyTask(spec, Optional.empty());
    }

    /** The tasks of a configured entry: itself, or one per grid point of its sweep, in grid order. */
    public static List<StrategyTask> expand(StrategyDefinition definition) {
        Optional<SweepPoint> sweep = definition.sweep().isEmpty() ? Optional.empty()
                : Optional.of(new SweepPoint(definition.name(), new ArrayList<>(definition.sweep().keySet())));
        return StrategyConfig.expand(definition).stream()
                .map(spec -> new StrategyTask(spec, definition.strategyClass(), definition.benchmark(), sweep))
                .toList();
    }

    /** Class name for {@link dev.tradingpipeline.jobs.strategy.engine.StrategyLoader}, or null. */
    String className() {
        return strategyClass.orElse(null);
    }

    /** Optional is not Serializable: tasks travel to executors as this form. */
    private Object writeReplace() {
        return new Form(spec, className(), benchmark.orElse(null), sweep.orElse(null));
    }

    private record Form(StrategySpec spec, String strategyClass, BenchmarkSpec benchmark, SweepPoint sweep)
            implements Serializable {
        private Object readResolve() {
            return new StrategyTask(spec, Optional.ofNullable(strategyClass), Optional.ofNullable(benchmark),
                    Optional.ofNullable(sweep));
        }
    }
}
