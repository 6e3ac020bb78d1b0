package dev.tradingpipeline.jobs.strategy;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * Makes the {@link Strategy} a configuration names by class: a user's own, or, without a class,
 * the spec's rule-based legs. Errors name the class and what is missing, so that a typo in the
 * configuration is found before any data is read.
 */
public final class StrategyLoader {

    private StrategyLoader() {
    }

    /**
     * @param className fully qualified; null or blank = {@link RuleBasedStrategy}
     */
    public static Strategy load(String className, StrategySpec spec, ClassLoader loader) {
        if (className == null || className.isBlank()) {
            return new RuleBasedStrategy(spec);
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
