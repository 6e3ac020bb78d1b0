package dev.tradingpipeline.maven.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigOverridesTest {

    @TempDir
    Path baseDir;

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void stripsThePrefixAndIgnoresOtherProperties() {
        Map<String, String> overrides = ConfigOverrides.collect(
                props("trading.sample.days", "3", "mode", "bootstrap", "project.build.sourceEncoding", "UTF-8"),
                props("trading.target", "local"));

        assertThat(overrides).containsExactly(Map.entry("sample.days", "3"), Map.entry("target", "local"));
    }

    @Test
    void ignoresThePluginsOwnParameters() {
        Map<String, String> overrides = ConfigOverrides.collect(
                props("spark.add-opens", "--add-opens=x"),
                props("trading.skip", "false", "trading.config", "other.yaml", "trading.date", "2024-01-05",
                        "trading.wait", "true", "trading.jobRunId", "00abc", "trading.watch.timeout", "10m",
                        "trading.sampleOnlyIfEmpty", "true", "trading.ingest.files-per-batch", "2"));

        assertThat(overrides).containsExactly(Map.entry("ingest.files-per-batch", "2"));
    }

    @Test
    void ignoresTheNewNamesOfThePluginsParametersToo() {
        Map<String, String> overrides = ConfigOverrides.collect(
                props("trading.sample-data.only-if-empty", "true"),
                props("trading.watch.job-run-id", "00abc", "trading.watch.cancel-on-interrupt", "false",
                        "trading.report.run-id", "latest", "trading.teardown.confirm", "quant",
                        "trading.sample.days", "4"));

        assertThat(overrides).containsExactly(Map.entry("sample.days", "4"));
    }

    /** The properties and the default values that are property expressions, of every goal's parameters. */
    private static Map<String, Set<String>> descriptorProperties() throws Exception {
        // the descriptor maven-plugin-plugin generated from the goals' @Parameter annotations
        Xpp3Dom descriptor;
        try (InputStream in = ConfigOverridesTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertThat(in).as("plugin descriptor on the test class path").isNotNull();
            descriptor = Xpp3DomBuilder.build(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Pattern expression = Pattern.compile("\\$\\{([^}]+)}");
        Set<String> properties = new TreeSet<>();
        Set<String> defaults = new TreeSet<>();
        for (Xpp3Dom mojo : descriptor.getChild("mojos").getChildren("mojo")) {
            for (Xpp3Dom parameter : mojo.getChild("configuration").getChildren()) {
                Matcher value = expression.matcher(String.valueOf(parameter.getValue()));
                if (value.matches()) {
                    properties.add(value.group(1));
                }
                Matcher byDefault = expression.matcher(String.valueOf(parameter.getAttribute("default-value")));
                if (byDefault.matches() && byDefault.group(1).startsWith(ConfigOverrides.PREFIX)) {
                    defaults.add(byDefault.group(1));
                }
            }
        }
        properties.removeIf(p -> !p.startsWith(ConfigOverrides.PREFIX));
        return Map.of("properties", properties, "defaults", defaults);
    }

    @Test
    void theParameterPropertiesAreExactlyThoseOfTheGoalsParameters() throws Exception {
        Map<String, Set<String>> descriptor = descriptorProperties();

        assertThat(descriptor.get("properties")).contains("trading.skip", "trading.report.run-id");
        assertThat(ConfigOverrides.PARAMETER_PROPERTIES)
                .containsExactlyInAnyOrderElementsOf(descriptor.get("properties"));
        // an old name is read through the default value of the parameter it was the name of
        assertThat(DeprecatedProperties.parameterAliases())
                .containsExactlyInAnyOrderElementsOf(descriptor.get("defaults"));
        Set<String> all = new TreeSet<>(descriptor.get("properties"));
        all.addAll(descriptor.get("defaults"));
        assertThat(ConfigOverrides.NOT_CONFIG_KEYS).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void everyParameterPropertyIsKebabCaseUnderTradingAndNotAConfigKey() {
        Pattern kebab = Pattern.compile("trading\\.[a-z]+(-[a-z]+)*(\\.[a-z]+(-[a-z]+)*)?");
        assertThat(ConfigOverrides.PARAMETER_PROPERTIES).allSatisfy(p -> {
            assertThat(p).matches(kebab);
            assertThat(ConfigKeys.find(p.substring(ConfigOverrides.PREFIX.length()))).as(p).isEmpty();
        });
    }

    @Test
    void everyOldNameNamesWhatReplacedIt() {
        Set<String> oldNames = new TreeSet<>();
        for (DeprecatedProperties.Alias alias : DeprecatedProperties.ALL) {
            assertThat(oldNames.add(alias.oldName())).as(alias.oldName()).isTrue();
            if (alias.configKey()) {
                assertThat(ConfigKeys.find(alias.newName())).as(alias.newName()).isPresent();
                assertThat(ConfigOverrides.NOT_CONFIG_KEYS).doesNotContain(alias.oldName());
            } else {
                assertThat(ConfigOverrides.PARAMETER_PROPERTIES).contains(alias.newName());
                assertThat(ConfigOverrides.NOT_CONFIG_KEYS).contains(alias.oldName());
            }
        }
    }

    @Test
    void anOldNameOfAConfigKeyOverridesTheKey() {
        var sources = ConfigOverrides.sources(props("trading.maintain.tables", "ops.landing_files"),
                props("trading.maintain.dry-run", "true"));

        ProjectConfig config = ProjectConfig.load(baseDir, null, sources);
        assertThat(config.config().get("maintenance.dry-run")).isEqualTo("true");
        assertThat(config.config().get("maintenance.tables")).isEqualTo("ops.landing_files");
        assertThat(config.overrides()).containsOnlyKeys("maintenance.dry-run", "maintenance.tables");
    }

    @Test
    void theNewNameOfAConfigKeyWinsOverTheOldOneWhereverEitherIsGiven() {
        assertThat(ConfigOverrides.collect(props(),
                props("trading.maintain.dry-run", "true", "trading.maintenance.dry-run", "false")))
                .containsExactly(Map.entry("maintenance.dry-run", "false"));
        assertThat(ConfigOverrides.collect(props("trading.maintenance.dry-run", "false"),
                props("trading.maintain.dry-run", "true")))
                .containsExactly(Map.entry("maintenance.dry-run", "false"));
        // the usual order otherwise: a user property beats a project property
        assertThat(ConfigOverrides.collect(props("trading.maintain.tables", "silver.option_eod"),
                props("trading.maintain.tables", "ops.landing_files")))
                .containsExactly(Map.entry("maintenance.tables", "ops.landing_files"));
    }

    @Test
    void aBadValueUnderAnOldNameIsNamedAsTheUserWroteIt() {
        var sources = ConfigOverrides.sources(new Properties(), props("trading.maintain.dry-run", "perhaps"));

        assertThatThrownBy(() -> ProjectConfig.load(baseDir, null, sources))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("-Dtrading.maintain.dry-run, the old name of -Dtrading.maintenance.dry-run");
    }

    @Test
    void anOldNameIsWarnedAboutNamingTheNewOne() {
        Set<String> watchParameters = Set.of("trading.watch.job-run-id", "trading.watch.cancel-on-interrupt",
                "trading.watch.timeout");

        assertThat(DeprecatedProperties.warnings(props(), props("trading.jobRunId", "00abc"), watchParameters))
                .containsExactly("-Dtrading.jobRunId is deprecated: use -Dtrading.watch.job-run-id");
        assertThat(DeprecatedProperties.warnings(props("trading.cancelOnInterrupt", "true"), props(), watchParameters))
                .containsExactly("Project property trading.cancelOnInterrupt is deprecated: use"
                        + " trading.watch.cancel-on-interrupt");
        assertThat(DeprecatedProperties.warnings(props(),
                props("trading.jobRunId", "00old", "trading.watch.job-run-id", "00new"), watchParameters))
                .containsExactly("-Dtrading.jobRunId is deprecated: use -Dtrading.watch.job-run-id"
                        + " (trading.watch.job-run-id is also set and wins)");
        // the old name of a config key, for any goal
        assertThat(DeprecatedProperties.warnings(props(), props("trading.maintain.dry-run", "true"), Set.of()))
                .containsExactly("-Dtrading.maintain.dry-run is deprecated: use -Dtrading.maintenance.dry-run");
        // a goal without the parameter does not read its old name: nothing to warn about
        assertThat(DeprecatedProperties.warnings(props(), props("trading.jobRunId", "00abc"), Set.of("trading.skip")))
                .isEmpty();
        assertThat(DeprecatedProperties.warnings(props(), props("trading.watch.job-run-id", "00abc"), watchParameters))
                .isEmpty();
    }

    @Test
    void userPropertiesBeatProjectProperties() {
        Map<String, String> overrides = ConfigOverrides.collect(
                props("trading.sample.days", "3", "trading.sample.seed", "7"),
                props("trading.sample.days", "5"));

        assertThat(overrides).containsEntry("sample.days", "5").containsEntry("sample.seed", "7");
    }

    @Test
    void unknownTradingPropertyFailsNamingIt() {
        var sources = ConfigOverrides.sources(new Properties(), props("trading.ingest.file-per-batch", "5"));

        assertThatThrownBy(() -> ProjectConfig.load(baseDir, null, sources))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("-Dtrading.ingest.file-per-batch")
                .hasMessageContaining("did you mean 'ingest.files-per-batch'");
    }

    @Test
    void unknownProjectPropertyFailsNamingItAsAProjectProperty() {
        var sources = ConfigOverrides.sources(props("trading.plugin.version", "0.1.0"), new Properties());

        assertThatThrownBy(() -> ProjectConfig.load(baseDir, null, sources))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("project property trading.plugin.version")
                .hasMessageContaining("is not a known key");
    }

    @Test
    void aBadProjectPropertyOverriddenByTheUserIsNotHeldAgainstThem() {
        var sources = ConfigOverrides.sources(props("trading.sample.days", "many"), props("trading.sample.days", "4"));

        assertThat(ProjectConfig.load(baseDir, null, sources).config().getInt("sample.days")).isEqualTo(4);
    }
}
