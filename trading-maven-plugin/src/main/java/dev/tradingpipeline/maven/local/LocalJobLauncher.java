package dev.tradingpipeline.maven.local;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs a {@link LocalJobSpec} in a forked JVM. The class path and JVM options go into a Java
 * {@code @argfile} (Spark's class path is some 250 jars, too long for some command lines), next to
 * a log4j2 configuration that keeps Spark quiet. Output (stdout and stderr merged) is handed to a
 * line consumer. The child is stopped when this thread is interrupted or the JVM shuts down, so
 * Ctrl-C does not leave Spark running.
 */
public final class LocalJobLauncher {

    /** Lines of output kept for error messages when the job prints no summary. */
    public static final int TAIL_LINES = 30;

    static final String LOG4J2_FILE = "log4j2.properties";

    private static final long STOP_GRACE_SECONDS = 10;
    private static final long OUTPUT_DRAIN_SECONDS = 30;

    private final Path javaExecutable;
    private final Path workingDir;
    private final Path stateDir;

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

    /**
     * @param javaExecutable the {@code java} binary to run
     * @param workingDir     the child's working directory (the project base dir)
     * @param stateDir       where the argfile and log configuration are written, e.g. target/trading
     */
    public LocalJobLauncher(Path javaExecutable, Path workingDir, Path stateDir) {
        this.javaExecutable = javaExecutable;
        this.workingDir = workingDir;
        this.stateDir = stateDir;
    }

    /** The {@code java} of the running JVM (Maven's). */
    public static Path currentJava() {
        String exe = File.separatorChar == '\\' ? "java.exe" : "java";
        return Path.of(System.getProperty("java.home"), "bin", exe);
    }

    /** Writes the argfile and log configuration; returns the command line that uses them. */
    public List<String> prepare(LocalJobSpec spec) throws IOException {
        Files.createDirectories(stateDir);
        Path log4j = stateDir.resolve(LOG4J2_FILE);
        Files.writeString(log4j, log4j2Properties(), StandardCharsets.UTF_8);
        Path argFile = stateDir.resolve("job-" + spec.name() + ".args");
        List<String> lines = jvmOptions(spec, log4j).stream().map(LocalJobLauncher::quote).toList();
        Files.write(argFile, lines, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(javaExecutable.toString());
        command.add("@" + argFile.toAbsolutePath());
        command.add(spec.mainClass());
        command.addAll(spec.arguments());
        return command;
    }

    /** JVM options in the order they are written to the argfile. */
    static List<String> jvmOptions(LocalJobSpec spec, Path log4jConfig) {
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + spec.maxHeap());
        options.addAll(spec.jvmFlags());
        options.add("-Dspark.master=" + spec.sparkMaster());
        // Spark binds to the machine's external address otherwise.
        options.add("-Dspark.driver.host=127.0.0.1");
        options.add("-Dspark.driver.bindAddress=127.0.0.1");
        options.add("-Dspark.ui.showConsoleProgress=false");
        options.add("-Dlog4j.configurationFile=" + log4jConfig.toAbsolutePath());
        options.add("-cp");
        options.add(spec.classpath().stream().map(p -> p.toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator)));
        return options;
    }

    /** Argfile quoting: inside double quotes the launcher reads backslash escapes. */
    static String quote(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String log4j2Properties() {
        return String.join("\n",
                "# Written by trading-maven-plugin for local runs: the job at INFO, the rest at WARN.",
                "status = error",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.target = SYSTEM_ERR",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss} %-5p %c{1}: %m%n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.console.ref = console",
                "logger.trading.name = dev.tradingpipeline",
                "logger.trading.level = info",
                "logger.spark.name = org.apache.spark",
                "logger.spark.level = warn",
                "logger.hadoop.name = org.apache.hadoop",
                "logger.hadoop.level = warn",
                "logger.iceberg.name = org.apache.iceberg",
                "logger.iceberg.level = warn",
                "logger.jetty.name = org.sparkproject.jetty",
                "logger.jetty.level = warn",
                "logger.nativecode.name = org.apache.hadoop.util.NativeCodeLoader",
                "logger.nativecode.level = error",
                "");
    }

    /**
     * Runs the job to its end, handing each output line to {@code output}.
     *
     * @throws InterruptedIOException when this thread is interrupted; the child is stopped first
     *                                and the interrupt flag is set again
     */
    public Result run(LocalJobSpec spec, Consumer<String> output) throws IOException {
        List<String> command = prepare(spec);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true);
        // Spark looks up the machine's external address (and warns) unless told otherwise.
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        process.getOutputStream().close();
        AtomicBoolean stopping = new AtomicBoolean();
        Thread cleanup = new Thread(() -> {
            stopping.set(true);
            stop(process);
        }, "trading-job-" + spec.name() + "-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        OutputPump pump = new OutputPump(process.getInputStream(), output);
        Thread pumpThread = new Thread(pump, "trading-job-" + spec.name() + "-output");
        pumpThread.setDaemon(true);
        pumpThread.start();
        try {
            int exit = process.waitFor();
            // A grandchild still holding the pipe must not keep the build waiting forever.
            pumpThread.join(TimeUnit.SECONDS.toMillis(OUTPUT_DRAIN_SECONDS));
            if (stopping.get()) {
                throw new InterruptedIOException("The trading job " + spec.name()
                        + " was stopped because Maven is shutting down");
            }
            if (pump.failure != null) {
                throw new IOException("Cannot read the output of the trading job " + spec.name(), pump.failure);
            }
            return new Result(exit, pump.summary(), pump.tail());
        } catch (InterruptedException e) {
            stopping.set(true);
            stop(process);
            Thread.currentThread().interrupt();
            InterruptedIOException ie = new InterruptedIOException(
                    "Interrupted while the trading job " + spec.name() + " was running; it has been stopped");
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
