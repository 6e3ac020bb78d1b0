package dev.tradingpipeline.core.config;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The application configuration: config.yaml flattened to dotted keys, validated against
 * {@link ConfigKeys}, with overrides ({@code -Dtrading.<key>} in Maven, {@code --set key=value}
 * in the job) applied on top. Every problem is reported at once, before any work starts, naming
 * the key and where it came from.
 *
 * <p>The exceptions to flattening are the top-level {@value #STRATEGIES} and {@value #PORTFOLIOS}
 * lists: lists of mappings that {@code dev.tradingpipeline.jobs.strategy.config.StrategyConfig}
 * reads and validates. They are kept aside as written, so overrides cannot address them.
 */
public final class TradingConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The top-level key holding the strategy definitions, kept as written rather than flattened. */
    public static final String STRATEGIES = "strategies";
    /** The top-level key holding the portfolios of strategies, kept as written like {@value #STRATEGIES}. */
    public static final String PORTFOLIOS = "portfolios";

    private final String source;
    private final String baseLocation;
    private final Map<String, String> values;
    /** The keys of {@link #values} the file did not set: how the user named the override that did. */
    private final Map<String, String> overriddenAt;
    private final List<Map<String, Object>> strategies;
    private final List<Map<String, Object>> portfolios;

    private TradingConfig(String source, String baseLocation, Map<String, String> values,
            Map<String, String> overriddenAt, List<Map<String, Object>> strategies,
            List<Map<String, Object>> portfolios) {
        this.source = source;
        this.baseLocation = baseLocation;
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.overriddenAt = Collections.unmodifiableMap(new TreeMap<>(overriddenAt));
        this.strategies = strategies;
        this.portfolios = portfolios;
    }

    /**
     * A configuration read from one source with the problems found in it; the configuration holds
     * the values as written (a value with a problem included), so that further sources can be
     * layered on and every problem of every source reported together.
     */
    public record Checked(TradingConfig config, List<Problem> problems) {
        public Checked {
            problems = List.copyOf(problems);
        }

        /**
         * This configuration with overrides on top, each checked and named as {@code <label><key>
         * (override of <source>)}, keeping the problems found so far; no text is parsed again.
         */
        public Checked overlay(Map<String, String> overrides, String overrideLabel) {
            return TradingConfig.overlay(this, overrides, overrideLabel);
        }

        /**
         * With the check of {@code paths.warehouse}'s folder ({@link WarehouseLocation}), named where
         * its effective value was written: the last override setting it, else the file, else the default.
         */
        public Checked withWarehouseChecked() {
            List<Problem> all = new ArrayList<>(problems);
            config.checkWarehouse(all);
            return new Checked(config, all);
        }

        /** The configuration, or every problem at once. */
        public TradingConfig orThrow() {
            if (!problems.isEmpty()) {
                throw new ConfigException(ConfigException.INVALID_CONFIGURATION, problems);
            }
            return config;
        }
    }

    /** Loads a local config file; relative locations resolve against the file's folder. */
    public static TradingConfig load(Path file, Map<String, String> overrides, String overrideLabel) {
        return load(file, overrides, overrideLabel, true);
    }

    /**
     * As {@link #load(Path, Map, String)}; {@code checkWarehouse} false leaves out the check of
     * {@code paths.warehouse}'s folder, for a caller that checks part of a configuration only.
     */
    public static TradingConfig load(Path file, Map<String, String> overrides, String overrideLabel,
            boolean checkWarehouse) {
        Checked read = read(file).overlay(overrides, overrideLabel);
        return (checkWarehouse ? read.withWarehouseChecked() : read).orThrow();
    }

    /**
     * Reads and checks a local config file once, without overrides and without the warehouse
     * check (see {@link #overlay} and {@link Checked#withWarehouseChecked}); relative locations
     * resolve against the file's folder.
     *
     * @throws ConfigException when the file cannot be read or is not YAML (nothing else can be checked)
     */
    public static Checked read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("Configuration file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        return read(text, file.toString(), dir.toString());
    }

    /** The defaults, as {@link #read(Path)} gives a file: what a project without config.yaml starts from. */
    public static Checked readDefaults(Path baseDir) {
        return read("", "(defaults)", baseDir.toAbsolutePath().normalize().toString());
    }

    /** Defaults only, plus overrides: what a project without config.yaml gets. */
    public static TradingConfig defaults(Path baseDir, Map<String, String> overrides, String overrideLabel) {
        return parse("", "(defaults)", baseDir.toAbsolutePath().normalize().toString(), overrides, overrideLabel);
    }

    /**
     * Parses config text.
     *
     * @param sourceName    how errors name the file
     * @param baseLocation  folder (or s3:// prefix) that relative locations resolve against
     * @param overrides     key=value overrides, applied after the file
     * @param overrideLabel how errors name an override, e.g. {@code -Dtrading.} or {@code --set }
     */
    public static TradingConfig parse(String text, String sourceName, String baseLocation,
            Map<String, String> overrides, String overrideLabel) {
        return parse(text, sourceName, baseLocation, overrides, overrideLabel, true);
    }

    /**
     * As {@link #parse(String, String, String, Map, String)}; {@code checkWarehouse} false leaves
     * out the check of {@code paths.warehouse}'s folder (see {@link WarehouseLocation}), for a
     * caller that checks part of a configuration only (one override source on the defaults).
     */
    public static TradingConfig parse(String text, String sourceName, String baseLocation,
            Map<String, String> overrides, String overrideLabel, boolean checkWarehouse) {
        Checked read = read(text, sourceName, baseLocation).overlay(overrides, overrideLabel);
        return (checkWarehouse ? read.withWarehouseChecked() : read).orThrow();
    }

    /**
     * Parses and checks config text once, without overrides and without the warehouse check.
     *
     * @throws ConfigException when the text is not YAML or not a mapping (nothing else can be checked)
     */
    public static Checked read(String text, String sourceName, String baseLocation) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> flat = new LinkedHashMap<>();
        Object root;
        try {
            root = new Yaml(new DatesAsWritten()).load(text);
        } catch (YAMLException e) {
            throw new ConfigException(sourceName + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root != null && !(root instanceof Map)) {
            throw new ConfigException(sourceName + ": expected a mapping of keys at the top level");
        }
        List<Map<String, Object>> strategies = List.of();
        List<Map<String, Object>> portfolios = List.of();
        if (root != null) {
            Map<?, ?> top = new LinkedHashMap<>((Map<?, ?>) root);
            if (top.containsKey(STRATEGIES)) {
                strategies = mappings(STRATEGIES, "strategies", top.remove(STRATEGIES), problems, sourceName);
            }
            if (top.containsKey(PORTFOLIOS)) {
                portfolios = mappings(PORTFOLIOS, "portfolios", top.remove(PORTFOLIOS), problems, sourceName);
            }
            flatten("", top, flat, problems, sourceName);
        }
        for (Map.Entry<String, String> e : flat.entrySet()) {
            check(e.getKey(), e.getValue(), sourceName + ": key '" + e.getKey() + "'", problems);
        }
        return new Checked(new TradingConfig(sourceName, baseLocation, flat, Map.of(), strategies, portfolios),
                problems);
    }

    /** Layers overrides on a checked configuration, keeping the problems found so far. */
    private static Checked overlay(Checked base, Map<String, String> overrides, String overrideLabel) {
        if (overrides == null || overrides.isEmpty()) {
            return base;
        }
        TradingConfig c = base.config();
        List<Problem> problems = new ArrayList<>(base.problems());
        Map<String, String> merged = new LinkedHashMap<>(c.values);
        Map<String, String> at = new LinkedHashMap<>(c.overriddenAt);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String where = overrideLabel + e.getKey() + " (override of " + c.source + ")";
            check(e.getKey(), e.getValue(), where, problems);
            merged.put(e.getKey(), e.getValue() == null ? null : e.getValue().trim());
            at.put(e.getKey(), where);
        }
        return new Checked(new TradingConfig(c.source, c.baseLocation, merged, at, c.strategies, c.portfolios),
                problems);
    }

    /**
     * Keeps YAML timestamps as the text written: SnakeYAML's own reading is lenient (2024-13-01
     * becomes 2025-01-01), while {@link LocalDate#parse} rejects an impossible day.
     */
    private static final class DatesAsWritten extends SafeConstructor {
        DatesAsWritten() {
            super(new LoaderOptions());
            this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }
    }

    /** Checks only the shape (a list of mappings); StrategyConfig checks what is inside. */
    private static List<Map<String, Object>> mappings(String key, String noun, Object value, List<Problem> problems,
            String sourceName) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problems.add(new Problem(key, sourceName + ": key '" + key + "'",
                    "expected a list of " + noun + " (one mapping each)"));
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> copy = (Map<String, Object>) asWritten(m);
                out.add(copy);
            } else {
                problems.add(new Problem(key + "[" + i + "]", sourceName + ": " + key + "[" + i + "]",
                        "expected a mapping of keys, got '" + list.get(i) + "'"));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** A serializable, read-only copy of a YAML subtree, with YAML timestamps as calendar days. */
    private static Object asWritten(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), asWritten(x)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(asWritten(x)));
            return Collections.unmodifiableList(out);
        }
        if (v instanceof java.util.Date d) {
            return d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        }
        return v;
    }

    /** The warehouse's place, checked before Spark starts: see {@link WarehouseLocation}. */
    private void checkWarehouse(List<Problem> problems) {
        String key = ConfigKeys.PATHS_WAREHOUSE;
        String where;
        if (overriddenAt.containsKey(key)) {
            where = overriddenAt.get(key);
        } else if (values.containsKey(key)) {
            where = source + ": key '" + key + "'";
        } else {
            where = source + ": key '" + key + "' (not set: the default)";
        }
        String v = values.get(key);
        if (v == null) {
            v = ConfigKeys.find(key).orElseThrow().defaultValue();
        }
        if (v.isBlank()) {
            return; // reported as blank already
        }
        String location;
        try {
            location = resolve(v.trim(), baseLocation);
        } catch (java.nio.file.InvalidPathException e) {
            problems.add(new Problem(key, where, "'" + v + "' is not a valid path: " + e.getMessage()));
            return;
        }
        WarehouseLocation.problem(location).ifPresent(p -> problems.add(new Problem(key, where, p)));
    }

    private static void check(String key, String value, String where, List<Problem> problems) {
        var def = ConfigKeys.find(key);
        if (def.isEmpty()) {
            String hint = ConfigKeys.closest(key).map(k -> " (did you mean '" + k + "'?)").orElse("");
            problems.add(Problem.unknownKey(key, where, hint));
            return;
        }
        String problem = def.get().problemWith(value);
        if (problem != null) {
            problems.add(new Problem(key, where, problem));
        }
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out, List<Problem> problems,
            String sourceName) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                flatten(key + ".", m, out, problems, sourceName);
            } else if (v instanceof List<?> l) {
                List<String> items = new ArrayList<>();
                for (Object item : l) {
                    if (item instanceof Map || item instanceof List) {
                        problems.add(new Problem(key, sourceName + ": key '" + key + "'",
                                "expected a list of plain values"));
                        break;
                    }
                    items.add(String.valueOf(item));
                }
                out.put(key, String.join(",", items));
            } else if (v instanceof java.util.Date d) {
                // YAML reads 2024-01-02 as a timestamp; the config means the calendar day
                out.put(key, d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString());
            } else {
                out.put(key, v == null ? null : String.valueOf(v));
            }
        }
    }

    public String source() {
        return source;
    }

    /**
     * The top-level {@value #STRATEGIES} list as written (each a read-only mapping; dates as
     * {@link LocalDate}); empty when there is none.
     */
    public List<Map<String, Object>> strategies() {
        return strategies;
    }

    /** The top-level {@value #PORTFOLIOS} list as written, as {@link #strategies()}; empty when there is none. */
    public List<Map<String, Object>> portfolios() {
        return portfolios;
    }

    /** The value of a key: as configured or overridden, else its default. */
    public String get(String key) {
        ConfigKey def = ConfigKeys.find(key)
                .orElseThrow(() -> new IllegalArgumentException("Unknown configuration key " + key));
        String v = values.get(key);
        return v != null ? v : def.defaultValue();
    }

    public int getInt(String key) {
        return Integer.parseInt(get(key).trim());
    }

    public boolean getBoolean(String key) {
        return Boolean.parseBoolean(get(key).trim());
    }

    /** A {@link ConfigKey.Type#MEMORY} value in bytes, e.g. {@code 16g}. */
    public long getBytes(String key) {
        String v = get(key).trim().toLowerCase(java.util.Locale.ROOT);
        char unit = v.charAt(v.length() - 1);
        int shift = switch (unit) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        return Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1)) << shift;
    }

    /** A {@link ConfigKey.Type#DURATION} value, e.g. {@code 7d}. */
    public Duration getDuration(String key) {
        return ConfigKey.parseDuration(get(key));
    }

    public LocalDate getDate(String key) {
        return LocalDate.parse(get(key).trim());
    }

    public List<String> getList(String key) {
        return Arrays.stream(get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public String target() {
        return get(ConfigKeys.TARGET);
    }

    /** The Iceberg catalog type: as configured, else glue on the emr target and hadoop locally. */
    public String catalogType() {
        if (values.get(ConfigKeys.CATALOG_TYPE) != null) {
            return get(ConfigKeys.CATALOG_TYPE);
        }
        return "emr".equals(target()) ? "glue" : "hadoop";
    }

    /**
     * A location key resolved to something Spark and Hadoop understand: URIs with a scheme
     * stay as they are, relative local paths resolve against the config file's folder.
     */
    public String location(String key) {
        return resolve(get(key).trim(), baseLocation);
    }

    /**
     * A location written somewhere other than a key (e.g. in the strategies list) resolved as
     * {@link #location} resolves a key's; throws {@link java.nio.file.InvalidPathException} for a
     * local path that cannot be one.
     */
    public String resolveLocation(String written) {
        return resolve(written.trim(), baseLocation);
    }


    private static String resolve(String v, String baseLocation) {
        if (v.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || v.startsWith("file:")) {
            return v;
        }
        if (baseLocation.contains("://")) {
            return baseLocation.endsWith("/") ? baseLocation + v : baseLocation + "/" + v;
        }
        Path p = Paths.get(v);
        return (p.isAbsolute() ? p : Paths.get(baseLocation).resolve(p)).normalize().toString();
    }

    /** Sub-keys of an open map (prefix without the dot), with defaults where the map has them. */
    public Map<String, String> map(String prefix) {
        Map<String, String> out = new TreeMap<>();
        if ("table-properties".equals(prefix)) {
            out.putAll(ConfigKeys.DEFAULT_TABLE_PROPERTIES);
        }
        String p = prefix + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(p) && v != null) {
                out.put(k.substring(p.length()), v);
            }
        });
        return out;
    }

    /** The keys set explicitly (file and overrides), for logging and for passing on. */
    public Map<String, String> explicitValues() {
        return values;
    }
}
