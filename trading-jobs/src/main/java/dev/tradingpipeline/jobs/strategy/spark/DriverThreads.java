package dev.tradingpipeline.jobs.strategy.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Independent pieces of a job's driver work run at once, each on a thread of its own: Spark runs
 * jobs submitted from several threads side by side, and much of a commit's time is spent waiting
 * (metadata files written and read, tasks scheduled), not computing.
 *
 * <p>Threads are made for each call, never pooled: a thread takes a copy of Spark's local
 * properties (job group, SQL execution id) from the thread that makes it, so a pooled thread
 * would carry those of an earlier run.
 */
final class DriverThreads {

    private DriverThreads() {
    }

    /** Work running on a thread of its own; {@link #join()} waits for it and rethrows its failure. */
    private static final class Background {
        private final Thread thread;
        private volatile Throwable failure;

        private Background(String name, Runnable work) {
            thread = new Thread(() -> {
                try {
                    work.run();
                } catch (Throwable t) { // NOPMD: handed to the joining thread
                    failure = t;
                }
            }, name);
            thread.setDaemon(true);
        }

        /** Waits for the work to end; rethrows its failure (an Error or RuntimeException as is). */
        void join() {
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the work cannot be abandoned half done: wait on
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    /**
     * Runs every piece of work at once, each on a thread of its own, computes {@code meanwhile} on
     * the calling thread, and waits for all of them, also when one fails; then returns what
     * {@code meanwhile} gave, or throws the first failure (the calling thread's first, then in the
     * list's order), the others added to it as suppressed.
     */
    static <T> T runAll(String name, List<Runnable> work, Supplier<T> meanwhile) {
        List<Background> running = new ArrayList<>();
        for (int i = 0; i < work.size(); i++) {
            Background b = new Background(name + "-" + (i + 1), work.get(i));
            b.thread.start();
            running.add(b);
        }
        Throwable first = null;
        T result = null;
        try {
            result = meanwhile.get();
        } catch (RuntimeException | Error e) {
            first = e;
        }
        for (Background b : running) {
            try {
                b.join();
            } catch (RuntimeException | Error e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof Error e) {
            throw e;
        }
        if (first != null) {
            throw (RuntimeException) first;
        }
        return result;
    }
}
