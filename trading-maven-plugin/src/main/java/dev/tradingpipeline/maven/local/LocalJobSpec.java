package dev.tradingpipeline.maven.local;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of a Java main class in a forked JVM with Spark in local mode.
 *
 * @param name        short name for files and messages, e.g. {@code bootstrap}
 * @param maxHeap     the JVM's -Xmx value, e.g. {@code 6g}
 * @param sparkMaster Spark master, e.g. {@code local[*]}
 * @param jvmFlags    further JVM flags (Spark's Java 17 --add-opens list)
 */
public record LocalJobSpec(String name, String mainClass, List<String> arguments, List<Path> classpath,
        String maxHeap, String sparkMaster, List<String> jvmFlags) {

    public LocalJobSpec {
        arguments = List.copyOf(arguments);
        classpath = List.copyOf(classpath);
        jvmFlags = List.copyOf(jvmFlags);
    }

    /**
     * The trading job for one mode, configured as the plugin loaded it: the same config file, the
     * same overrides (as {@code --set}), heap and master from the config.
     *
     * @param configFile the config file, or null when running on defaults (the job then resolves
     *                   relative paths against its working directory, the project base dir)
     * @param date       the business date, or null for the job's default
     */
    public static LocalJobSpec tradingJob(String mode, TradingConfig config, Path configFile,
            Map<String, String> overrides, LocalDate date, List<Path> classpath, JobRuntime runtime) {
        return tradingJob(mode, config, configFile, overrides, date, null, classpath, runtime);
    }

    /**
     * As above, for the report mode too.
     *
     * @param runId the strategy run whose report to write again (mode report), or null
     */
    public static LocalJobSpec tradingJob(String mode, TradingConfig config, Path configFile,
            Map<String, String> overrides, LocalDate date, String runId, List<Path> classpath, JobRuntime runtime) {
        List<String> args = new ArrayList<>(List.of("--mode", mode));
        if (configFile != null) {
            args.add("--config");
            args.add(configFile.toAbsolutePath().normalize().toString());
        }
        if (date != null) {
            args.add("--date");
            args.add(date.toString());
        }
        if (runId != null) {
            args.add("--run-id");
            args.add(runId);
        }
        overrides.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        String heap = heap(config.get(ConfigKeys.sizing(mode, "driver-memory")));
        return new LocalJobSpec(mode, JobRuntime.MAIN_CLASS, args, classpath, heap,
                config.get(ConfigKeys.LOCAL_MASTER), runtime.java17Opens());
    }

    /** Spark reads a memory size without unit as MiB; the JVM would read it as bytes. */
    static String heap(String memory) {
        String m = memory.trim();
        return Character.isDigit(m.charAt(m.length() - 1)) ? m + "m" : m;
    }
}
