package dev.tradingpipeline.maven.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.ConfigException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void everyPropertyOfAGoalsParameterIsKnownNotToBeAConfigKey() throws Exception {
        // the descriptor maven-plugin-plugin generated from the goals' @Parameter annotations
        String descriptor;
        try (InputStream in = ConfigOverridesTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertThat(in).as("plugin descriptor on the test class path").isNotNull();
            descriptor = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> properties = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{(trading\\.[^}]+)}").matcher(descriptor);
        while (m.find()) {
            properties.add(m.group(1));
        }

        assertThat(properties).contains("trading.skip", "trading.run-id");
        assertThat(ConfigOverrides.NOT_CONFIG_KEYS).containsAll(properties);
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
