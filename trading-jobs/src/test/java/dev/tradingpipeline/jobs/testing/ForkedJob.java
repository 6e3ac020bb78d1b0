package dev.tradingpipeline.jobs.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Runs {@code TradingJob} in a child JVM, as the plugin's local runner does
 * ({@code LocalJobLauncher}): Spark's Java 17 {@code --add-opens} flags, the driver on 127.0.0.1,
 * options and class path in a Java {@code @argfile}, stdout and stderr merged and read line by line.
 * The class path is this test JVM's; the log configuration shows the job's progress lines and
 * Iceberg's commit lines, which tests read to tell what the child was doing.
 */
public final class ForkedJob {

    /** One line of the child's output and when it was read, in ms since the child started. */
    public record Line(long atMillis, String text) {
    }

    private final Process process;
    private final long startNanos;
    private final List<Line> lines = new ArrayList<>();
    private final Thread pump;

    private ForkedJob(Process process, long startNanos, Consumer<Line> onLine) {
        this.process = process;
        this.startNanos = startNanos;
        this.pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String text;
                while ((text = in.readLine()) != null) {
                    Line line = new Line(elapsedMillis(), text);
                    synchronized (lines) {
                        lines.add(line);
                    }
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // the child was killed: its output ends here
            }
        }, "forked-job-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code dev.tradingpipeline.jobs.TradingJob} with these arguments.
     *
     * @param dir       a folder of this run: the argfile and log configuration are written there
     * @param classPath this JVM's class path, with a class data archive (see {@link ClassPath})
     * @param onLine    called from the output thread for every line (e.g. to trigger a kill)
     */
    public static ForkedJob start(Path dir, ClassPath classPath, String sparkMaster, List<String> jobArgs,
            Consumer<Line> onLine) throws IOException {
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
        options.addAll(classPath.archiveOptions());
        options.add("-cp");
        options.add(classPath.classPath());
        Path argFile = dir.resolve("java.args");
        Files.write(argFile, options.stream().map(ForkedJob::quote).toList(), StandardCharsets.UTF_8);

        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("@" + argFile.toAbsolutePath());
        command.add("dev.tradingpipeline.jobs.TradingJob");
        command.addAll(jobArgs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        long start = System.nanoTime();
        Process p = builder.start();
        p.getOutputStream().close();
        return new ForkedJob(p, start, onLine);
    }

    /**
     * This JVM's class path with its class folders packed as jars, and an AppCDS archive of the
     * classes a run loads: the first child started writes the archive when it exits, the later
     * ones map it instead of loading and verifying Spark's classes again, which saves about a
     * third of the CPU time of a short run. (A dynamic archive refuses class folders, hence the jars.)
     */
    public static final class ClassPath {
        private final String classPath;
        private final Path archive;
        private final AtomicBoolean dumping = new AtomicBoolean();

        private ClassPath(String classPath, Path archive) {
            this.classPath = classPath;
            this.archive = archive;
        }

        /** Packs the class folders of this JVM's class path as jars into {@code dir}. */
        public static ClassPath packed(Path dir) throws IOException {
            Files.createDirectories(dir);
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (Files.isDirectory(p)) {
                    Path jar = dir.resolve("classes-" + (n++) + ".jar");
                    jar(p, jar);
                    entries.add(jar.toAbsolutePath().toString());
                } else if (Files.exists(p)) {
                    entries.add(entry);
                }
            }
            return new ClassPath(String.join(File.pathSeparator, entries), dir.resolve("classes.jsa"));
        }

        private static void jar(Path folder, Path jar) throws IOException {
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                    Stream<Path> files = Files.walk(folder)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(folder.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
        }

        String classPath() {
            return classPath;
        }

        /** The archive once written; before that, the first child writes it at its exit. */
        List<String> archiveOptions() {
            String option;
            if (Files.exists(archive)) {
                option = "-XX:SharedArchiveFile=" + archive.toAbsolutePath();
            } else if (!dumping.getAndSet(true)) {
                option = "-XX:ArchiveClassesAtExit=" + archive.toAbsolutePath();
            } else {
                return List.of();
            }
            // quiet: the JVM's notes on classes it cannot archive would mix with the job's output
            return List.of(option, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        }
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
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code millis} for the child to end; true when it has. */
    public boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: no shutdown hook, no finally block of the child runs. Waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        drain();
    }

    /** Waits for the end of the child and of its output; returns the exit code. */
    public int exitCode() throws InterruptedException {
        int code = process.waitFor();
        drain();
        return code;
    }

    private void drain() throws InterruptedException {
        pump.join(TimeUnit.SECONDS.toMillis(30));
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

    /** Kills the child if it still runs; for finally blocks. */
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
