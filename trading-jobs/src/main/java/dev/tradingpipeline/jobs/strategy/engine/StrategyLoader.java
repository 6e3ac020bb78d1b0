package dev.tradingpipeline.jobs.strategy.engine;

import dev.tradingpipeline.jobs.strategy.api.Strategy;
import dev.tradingpipeline.jobs.strategy.spec.StrategySpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@link Strategy} a configuration names by class: a user's own, or, without a class,
 * the spec's rule-based legs. Errors name the class and what is missing, so that a typo in the
 * configuration is found before any data is read.
 */
public final class StrategyLoader {

    private static final Logger LOG = LoggerFactory.getLogger(StrategyLoader.class);

    /**
     * Strategy classes a configuration could name that have moved package, by their old names: the
     * old name still loads the class, with a warning (once per name and JVM).
     */
    static final Map<String, String> MOVED = Map.of(
            "dev.tradingpipeline.jobs.strategy.RuleBasedStrategy", RuleBasedStrategy.class.getName());

    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private StrategyLoader() {
    }

    /**
     * @param className fully qualified; null or blank = {@link RuleBasedStrategy}
     */
    public static Strategy load(String className, StrategySpec spec, ClassLoader loader) {
        if (className == null || className.isBlank()) {
            return new RuleBasedStrategy(spec);
        }
        String moved = MOVED.get(className.trim());
        if (moved != null) {
            if (WARNED.add(className.trim())) {
                LOG.warn("strategy '{}': class {} is deprecated, it moved to {}: use that name in the"
                        + " configuration (or no class: the rule-based strategy is the default)", spec.name(),
                        className.trim(), moved);
            }
            className = moved;
        }
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("strategy '" + spec.name() + "': class " + className
                    + " is not on the class path", e);
        }
        if (!Strategy.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("strategy '" + spec.name() + "': " + className + " does not implement "
                    + Strategy.class.getName());
        }
        try {
            try {
                Constructor<?> withSpec = type.getConstructor(StrategySpec.class);
                return (Strategy) withSpec.newInstance(spec);
            } catch (NoSuchMethodException e) {
                return (Strategy) type.getConstructor().newInstance();
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("strategy '" + spec.name() + "': " + className
                    + " needs a public constructor taking a StrategySpec, or a public no-argument one", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("strategy '" + spec.name() + "': the constructor of " + className
                    + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("strategy '" + spec.name() + "': cannot create " + className + ": " + e,
                    e);
        }
    }
}
