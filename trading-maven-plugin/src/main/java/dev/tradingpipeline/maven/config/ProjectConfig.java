package dev.tradingpipeline.maven.config;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration a goal works with: config.yaml of the project (or the defaults when the
 * project has none) with overrides on top, validated at once. Every problem names the key and
 * where the user wrote it: the file, a project property, a {@code -D} or an {@code <overrides>}
 * entry.
 *
 * @param config    the validated configuration
 * @param file      the file it was read from, or null when running on defaults
 * @param overrides every override in effect; a forked job gets them again
 */
public record ProjectConfig(TradingConfig config, Path file, Map<String, String> overrides) {

    public static final String DEFAULT_FILE_NAME = "config.yaml";

    /** How errors name an entry of the plugin's {@code <overrides>}. */
    public static final String POM_OVERRIDE_LABEL = "<overrides> entry ";

    private static final String PROBLEMS_HEADER = "Invalid configuration:\n  - ";

    public ProjectConfig {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /**
     * Loads and validates the configuration.
     *
     * @param baseDir      the project base dir
     * @param explicitFile the file the user named, or null for {@code <baseDir>/config.yaml}
     *                     (which may be absent: the defaults apply then)
     * @param sources      override sources in order, the later winning
     * @throws ConfigException listing every problem
     */
    public static ProjectConfig load(Path baseDir, Path explicitFile, List<OverrideSource> sources) {
        Path file = (explicitFile != null ? baseDir.resolve(explicitFile) : baseDir.resolve(DEFAULT_FILE_NAME))
                .toAbsolutePath().normalize();
        boolean present = Files.isRegularFile(file);
        if (explicitFile != null && !present) {
            throw new ConfigException("Configuration file " + file + " (trading.config / <configFile>) does not exist");
        }
        String sourceName = present ? file.toString() : "(defaults)";

        // Each key is checked where it takes effect, so that a problem names what the user wrote.
        Map<String, String> effective = new LinkedHashMap<>();
        Map<String, String> labelOf = new LinkedHashMap<>();
        for (OverrideSource source : sources) {
            source.values().forEach((k, v) -> {
                effective.put(k, v);
                labelOf.put(k, source.label());
            });
        }
        List<String> problems = new ArrayList<>();
        // the warehouse's folder is checked where its effective value was written: in the file
        // (or the default) unless an override replaces it, else in the last override setting it
        String warehouseFrom = labelOf.get(ConfigKeys.PATHS_WAREHOUSE);
        if (present) {
            collect(problems, () -> TradingConfig.load(file, Map.of(), ConfigOverrides.USER_PROPERTY_LABEL,
                    warehouseFrom == null));
        }
        for (OverrideSource source : sources) {
            Map<String, String> mine = new LinkedHashMap<>();
            effective.forEach((k, v) -> {
                if (source.label().equals(labelOf.get(k))) {
                    mine.put(k, v);
                }
            });
            if (!mine.isEmpty()) {
                collect(problems, () -> TradingConfig.parse("", sourceName, baseDir.toString(), mine, source.label(),
                        source.label().equals(warehouseFrom)));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(PROBLEMS_HEADER + String.join("\n  - ", problems));
        }
        TradingConfig config = present
                ? TradingConfig.load(file, effective, ConfigOverrides.USER_PROPERTY_LABEL)
                : TradingConfig.defaults(baseDir, effective, ConfigOverrides.USER_PROPERTY_LABEL);
        return new ProjectConfig(config, present ? file : null, effective);
    }

    private static void collect(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (ConfigException e) {
            String message = e.getMessage();
            if (message.startsWith(PROBLEMS_HEADER)) {
                problems.addAll(Arrays.asList(message.substring(PROBLEMS_HEADER.length()).split("\n  - ")));
            } else {
                // Not a list of key problems (e.g. the file is not valid YAML): nothing else to check.
                throw e;
            }
        }
    }

    public boolean onDefaults() {
        return file == null;
    }

    /** One line for the build log: where the configuration came from. */
    public String describe() {
        String from = file != null ? "Configuration " + file
                : "No " + DEFAULT_FILE_NAME + " in the project: running on the default configuration";
        if (overrides.isEmpty()) {
            return from;
        }
        StringBuilder sb = new StringBuilder(from).append(" with overrides ");
        overrides.forEach((k, v) -> sb.append(k).append('=').append(v).append(", "));
        return sb.substring(0, sb.length() - 2);
    }
}
