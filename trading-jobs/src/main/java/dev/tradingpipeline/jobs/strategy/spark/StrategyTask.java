package dev.tradingpipeline.jobs.strategy.spark;

import dev.tradingpipeline.jobs.strategy.StrategySpec;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured strategy to simulate on each of its spec's underlyings.
 *
 * @param strategyClass a user {@link dev.tradingpipeline.jobs.strategy.Strategy} by class name;
 *     empty = the spec's own legs and rules
 */
public record StrategyTask(StrategySpec spec, Optional<String> strategyClass) implements Serializable {

    public StrategyTask {
        Objects.requireNonNull(spec, "spec");
        strategyClass = strategyClass == null ? Optional.empty() : strategyClass.filter(c -> !c.isBlank());
        if (spec.underlyings().isEmpty()) {
            throw new IllegalArgumentException("strategy '" + spec.name() + "' names no underlying");
        }
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
        return new Form(spec, className());
    }

    private record Form(StrategySpec spec, String strategyClass) implements Serializable {
        private Object readResolve() {
            return new StrategyTask(spec, Optional.ofNullable(strategyClass));
        }
    }
}
