package dev.tradingpipeline.maven.local;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs a {@link LocalJobSpec} in a forked JVM. The class path and JVM options go into a Java
 * {@code @argfile} (Spark's class path is some 250 jars, too long for some command lines), next to
 * a log4j2 configuration that keeps Spark quiet. The child runs as a {@link JobProcess}: output
 * handed on line by line, stopped with the build (Ctrl-C does not leave Spark running).
 */
public final class LocalJobLauncher {

    static final String LOG4J2_FILE = "log4j2.properties";

    private final Path javaExecutable;
    private final Path workingDir;
    private final Path stateDir;

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

    /** The driver's log4j2 configuration on the local and spark targets: the job at INFO, the rest at WARN. */
    public static String log4j2Properties() {
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
                // S3A's metrics warn on every start that they have no configuration file
                "logger.s3ametrics.name = org.apache.hadoop.metrics2.impl.MetricsConfig",
                "logger.s3ametrics.level = error",
                "");
    }

    /**
     * Runs the job to its end, handing each output line to {@code output}.
     *
     * @throws InterruptedIOException when this thread is interrupted; the child is stopped first
     *                                and the interrupt flag is set again
     */
    public JobProcess.Result run(LocalJobSpec spec, Consumer<String> output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(prepare(spec)).directory(workingDir.toFile());
        // Spark looks up the machine's external address (and warns) unless told otherwise.
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return JobProcess.run(builder, "The trading job " + spec.name(), output);
    }
}
