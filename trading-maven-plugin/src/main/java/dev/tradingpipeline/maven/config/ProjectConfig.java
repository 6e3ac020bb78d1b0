package dev.tradingpipeline.maven.config;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.TradingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration a goal works with: config.yaml of the project (or the defaults when the
 * project has none) with overrides on top, validated at once. Every problem names the key and
 * where the user wrote it: the file, a project property, a {@code -D} or an {@code <overrides>}
 * entry. The file is read once; each override source is checked once.
 *
 * @param config    the validated configuration
 * @param file      the file it was read from, or null when running on defaults
 * @param overrides every override in effect; a forked job gets them again
 * @param base      the file (or the defaults) as read, before any override
 * @param sources   the override sources, in order
 */
public record ProjectConfig(TradingConfig config, Path file, Map<String, String> overrides, TradingConfig base,
        List<OverrideSource> sources) {

    public static final String DEFAULT_FILE_NAME = "config.yaml";

    /** How errors name an entry of the plugin's {@code <overrides>}. */
    public static final String POM_OVERRIDE_LABEL = "<overrides> entry ";

    public ProjectConfig {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        sources = List.copyOf(sources);
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
        TradingConfig.Checked read = present ? TradingConfig.read(file) : TradingConfig.readDefaults(baseDir);
        return layered(read, present ? file : null, sources);
    }

    /**
     * This configuration with one more source of overrides on top (e.g. a stack's outputs for keys
     * no source sets), checked as the others; the file is not read again.
     *
     * @throws ConfigException listing every problem
     */
    public ProjectConfig with(OverrideSource more) {
        List<OverrideSource> all = new ArrayList<>(sources);
        all.add(more);
        return layered(new TradingConfig.Checked(base, List.of()), file, all);
    }

    private static ProjectConfig layered(TradingConfig.Checked read, Path file, List<OverrideSource> sources) {
        // Each key is checked where it takes effect, so that a problem names what the user wrote:
        // a value that a later source replaces is not checked.
        Map<String, String> effective = new LinkedHashMap<>();
        Map<String, String> labelOf = new LinkedHashMap<>();
        for (OverrideSource source : sources) {
            source.values().forEach((k, v) -> {
                effective.put(k, v);
                labelOf.put(k, source.label());
            });
        }
        TradingConfig.Checked checked = read;
        for (OverrideSource source : sources) {
            Map<String, String> mine = new LinkedHashMap<>();
            effective.forEach((k, v) -> {
                if (source.label().equals(labelOf.get(k))) {
                    mine.put(k, v);
                }
            });
            checked = checked.overlay(mine, source.label());
        }
        TradingConfig config = checked.withWarehouseChecked().orThrow();
        return new ProjectConfig(config, file, effective, read.config(), sources);
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
        // a secret given on the command line is passed on, not printed
        overrides.forEach((k, v) -> sb.append(k).append('=').append(SecretSettings.printable(k, v)).append(", "));
        return sb.substring(0, sb.length() - 2);
    }
}
