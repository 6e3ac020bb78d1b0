package dev.tradingpipeline.maven.emr;

import java.time.Duration;

/** Waits between polls; tests pass one that only advances a fake clock. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the current thread. */
    Sleeper THREAD = d -> Thread.sleep(Math.max(0, d.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
