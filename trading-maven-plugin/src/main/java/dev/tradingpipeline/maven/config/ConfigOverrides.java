package dev.tradingpipeline.maven.config;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Config overrides given as Maven properties: every {@code trading.<key>} property, except the
 * plugin's own parameters, overrides {@code <key>} of config.yaml. Project properties come first,
 * user properties ({@code -D}) win.
 */
public final class ConfigOverrides {

    public static final String PREFIX = "trading.";

    /** How errors name an override given as a user property. */
    public static final String USER_PROPERTY_LABEL = "-D" + PREFIX;

    /** How errors name an override given in the POM's {@code <properties>}. */
    public static final String PROJECT_PROPERTY_LABEL = "project property " + PREFIX;

    /**
     * {@code trading.*} properties that are not config keys: the plugin's own parameters. Keep every plugin parameter's
     * property here, or it is rejected as an unknown config key.
     */
    public static final Set<String> NOT_CONFIG_KEYS = Set.of(
            "trading.skip",
            "trading.config",
            "trading.date",
            "trading.wait",
            "trading.jobRunId",
            "trading.watch.timeout",
            "trading.sampleOnlyIfEmpty",
            "trading.cancelOnInterrupt",
            "trading.maintain.dry-run",
            "trading.maintain.tables",
            "trading.run-id",
            "trading.setup.template-only",
            "trading.stack.timeout",
            "trading.confirm");

    private ConfigOverrides() {
    }

    /** Project properties, then user properties, each labelled as the user wrote them. */
    public static List<OverrideSource> sources(Properties projectProperties, Properties userProperties) {
        return List.of(new OverrideSource(PROJECT_PROPERTY_LABEL, fromProperties(projectProperties)),
                new OverrideSource(USER_PROPERTY_LABEL, fromProperties(userProperties)));
    }

    /** Overrides by config key (prefix stripped), user properties winning, sorted by key. */
    public static Map<String, String> collect(Properties projectProperties, Properties userProperties) {
        Map<String, String> overrides = new TreeMap<>();
        sources(projectProperties, userProperties).forEach(s -> overrides.putAll(s.values()));
        return overrides;
    }

    /** The {@code trading.*} config overrides among some properties, prefix stripped. */
    public static Map<String, String> fromProperties(Properties properties) {
        Map<String, String> overrides = new TreeMap<>();
        if (properties == null) {
            return overrides;
        }
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && !NOT_CONFIG_KEYS.contains(name)) {
                overrides.put(name.substring(PREFIX.length()), properties.getProperty(name));
            }
        }
        return overrides;
    }
}
