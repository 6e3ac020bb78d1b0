package dev.tradingpipeline.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A server or job that a test starts as a child process (S3Proxy, WireMock, docker-registry, a
 * forked job, a browser), started, awaited and stopped one way for the whole build:
 *
 * <ul>
 *   <li>servers listen on {@value #LOOPBACK} at a port from {@link #freeLoopbackPort()};
 *   <li>stdout and stderr go to one file, by default {@code target/test-processes/<name>-<n>.log}
 *       (the folder is the system property {@value #LOG_DIR_PROPERTY}, which surefire sets), kept
 *       after the test for a look;
 *   <li>{@link #awaitReady} polls a readiness check up to a deadline; when the process exits first
 *       or the deadline passes, it stops the process and fails naming what, where, and the last
 *       lines of its output;
 *   <li>{@link #close()} stops it (politely, then forcibly), and so does the end of the JVM that
 *       started it, unless {@link Builder#outliveJvm()} says otherwise.
 * </ul>
 *
 * Each helper keeps only what is its own: the command, its configuration file, what "ready" means.
 */
public final class TestProcess implements AutoCloseable {

    public static final String LOOPBACK = "127.0.0.1";
    public static final String LOG_DIR_PROPERTY = "trading.test.process-logs";
    /** How many lines of output a failure message shows. */
    public static final int TAIL_LINES = 40;

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 100;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** One line of output and when it was read, in ms since the process started. */
    public record Line(long atMillis, String text) {
    }

    /** Whether a process is ready yet, e.g. whether its port answers; an exception counts as "not yet". */
    @FunctionalInterface
    public interface ReadyCheck {
        boolean ready() throws Exception;
    }

    /** Starts something on the given port and waits until it is ready; see {@link #onFreePort}. */
    @FunctionalInterface
    public interface OnPort<T> {
        T start(int port) throws IOException;
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final long startNanos;
    private final Thread pump;

    private TestProcess(String name, Process process, Path log, long startNanos, Thread pump) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startNanos = startNanos;
        this.pump = pump;
    }

    /** A process of this command; {@code name} says what it is in file names and messages ("S3Proxy"). */
    public static Builder command(String name, List<String> command) {
        return new Builder(name, command);
    }

    /** A JVM of the Java that runs this one, with these options, main class or {@code -jar} and arguments. */
    public static Builder java(String name, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        return new Builder(name, command);
    }

    /** A port on the loopback interface that nothing listens on just now. */
    public static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + LOOPBACK + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts something on a free loopback port, trying again on another port (up to {@code attempts}
     * times) when it does not get ready: another process may take the port between the check and the
     * bind. {@code start} awaits readiness itself ({@link #awaitReady} stops the process on failure).
     */
    public static <T> T onFreePort(int attempts, OnPort<T> start) {
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return start.start(freeLoopbackPort());
            } catch (IllegalStateException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                failure = e;
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        throw failure;
    }

    /** Ready when a TCP connection to the loopback port succeeds. */
    public static ReadyCheck portOpen(int port) {
        return () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, port), 500);
                return true;
            }
        };
    }

    /** Ready when the URL gives any HTTP answer. */
    public static ReadyCheck answersHttp(URI url) {
        return () -> {
            HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try {
                c.getResponseCode();
                return true;
            } finally {
                c.disconnect();
            }
        };
    }

    /**
     * Stops a process by id, e.g. one a setup script started and a verify script ends: politely,
     * then forcibly after a grace period. Does nothing when it has ended already.
     */
    public static void stop(long pid) {
        ProcessHandle.of(pid).ifPresent(TestProcess::stop);
    }

    private static void stop(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        if (!awaitExit(handle)) {
            handle.destroyForcibly();
            awaitExit(handle);
        }
    }

    /** Waits up to the grace period for the end of a process; true when it has ended. */
    private static boolean awaitExit(ProcessHandle handle) {
        try {
            handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until {@code check} says ready. Fails, after stopping the process, when the process exits
     * first or {@code timeout} passes; the message names the process, {@code where} it was awaited
     * (e.g. {@code 127.0.0.1:5000}) and shows the last lines of its output.
     *
     * @return this
     */
    public TestProcess awaitReady(String where, Duration timeout, ReadyCheck check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw failure(name + " exited with code " + process.exitValue() + " before it was ready on " + where);
            }
            try {
                if (check.ready()) {
                    return this;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception notYet) {
                // not listening yet
            }
            if (Thread.currentThread().isInterrupted()) {
                stop();
                throw failure("interrupted while waiting for " + name + " on " + where);
            }
            if (System.nanoTime() - deadline >= 0) {
                stop();
                throw failure(name + " was not ready on " + where + " within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #awaitReady} until the loopback port accepts connections. */
    public TestProcess awaitPort(int port, Duration timeout) {
        return awaitReady(LOOPBACK + ":" + port, timeout, portOpen(port));
    }

    private IllegalStateException failure(String what) {
        awaitOutput(Duration.ofSeconds(2));
        List<String> tail = tail(TAIL_LINES);
        return new IllegalStateException(what + ". " + (tail.isEmpty() ? "It printed nothing (" + log + ")."
                : "The last " + tail.size() + " lines of its output (" + log + "):\n" + String.join("\n", tail)));
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file its output goes to. */
    public Path log() {
        return log;
    }

    /** Its output so far, for assertion messages. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The last {@code n} lines of its output so far. */
    public List<String> tail(int n) {
        String text = output();
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = text.lines().toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    /** Its standard input, for a child that is told what to do. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Waits up to {@code timeout} for it to end; true when it has. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for its end and for the last of its output; returns the exit code. */
    public int exitCode() throws InterruptedException {
        int code = process.waitFor();
        awaitOutput(Duration.ofSeconds(30));
        return code;
    }

    /** Its exit code when it has ended. */
    public Optional<Integer> exitValue() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** SIGKILL: no shutdown hook, no finally block of the child runs. Waits until it is gone and its output read. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        awaitOutput(Duration.ofSeconds(30));
    }

    /** Stops it politely, forcibly when it has not ended within a grace period; waits for its end. */
    public void stop() {
        stop(process.toHandle());
        awaitOutput(Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        stop();
    }

    /** Waits (up to {@code timeout}) until the output read line by line has all been handled. */
    private void awaitOutput(Duration timeout) {
        if (pump == null || process.isAlive()) {
            return;
        }
        try {
            pump.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How to start one process. */
    public static final class Builder {
        private final String name;
        private final List<String> command;
        private Path directory;
        private Path log;
        private Path errorLog;
        private boolean appendLog;
        private Consumer<Map<String, String>> environment = env -> { };
        private Consumer<Line> onLine;
        private boolean outliveJvm;

        private Builder(String name, List<String> command) {
            this.name = name;
            this.command = List.copyOf(command);
        }

        /** Its working folder (default: this JVM's). */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Where its output goes instead of {@code <log folder>/<name>-<n>.log}. */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        /**
         * Sends stderr to a file of its own, leaving stdout alone in the log: for a command whose
         * stdout is its result (a page's DOM, say).
         */
        public Builder errorLog(Path file) {
            this.errorLog = file;
            return this;
        }

        /** Adds to the log file instead of replacing it, e.g. for a server started again. */
        public Builder appendLog() {
            this.appendLog = true;
            return this;
        }

        /** Changes its environment (a copy of this JVM's). */
        public Builder environment(Consumer<Map<String, String>> edit) {
            this.environment = edit;
            return this;
        }

        /**
         * Reads its output line by line in this JVM, hands each line to {@code listener} (on a thread
         * of its own) and writes it to the log prefixed with the ms since the start.
         */
        public Builder onLine(Consumer<Line> listener) {
            this.onLine = listener;
            return this;
        }

        /**
         * Leaves it running when this JVM ends, for a command line that starts servers and returns;
         * {@link TestProcess#stop(long)} ends it later.
         */
        public Builder outliveJvm() {
            this.outliveJvm = true;
            return this;
        }

        /** Starts it; a builder started again (a server restarted) writes to the same log. */
        public TestProcess start() {
            if (log == null) {
                log = defaultLog(name);
            }
            Path file = log;
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(errorLog == null);
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            environment.accept(builder.environment());
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                if (errorLog != null) {
                    Files.createDirectories(errorLog.toAbsolutePath().getParent());
                    builder.redirectError(appendLog ? ProcessBuilder.Redirect.appendTo(errorLog.toFile())
                            : ProcessBuilder.Redirect.to(errorLog.toFile()));
                }
                if (onLine == null) {
                    builder.redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(file.toFile())
                            : ProcessBuilder.Redirect.to(file.toFile()));
                }
                long startNanos = System.nanoTime();
                Process process = builder.start();
                if (!outliveJvm) {
                    // never outlive the JVM that started it, even when close() is forgotten
                    Thread stopOnExit = new Thread(process::destroyForcibly, name + "-stop-on-exit");
                    Runtime.getRuntime().addShutdownHook(stopOnExit);
                    process.onExit().thenRun(() -> {
                        try {
                            Runtime.getRuntime().removeShutdownHook(stopOnExit);
                        } catch (IllegalStateException shuttingDown) {
                            // the hook is running or about to
                        }
                    });
                }
                Thread pump = onLine == null ? null : pump(process, file, startNanos);
                return new TestProcess(name, process, file, startNanos, pump);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(),
                        e);
            }
        }

        private Thread pump(Process process, Path file, long startNanos) throws IOException {
            Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    appendLog ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            Consumer<Line> listener = onLine;
            Thread pump = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); out) {
                    String text;
                    while ((text = in.readLine()) != null) {
                        Line line = new Line(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), text);
                        out.write(line.atMillis() + " " + text + "\n");
                        out.flush();
                        listener.accept(line);
                    }
                } catch (IOException e) {
                    // the child was killed: its output ends here
                }
            }, name + "-output");
            pump.setDaemon(true);
            pump.start();
            return pump;
        }

        private static Path defaultLog(String name) {
            Path dir = Path.of(System.getProperty(LOG_DIR_PROPERTY, "target/test-processes"));
            return dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "-").toLowerCase() + "-"
                    + SEQUENCE.incrementAndGet() + ".log");
        }
    }
}
