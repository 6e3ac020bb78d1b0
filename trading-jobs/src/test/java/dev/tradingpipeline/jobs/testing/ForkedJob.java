package dev.tradingpipeline.jobs.testing;

import dev.tradingpipeline.testing.TestProcess;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs {@code TradingJob} in a child JVM, as the plugin's local runner does
 * ({@code LocalJobLauncher}): Spark's Java 17 {@code --add-opens} flags, the driver on 127.0.0.1,
 * options and class path in a Java {@code @argfile}, stdout and stderr merged and read line by line
 * ({@link TestProcess}, which also stops it when the test JVM ends).
 * The class path is this test JVM's; the log configuration shows the job's progress lines and
 * Iceberg's commit lines, which tests read to tell what the child was doing.
 */
public final class ForkedJob implements AutoCloseable {

    /** One line of the child's output and when it was read, in ms since the child started. */
    public record Line(long atMillis, String text) {
    }

    private final TestProcess process;
    private final List<Line> lines;

    private ForkedJob(TestProcess process, List<Line> lines) {
        this.process = process;
        this.lines = lines;
    }

    /**
     * Starts {@code dev.tradingpipeline.jobs.TradingJob} with these arguments.
     *
     * @param dir    a folder of this run: the argfile, the log configuration and the child's output
     *               ({@code output.log}, each line after its ms since the start) are written there
     * @param onLine called from the output thread for every line (e.g. to trigger a kill)
     */
    public static ForkedJob start(Path dir, String sparkMaster, List<String> jobArgs, Consumer<Line> onLine)
            throws IOException {
        Files.createDirectories(dir);
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, String.join("\n",
                "status = error",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.target = SYSTEM_OUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1}: %m%n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.console.ref = console",
                "logger.trading.name = dev.tradingpipeline",
                "logger.trading.level = info",
                // SparkWrite "Committing ...", HadoopTableOperations "Committed a new metadata file",
                // SnapshotProducer "Committed snapshot"
                "logger.iceberg.name = org.apache.iceberg",
                "logger.iceberg.level = info",
                "logger.icebergmetrics.name = org.apache.iceberg.metrics.LoggingMetricsReporter",
                "logger.icebergmetrics.level = warn",
                "logger.native.name = org.apache.hadoop.util.NativeCodeLoader",
                "logger.native.level = error",
                ""), StandardCharsets.UTF_8);
        List<String> options = new ArrayList<>();
        options.add("-Xmx1g");
        // short runs: the client compiler alone starts Spark in about half the CPU time
        options.add("-XX:TieredStopAtLevel=1");
        options.add("-XX:+UseSerialGC");
        options.addAll(sparkJavaOptions());
        options.add("-Dspark.master=" + sparkMaster);
        options.add("-Dspark.driver.host=127.0.0.1");
        options.add("-Dspark.driver.bindAddress=127.0.0.1");
        options.add("-Dspark.ui.enabled=false");
        options.add("-Dspark.ui.showConsoleProgress=false");
        // small data, two cores: the settings of the tests' own session (SparkTestSession)
        options.add("-Dspark.sql.shuffle.partitions=4");
        options.add("-Dspark.default.parallelism=2");
        options.add("-Dlog4j.configurationFile=" + log4j.toAbsolutePath());
        options.add("-cp");
        options.add(System.getProperty("java.class.path"));
        Path argFile = dir.resolve("java.args");
        Files.write(argFile, options.stream().map(ForkedJob::quote).toList(), StandardCharsets.UTF_8);

        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("@" + argFile.toAbsolutePath());
        command.add("dev.tradingpipeline.jobs.TradingJob");
        command.addAll(jobArgs);
        List<Line> lines = new ArrayList<>();
        TestProcess process = TestProcess.command("trading-job", command)
                .directory(dir)
                .environment(env -> env.put("SPARK_LOCAL_IP", "127.0.0.1"))
                .log(dir.resolve("output.log"))
                .onLine(l -> {
                    Line line = new Line(l.atMillis(), l.text());
                    synchronized (lines) {
                        lines.add(line);
                    }
                    onLine.accept(line);
                })
                .start();
        process.stdin().close();
        return new ForkedJob(process, lines);
    }

    /**
     * Spark's {@code --add-opens} list: the parent POM's {@code spark.add-opens}, which surefire
     * passes to this JVM as a property; else the flags this JVM itself was started with.
     */
    static List<String> sparkJavaOptions() {
        String configured = System.getProperty("spark.add-opens");
        if (configured != null && !configured.isBlank()) {
            return Arrays.stream(configured.trim().split("\\s+")).toList();
        }
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")
                        || a.startsWith("-Djdk.reflect.useDirectMethodHandle"))
                .toList();
    }

    private static String quote(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public long elapsedMillis() {
        return process.elapsedMillis();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code millis} for the child to end; true when it has. */
    public boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(Duration.ofMillis(millis));
    }

    /** SIGKILL: no shutdown hook, no finally block of the child runs. Waits until it is gone. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** Waits for the end of the child and of its output; returns the exit code. */
    public int exitCode() throws InterruptedException {
        return process.exitCode();
    }

    /** The lines read so far (all of them, once the child has ended). */
    public List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The whole output, for a failure message. */
    public String output() {
        StringBuilder b = new StringBuilder();
        lines().forEach(l -> b.append(l.text()).append('\n'));
        return b.toString();
    }

    /** Kills the child if it still runs; for finally blocks and try-with-resources. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
