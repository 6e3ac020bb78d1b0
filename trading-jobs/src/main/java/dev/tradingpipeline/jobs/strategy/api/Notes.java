package dev.tradingpipeline.jobs.strategy.api;

/** Where a strategy explains what it did not do; the engine dates each note. */
@FunctionalInterface
public interface Notes {

    void add(String message);
}
