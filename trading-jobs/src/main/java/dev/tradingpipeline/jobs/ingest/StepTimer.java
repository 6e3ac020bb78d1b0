package dev.tradingpipeline.jobs.ingest;

import java.util.Locale;

/** Wall time of each step of a batch, for its progress line ("bronze 4.6s rejects 0.0s ..."). */
final class StepTimer {
    private final StringBuilder steps = new StringBuilder();
    private long last = System.nanoTime();

    void step(String name) {
        long now = System.nanoTime();
        steps.append(steps.length() == 0 ? "" : " ").append(name).append(' ')
                .append(String.format(Locale.ROOT, "%.1fs", (now - last) / 1e9));
        last = now;
    }

    @Override
    public String toString() {
        return steps.toString();
    }
}
