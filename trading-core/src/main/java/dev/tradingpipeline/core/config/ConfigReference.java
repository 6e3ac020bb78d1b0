package dev.tradingpipeline.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders {@code docs/configuration.md}, the users' reference of every configuration key, from
 * {@link ConfigKeys}: a key's description is written once, in its definition, and this page is
 * generated from it. {@code ConfigReferenceTest} fails when the committed page differs from
 * {@link #render()}.
 *
 * <p>Run {@link #REGENERATE} from the repository's top to write the page again.
 */
public final class ConfigReference {

    /** The generated page, relative to the repository's top. */
    public static final String PAGE = "docs/configuration.md";

    /** The command that writes {@link #PAGE} again, from the repository's top. */
    public static final String REGENERATE = "mvn -B -q -pl trading-core compile"
            + " && java -cp trading-core/target/classes " + ConfigReference.class.getName() + " " + PAGE;

    private static final String SIZING = "sizing.";

    private ConfigReference() {
    }

    /** Writes the page to the file named by the only argument (normally {@value #PAGE}). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ConfigReference <output file>   (from the repository's top: " + REGENERATE + ")");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }

    /** The whole page: how configuration is given, then every key, grouped by its top-level section. */
    public static String render() {
        Map<String, List<ConfigKey>> sections = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKeys.all().values()) {
            sections.computeIfAbsent(section(key.name()), s -> new ArrayList<>()).add(key);
        }
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
                .append("<!-- Generated from the key definitions (ConfigKeys) by ConfigReference: do not edit by hand.\n")
                .append("     Regenerate from the repository's top with:\n     ").append(REGENERATE).append(" -->\n\n")
                .append(INTRODUCTION)
                .append("\nSections: ");
        List<String> links = new ArrayList<>();
        for (String section : sections.keySet()) {
            links.add("[`" + section + "`](#" + section + ")");
        }
        md.append(String.join(", ", links)).append(".\n");
        for (Map.Entry<String, List<ConfigKey>> section : sections.entrySet()) {
            md.append("\n## ").append(section.getKey()).append("\n\n");
            String intro = SECTION_INTRODUCTIONS.get(section.getKey());
            if (intro != null) {
                md.append(intro).append("\n\n");
            }
            md.append("| key | type | default | read by | description |\n|---|---|---|---|---|\n");
            for (Row row : rows(section.getValue())) {
                md.append("| `").append(row.name).append("` | ").append(cell(row.type)).append(" | ")
                        .append(cell(row.defaultValue)).append(" | ").append(row.readBy.words()).append(" | ")
                        .append(cell(row.description)).append(" |\n");
            }
        }
        return md.toString();
    }

    private record Row(String name, String type, String defaultValue, ConfigKeys.Reader readBy, String description) {
    }

    /**
     * One row per key; the keys of every mode under {@code sizing.} share one row per setting
     * ({@code sizing.<mode>.driver-memory}), with the defaults that differ by mode named.
     */
    private static List<Row> rows(List<ConfigKey> keys) {
        List<Row> rows = new ArrayList<>();
        Map<String, Map<String, ConfigKey>> sizing = new LinkedHashMap<>();
        for (ConfigKey key : keys) {
            String mode = sizingMode(key.name());
            if (mode == null) {
                rows.add(new Row(key.name(), type(key), defaultValue(key), ConfigKeys.readerOf(key.name()),
                        key.description()));
            } else {
                String setting = key.name().substring(SIZING.length() + mode.length() + 1);
                sizing.computeIfAbsent(setting, s -> new LinkedHashMap<>()).put(mode, key);
            }
        }
        for (Map.Entry<String, Map<String, ConfigKey>> setting : sizing.entrySet()) {
            ConfigKey first = setting.getValue().values().iterator().next();
            for (ConfigKey other : setting.getValue().values()) {
                if (!other.description().equals(first.description()) || !type(other).equals(type(first))) {
                    throw new IllegalStateException("the sizing keys of '" + setting.getKey()
                            + "' must share one type and description to share a row: " + first.name() + ", " + other.name());
                }
            }
            rows.add(new Row(SIZING + "<mode>." + setting.getKey(), type(first), modeDefaults(setting.getValue()),
                    ConfigKeys.readerOf(first.name()), first.description()));
        }
        return rows;
    }

    /** {@code 6g} for every mode, or {@code 6g (bootstrap), 4g (daily, strategy)}: the defaults by mode. */
    private static String modeDefaults(Map<String, ConfigKey> byMode) {
        Map<String, List<String>> modesByDefault = new LinkedHashMap<>();
        byMode.forEach((mode, key) -> modesByDefault.computeIfAbsent(defaultValue(key), d -> new ArrayList<>()).add(mode));
        if (modesByDefault.size() == 1) {
            return modesByDefault.keySet().iterator().next();
        }
        List<String> parts = new ArrayList<>();
        modesByDefault.forEach((value, modes) -> parts.add(value + " (" + String.join(", ", modes) + ")"));
        return String.join(", ", parts);
    }

    private static String sizingMode(String name) {
        for (String mode : ConfigKeys.MODES) {
            if (name.startsWith(SIZING + mode + ".")) {
                return mode;
            }
        }
        return null;
    }

    private static String section(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static String defaultValue(ConfigKey key) {
        if (key.defaultValue() == null) {
            return "(see description)";
        }
        return key.defaultValue().isBlank() ? "(none)" : "`" + key.defaultValue() + "`";
    }

    private static String type(ConfigKey key) {
        String upTo = key.maximum() == Integer.MAX_VALUE ? "" : ", at most " + key.maximum();
        return switch (key.type()) {
            case STRING -> "text";
            case LOCATION -> "path or `s3://` URI";
            case S3_URI -> "`s3://` URI";
            case POSITIVE_INT -> "integer >= 1" + upTo;
            case NON_NEGATIVE_INT -> "integer >= 0" + upTo;
            case AUTO_OR_POSITIVE_INT -> "`auto` or integer >= 1";
            case BOOLEAN -> "`true` or `false`";
            case DATE -> "date (`yyyy-MM-dd`)";
            case ENUM -> "one of " + quoted(key.allowed());
            case MEMORY -> "size (`512m`, `2g`)";
            case DURATION -> "duration (`10s`, `5m`, `7d`)";
            case LIST -> key.allowed().isEmpty() ? "list" : "list of " + quoted(key.allowed());
            case MAP -> "map";
            case KMS_KEY -> "KMS key id, key ARN, alias or alias ARN";
        };
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(v -> "`" + v + "`").toList());
    }

    /** A table cell: one line, with the column separator escaped. */
    private static String cell(String text) {
        return Objects.requireNonNull(text).replace("\n", " ").replace("|", "\\|");
    }

    private static final String INTRODUCTION = """
            The configuration of every goal and job is one YAML file, `config.yaml` in the project (another with
            `-Dtrading.config=<file>`, or `--config <path or s3:// URI>` for the job; without one, the defaults below).
            This repository's [config.yaml](../config.yaml) is a working sample.

            - Keys may be nested (`ingest:` then `files-per-batch: 10`) or dotted (`ingest.files-per-batch: 10`).
            - Any key can be overridden as `-Dtrading.<key>=<value>`, as a `<properties>` entry `trading.<key>` in the
              POM, per plugin execution with `<overrides><key>value</key></overrides>`, and in the job as
              `--set <key>=<value>`. Precedence, highest first: `<overrides>`, `-Dtrading.<key>`, project properties,
              `config.yaml`, the outputs of the `trading:setup` stack (see [EMR and AWS](emr-and-aws.md)), the defaults.
            - "Read by" says who uses a key: the job (the Spark application, wherever it runs), the plugin (the Maven
              goals, on the machine that runs Maven), or both. The whole file is checked by both all the same.
            - Unknown keys and bad values fail before any work starts, all of them in one error, each naming the key
              and where its value came from (the file, the `-D` or `--set` override), with a "did you mean" hint for
              near misses.
            - Relative paths resolve against the config file's folder.
            - Durations are written `500ms`, `10s`, `5m`, `2h` or `7d`; sizes as the JVM takes them (`512m`, `2g`).
            - The `strategies:` and `portfolios:` lists are not keys: they are described in
              [Strategies](strategies.md#strategies-in-configyaml) and cannot be overridden with `-D` or `--set`.
            """;

    private static final Map<String, String> SECTION_INTRODUCTIONS = Map.of(
            "sizing", "Spark sizing per job mode, `<mode>` one of " + quoted(ConfigKeys.MODES)
                    + ". On the `local` target only `driver-memory` applies; the others size the job runs on `emr`.");
}
