package dev.tradingpipeline.maven.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The old names of the plugin's properties, each with the name that replaced it: they keep working,
 * with a warning naming the new one; when both are given, the new one wins.
 *
 * <p>An old name of a goal's parameter is read by the parameter itself, through its default value
 * ({@code @Parameter(property = "trading.watch.job-run-id", defaultValue = "${trading.jobRunId}")}),
 * and is not a config key. An old name of a config key ({@code trading.maintain.dry-run}) is an
 * override of that key.
 */
public final class DeprecatedProperties {

    /** One old name and what replaced it: a goal parameter's property, or a config key. */
    public record Alias(String oldName, String newName, boolean configKey) {

        /** The property the user now writes: {@code trading.<key>} for a config key. */
        public String newProperty() {
            return configKey ? ConfigOverrides.PREFIX + newName : newName;
        }
    }

    public static final List<Alias> ALL = List.of(
            parameter("trading.jobRunId", "trading.watch.job-run-id"),
            parameter("trading.cancelOnInterrupt", "trading.watch.cancel-on-interrupt"),
            parameter("trading.sampleOnlyIfEmpty", "trading.sample-data.only-if-empty"),
            parameter("trading.run-id", "trading.report.run-id"),
            parameter("trading.confirm", "trading.teardown.confirm"),
            configKey("trading.maintain.dry-run", "maintenance.dry-run"),
            configKey("trading.maintain.tables", "maintenance.tables"));

    private DeprecatedProperties() {
    }

    private static Alias parameter(String oldName, String newProperty) {
        return new Alias(oldName, newProperty, false);
    }

    private static Alias configKey(String oldName, String key) {
        return new Alias(oldName, key, true);
    }

    /** The old names of goal parameters' properties: not config keys. */
    public static Set<String> parameterAliases() {
        return ALL.stream().filter(a -> !a.configKey()).map(Alias::oldName).collect(Collectors.toUnmodifiableSet());
    }

    /** The old names that stand for config keys. */
    public static List<Alias> configKeyAliases() {
        return ALL.stream().filter(Alias::configKey).toList();
    }

    /**
     * One warning for each old name that is set and that the goal reads: every old name of a config
     * key, and the old names of the goal's own parameters.
     *
     * @param goalProperties the properties of the goal's parameters, e.g. {@code trading.watch.job-run-id}
     */
    public static List<String> warnings(Properties projectProperties, Properties userProperties,
            Set<String> goalProperties) {
        List<String> warnings = new ArrayList<>();
        for (Alias alias : ALL) {
            if (!alias.configKey() && !goalProperties.contains(alias.newName())) {
                continue;
            }
            boolean newSet = isSet(userProperties, alias.newProperty()) || isSet(projectProperties, alias.newProperty());
            String overruled = newSet ? " (" + alias.newProperty() + " is also set and wins)" : "";
            if (isSet(userProperties, alias.oldName())) {
                warnings.add("-D" + alias.oldName() + " is deprecated: use -D" + alias.newProperty() + overruled);
            }
            if (isSet(projectProperties, alias.oldName())) {
                warnings.add("Project property " + alias.oldName() + " is deprecated: use " + alias.newProperty()
                        + overruled);
            }
        }
        return warnings;
    }

    /**
     * The config overrides that old names among some properties stand for, one source per name (so
     * that an error names what the user wrote); none for a name whose new one is set in either
     * properties, as the new one wins.
     *
     * @param label how errors name these properties: {@link ConfigOverrides#USER_PROPERTY_LABEL} or
     *              {@link ConfigOverrides#PROJECT_PROPERTY_LABEL}
     */
    static List<OverrideSource> configKeySources(Properties properties, String label, Properties projectProperties,
            Properties userProperties) {
        List<OverrideSource> sources = new ArrayList<>();
        for (Alias alias : configKeyAliases()) {
            if (isSet(properties, alias.oldName()) && !isSet(userProperties, alias.newProperty())
                    && !isSet(projectProperties, alias.newProperty())) {
                String oldLabel = label.substring(0, label.length() - ConfigOverrides.PREFIX.length())
                        + alias.oldName();
                sources.add(new OverrideSource(oldLabel + ", the old name of " + label,
                        Map.of(alias.newName(), properties.getProperty(alias.oldName()))));
            }
        }
        return sources;
    }

    private static boolean isSet(Properties properties, String name) {
        return properties != null && properties.getProperty(name) != null;
    }
}
