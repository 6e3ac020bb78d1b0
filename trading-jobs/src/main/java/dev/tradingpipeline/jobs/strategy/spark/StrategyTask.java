package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.jobs.strategy.BenchmarkSpec;
import dev.tradingpipeline.jobs.strategy.StrategySpec;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured strategy to simulate on each of its spec's underlyings.
 *
 * @param strategyClass a user {@link dev.tradingpipeline.jobs.strategy.Strategy} by class name;
 *     empty = the spec's own legs and rules
 * @param benchmark what each simulation is compared with; empty = nothing
 */
public record StrategyTask(StrategySpec spec, Optional<String> strategyClass, Optional<BenchmarkSpec> benchmark)
        implements Serializable {

    public StrategyTask {
        Objects.requireNonNull(spec, "spec");
        strategyClass = strategyClass == null ? Optional.empty() : strategyClass.filter(c -> !c.isBlank());
        benchmark = benchmark == null ? Optional.empty() : benchmark;
        if (spec.underlyings().isEmpty()) {
            throw new IllegalArgumentException("strategy '" + spec.name() + "' names no underlying");
        }
    }

    /** Without a benchmark. */
    public StrategyTask(StrategySpec spec, Optional<String> strategyClass) {
        this(spec, strategyClass, Optional.empty());
    }

    public static StrategyTask of(StrategySpec spec) {
        return new StrategyTask(spec, Optional.empty());
    }

    /** Class name for {@link dev.tradingpipeline.jobs.strategy.StrategyLoader}, or null. */
    String className() {
        return strategyClass.orElse(null);
    }

    /** Optional is not Serializable: tasks travel to executors as this form. */
    private Object writeReplace() {
        return new Form(spec, className(), benchmark.orElse(null));
    }

    private record Form(StrategySpec spec, String strategyClass, BenchmarkSpec benchmark) implements Serializable {
        private Object readResolve() {
            return new StrategyTask(spec, Optional.ofNullable(strategyClass), Optional.ofNullable(benchmark));
        }
    }
}
