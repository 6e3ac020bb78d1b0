package dev.tradingpipeline.maven.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A job's process run to its end from the build: the local target's forked JVM, or the spark
 * target's spark-submit (whose driver runs in it, in client mode). Output (stdout and stderr
 * merged) is handed to a line consumer, and the job's {@code [trading-summary]} lines and its last
 * lines are kept for the build's closing message. The child is stopped when this thread is
 * interrupted or the JVM shuts down (Ctrl-C), politely first so that Spark's shutdown hooks run
 * and end the application on its cluster.
 */
public final class JobProcess {

    /** Lines of output kept for error messages when the job prints no summary. */
    public static final int TAIL_LINES = 30;

    private static final long STOP_GRACE_SECONDS = 10;
    private static final long OUTPUT_DRAIN_SECONDS = 30;

    /** What a finished run left: its exit code, its summary lines and its last lines of output. */
    public record Result(int exitCode, List<String> summaryLines, List<String> lastLines) {
        public Result {
            summaryLines = List.copyOf(summaryLines);
            lastLines = List.copyOf(lastLines);
        }

        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private JobProcess() {
    }

    /**
     * Starts the process and waits for its end, handing each output line to {@code output}.
     *
     * @param what names the job in messages, e.g. {@code The trading job bootstrap}
     * @throws InterruptedIOException when this thread is interrupted or Maven shuts down; the child
     *                                is stopped first and the interrupt flag is set again
     */
    public static Result run(ProcessBuilder builder, String what, Consumer<String> output) throws IOException {
        builder.redirectErrorStream(true);
        Process process = builder.start();
        process.getOutputStream().close();
        AtomicBoolean stopping = new AtomicBoolean();
        Thread cleanup = new Thread(() -> {
            stopping.set(true);
            stop(process);
        }, "trading-job-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        OutputPump pump = new OutputPump(process.getInputStream(), output);
        Thread pumpThread = new Thread(pump, "trading-job-output");
        pumpThread.setDaemon(true);
        pumpThread.start();
        try {
            int exit = process.waitFor();
            // A grandchild still holding the pipe must not keep the build waiting forever.
            pumpThread.join(TimeUnit.SECONDS.toMillis(OUTPUT_DRAIN_SECONDS));
            if (stopping.get()) {
                throw new InterruptedIOException(what + " was stopped because Maven is shutting down");
            }
            if (pump.failure != null) {
                throw new IOException("Cannot read the output of " + lower(what), pump.failure);
            }
            return new Result(exit, pump.summary(), pump.tail());
        } catch (InterruptedException e) {
            stopping.set(true);
            stop(process);
            Thread.currentThread().interrupt();
            InterruptedIOException ie = new InterruptedIOException(
                    "Interrupted while " + lower(what) + " was running; it has been stopped");
            ie.initCause(e);
            throw ie;
        } finally {
            if (process.isAlive()) {
                stop(process);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: nothing left to remove.
            }
        }
    }

    private static String lower(String what) {
        return what.isEmpty() ? what : Character.toLowerCase(what.charAt(0)) + what.substring(1);
    }

    /** Stops the child and its descendants: politely first so Spark's shutdown hooks run. */
    static void stop(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        boolean interrupted = false;
        try {
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the merged output line by line, keeping the summary lines and the last lines. */
    private static final class OutputPump implements Runnable {
        private final InputStream in;
        private final Consumer<String> output;
        private final List<String> summary = Collections.synchronizedList(new ArrayList<>());
        private final Deque<String> tail = new ArrayDeque<>();
        private volatile IOException failure;

        OutputPump(InputStream in, Consumer<String> output) {
            this.in = in;
            this.output = output;
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (JobSummary.isSummaryLine(line)) {
                        summary.add(line);
                    }
                    synchronized (tail) {
                        if (tail.size() == TAIL_LINES) {
                            tail.removeFirst();
                        }
                        tail.addLast(line);
                    }
                    output.accept(line);
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        List<String> summary() {
            synchronized (summary) {
                return List.copyOf(summary);
            }
        }

        List<String> tail() {
            synchronized (tail) {
                return List.copyOf(tail);
            }
        }
    }
}
