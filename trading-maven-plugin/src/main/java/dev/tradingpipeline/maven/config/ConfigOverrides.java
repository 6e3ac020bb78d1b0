package dev.tradingpipeline.maven.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
     * The properties of the plugin's own parameters (goal parameters, not config keys), as the goals'
     * {@code @Parameter(property = ...)} name them: {@code trading.<name>} for what every goal or every
     * goal that runs the job takes, {@code trading.<goal>.<name>} for one goal's own, and
     * {@code trading.<group>.<name>} for what a group of goals shares ({@code watch}: the goals that
     * watch an EMR run; {@code stack}: setup and teardown). A test checks this list against the
     * plugin descriptor.
     */
    public static final Set<String> PARAMETER_PROPERTIES = Set.of(
            "trading.skip",
            "trading.config",
            "trading.date",
            "trading.wait",
            "trading.watch.job-run-id",
            "trading.watch.timeout",
            "trading.watch.cancel-on-interrupt",
            "trading.sample-data.only-if-empty",
            "trading.report.run-id",
            "trading.setup.template-only",
            "trading.stack.timeout",
            "trading.teardown.confirm",
            "trading.dry-run",
            "trading.runs.limit",
            "trading.runs.states");

    /**
     * {@code trading.*} properties that are not config keys: the plugin's own parameters and the old
     * names of those ({@link DeprecatedProperties}).
     */
    public static final Set<String> NOT_CONFIG_KEYS = Stream.concat(PARAMETER_PROPERTIES.stream(),
            DeprecatedProperties.parameterAliases().stream()).collect(Collectors.toUnmodifiableSet());

    private ConfigOverrides() {
    }

    /**
     * Project properties, then user properties, each labelled as the user wrote them; the old names of
     * config keys ({@link DeprecatedProperties}) just before the properties they are among, so that the
     * new name wins.
     */
    public static List<OverrideSource> sources(Properties projectProperties, Properties userProperties) {
        List<OverrideSource> sources = new ArrayList<>(DeprecatedProperties.configKeySources(projectProperties,
                PROJECT_PROPERTY_LABEL, projectProperties, userProperties));
        sources.add(new OverrideSource(PROJECT_PROPERTY_LABEL, fromProperties(projectProperties)));
        sources.addAll(DeprecatedProperties.configKeySources(userProperties, USER_PROPERTY_LABEL, projectProperties,
                userProperties));
        sources.add(new OverrideSource(USER_PROPERTY_LABEL, fromProperties(userProperties)));
        return sources;
    }

    /** Overrides by config key (prefix stripped), user properties winning, sorted by key. */
    public static Map<String, String> collect(Properties projectProperties, Properties userProperties) {
        Map<String, String> overrides = new TreeMap<>();
        sources(projectProperties, userProperties).forEach(s -> overrides.putAll(s.values()));
        return overrides;
    }

    /**
     * The {@code trading.*} config overrides among some properties, prefix stripped; old names of
     * config keys are left to {@link #sources}.
     */
    public static Map<String, String> fromProperties(Properties properties) {
        Map<String, String> overrides = new TreeMap<>();
        if (properties == null) {
            return overrides;
        }
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && !NOT_CONFIG_KEYS.contains(name)
                    && DeprecatedProperties.configKeyAliases().stream().noneMatch(a -> a.oldName().equals(name))) {
                overrides.put(name.substring(PREFIX.length()), properties.getProperty(name));
            }
        }
        return overrides;
    }
}
