package dev.tradingpipeline.core.config;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One key of config.yaml: its type, default and documentation. Keys ending in {@code .*} are
 * open maps (for example {@code table-properties.*}): any sub-key is accepted.
 *
 * @param maximum the largest value an integer key accepts ({@link Integer#MAX_VALUE} unless set)
 */
public record ConfigKey(String name, Type type, String defaultValue, String description, List<String> allowed,
        long maximum) {

    /** Value types, each with its own check. */
    public enum Type {
        STRING, LOCATION, S3_URI, POSITIVE_INT, NON_NEGATIVE_INT,
        /** {@code auto}, or a positive integer. */
        AUTO_OR_POSITIVE_INT, BOOLEAN, DATE, ENUM, MEMORY, DURATION, LIST, MAP,
        /** An AWS KMS key as S3 takes it for SSE-KMS, or empty: see {@link #isKmsKey(String)}. */
        KMS_KEY
    }

    private static final Pattern MEMORY = Pattern.compile("\\d+[kKmMgGtT]?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    // A key id is a UUID, or mrk- and 32 hex digits for a multi-Region key; aliases are
    // alias/<letters, digits, / _ ->, at most 256 characters in all.
    private static final String KMS_KEY_ID = "(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
            + "|mrk-[0-9a-fA-F]{32})";
    private static final String KMS_ALIAS = "alias/[A-Za-z0-9/_-]{1,250}";
    private static final String KMS_ARN_PREFIX = "arn:aws[a-z-]*:kms:[a-z]{2}(?:-[a-z]+)+-\\d:\\d{12}:";
    private static final Pattern KMS_KEY = Pattern.compile(KMS_KEY_ID + "|" + KMS_ALIAS + "|" + KMS_ARN_PREFIX
            + "key/" + KMS_KEY_ID + "|" + KMS_ARN_PREFIX + KMS_ALIAS);

    public ConfigKey {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    public ConfigKey(String name, Type type, String defaultValue, String description, List<String> allowed) {
        this(name, type, defaultValue, description, allowed, Integer.MAX_VALUE);
    }

    static ConfigKey of(String name, Type type, String defaultValue, String description) {
        return new ConfigKey(name, type, defaultValue, description, List.of());
    }

    /** A {@link Type#POSITIVE_INT} or {@link Type#NON_NEGATIVE_INT} of at most {@code maximum}. */
    static ConfigKey atMost(String name, Type type, String defaultValue, long maximum, String description) {
        return new ConfigKey(name, type, defaultValue, description, List.of(), maximum);
    }

    static ConfigKey oneOf(String name, String defaultValue, String description, String... allowed) {
        return new ConfigKey(name, Type.ENUM, defaultValue, description, List.of(allowed));
    }

    /** A {@link Type#LIST} whose items must each be one of {@code allowed}. */
    static ConfigKey listOf(String name, String defaultValue, String description, List<String> allowed) {
        return new ConfigKey(name, Type.LIST, defaultValue, description, allowed);
    }

    public boolean isMap() {
        return type == Type.MAP;
    }

    /** The prefix under which a map key accepts sub-keys, e.g. {@code table-properties.}. */
    public String mapPrefix() {
        return name.substring(0, name.length() - 1);
    }

    /** Parses a {@link Type#DURATION} value such as {@code 10s} or {@code 7d}. */
    public static java.time.Duration parseDuration(String value) {
        java.util.regex.Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + value);
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return java.time.Duration.ofMillis(n);
            case "s":
                return java.time.Duration.ofSeconds(n);
            case "m":
                return java.time.Duration.ofMinutes(n);
            case "h":
                return java.time.Duration.ofHours(n);
            default:
                return java.time.Duration.ofDays(n);
        }
    }

    /**
     * True for the forms of a KMS key that S3 accepts in {@code x-amz-server-side-encryption-aws-kms-key-id}:
     * a key id ({@code 1234abcd-12ab-34cd-56ef-1234567890ab}, {@code mrk-...}), a key ARN, an alias
     * ({@code alias/trading}) or an alias ARN.
     */
    public static boolean isKmsKey(String value) {
        return value != null && KMS_KEY.matcher(value.trim()).matches();
    }

    /** Null when the value is acceptable, else what is wrong with it. */
    String problemWith(String value) {
        if (value == null) {
            return "no value given";
        }
        switch (type) {
            case STRING:
            case MAP:
                return null;
            case LOCATION:
                return value.isBlank() ? "a path or s3:// URI is required" : null;
            case AUTO_OR_POSITIVE_INT:
                if (value.trim().equals("auto")) {
                    return null;
                }
                try {
                    long n = Long.parseLong(value.trim());
                    return n >= 1 && n <= Integer.MAX_VALUE ? null
                            : "expected auto or a positive integer, got '" + value + "'";
                } catch (NumberFormatException e) {
                    return "expected auto or a positive integer, got '" + value + "'";
                }
            case POSITIVE_INT:
            case NON_NEGATIVE_INT:
                try {
                    long v = Long.parseLong(value.trim());
                    if (v > maximum) {
                        return "expected an integer up to " + maximum + ", got '" + value + "'";
                    }
                    if (type == Type.POSITIVE_INT && v < 1) {
                        return "expected a positive integer, got '" + value + "'";
                    }
                    if (v < 0) {
                        return "expected a non-negative integer, got '" + value + "'";
                    }
                    return null;
                } catch (NumberFormatException e) {
                    return "expected an integer, got '" + value + "'";
                }
            case BOOLEAN:
                String b = value.trim().toLowerCase(Locale.ROOT);
                return b.equals("true") || b.equals("false") ? null : "expected true or false, got '" + value + "'";
            case DATE:
                try {
                    LocalDate.parse(value.trim());
                    return null;
                } catch (DateTimeParseException e) {
                    return "expected a date as yyyy-MM-dd, got '" + value + "'";
                }
            case ENUM:
                return allowed.contains(value.trim()) ? null
                        : "expected one of " + String.join(", ", allowed) + ", got '" + value + "'";
            case MEMORY:
                return MEMORY.matcher(value.trim()).matches() ? null
                        : "expected a JVM memory size such as 2g or 512m, got '" + value + "'";
            case DURATION:
                return DURATION.matcher(value.trim()).matches() ? null
                        : "expected a duration such as 500ms, 10s, 5m, 2h or 7d, got '" + value + "'";
            case S3_URI:
                return value.isBlank() || value.trim().startsWith("s3://") ? null
                        : "expected an s3:// URI, got '" + value + "'";
            case LIST:
                return listProblem(value);
            case KMS_KEY:
                return value.isBlank() || isKmsKey(value) ? null
                        : "expected a KMS key id (1234abcd-12ab-34cd-56ef-1234567890ab), key ARN"
                        + " (arn:aws:kms:<region>:<account>:key/<key id>), alias (alias/<name>) or alias ARN"
                        + " (arn:aws:kms:<region>:<account>:alias/<name>), got '" + value + "'";
            default:
                throw new IllegalStateException(type.name());
        }
    }

    private String listProblem(String value) {
        if (value.isBlank()) {
            // an empty list is a value only where the default is one (e.g. "all tables")
            return defaultValue != null && defaultValue.isBlank() ? null
                    : "expected a comma-separated list, got an empty value";
        }
        if (allowed.isEmpty()) {
            return null;
        }
        List<String> unknown = new ArrayList<>();
        for (String item : value.split(",")) {
            String v = item.trim();
            if (!v.isEmpty() && !allowed.contains(v)) {
                unknown.add("'" + v + "'" + ConfigKeys.closest(v, allowed).map(c -> " (did you mean '" + c + "'?)")
                        .orElse(""));
            }
        }
        return unknown.isEmpty() ? null : "unknown " + String.join(", ", unknown)
                + "; expected a comma-separated list of " + String.join(", ", allowed);
    }
}
