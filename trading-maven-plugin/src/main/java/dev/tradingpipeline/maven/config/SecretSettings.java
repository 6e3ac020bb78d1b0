package dev.tradingpipeline.maven.config;

import java.util.regex.Pattern;

/**
 * Settings whose values are secrets, by name (a password, a token, a secret or access key, a
 * credential), so that what the build prints (the overrides, a dry run's StartJobRun) shows
 * {@value #MASK} in their place. A credentials provider names a class, not a secret.
 */
public final class SecretSettings {

    public static final String MASK = "****";

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)(secret|password|passwd|token|access[._-]?key|credential(?!s?[._-]?provider))");

    private SecretSettings() {
    }

    /** Whether a setting of this name holds a secret. */
    public static boolean isSecret(String name) {
        return SECRET_NAME.matcher(name).find();
    }

    /** The value to print: {@value #MASK} for a secret setting's non-empty value, else the value. */
    public static String printable(String name, String value) {
        return value != null && !value.isEmpty() && isSecret(name) ? MASK : value;
    }
}
