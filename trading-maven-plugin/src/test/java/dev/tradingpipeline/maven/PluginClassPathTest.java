package dev.tradingpipeline.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plugin runs inside Maven on a class path of its own: trading-core, the sample generator and
 * its AWS and image libraries. The job jar, Spark and Iceberg are resolved when a run starts and
 * run in another JVM or on EMR; on the plugin's class path they would be classes it compiles
 * against but cannot load (Spark's own dependencies are provided by the cluster, not by Maven).
 * The list checked is the one the build resolves for the plugin: compile and runtime scope,
 * transitively ({@code dependency:list}, execution {@code runtime-dependencies} in the POM).
 */
class PluginClassPathTest {

    /** {@code groupId:artifactId:type[:classifier]:version:scope}, as dependency:list prints it. */
    private static final Pattern ARTIFACT = Pattern.compile(
            "^\\s*([\\w.-]+):([\\w.-]+):[\\w.-]+(?::[\\w.-]+)?:[\\w.-]+:(compile|runtime)\\b.*$");

    @Test
    void holdsTheToolkitsSparkFreeModulesAndNeitherTheJobNorSparkNorIceberg() throws IOException {
        List<String> artifacts = runtimeArtifacts();

        assertThat(artifacts).as("the plugin's runtime dependencies")
                .contains("dev.tradingpipeline:trading-core", "dev.tradingpipeline:trading-sample");
        assertThat(artifacts.stream().filter(a -> a.startsWith("org.apache.spark:")
                        || a.startsWith("org.apache.iceberg:") || a.equals("dev.tradingpipeline:trading-jobs")))
                .as("the job, Spark or Iceberg among the plugin's runtime dependencies")
                .isEmpty();
    }

    /** groupId:artifactId of every compile and runtime scope artifact the build listed. */
    private static List<String> runtimeArtifacts() throws IOException {
        String file = System.getProperty("trading.test.runtime-dependencies");
        assertThat(file).as("system property trading.test.runtime-dependencies (set by the POM's surefire"
                + " configuration; run the test through Maven)").isNotNull();
        Path list = Path.of(file);
        assertThat(list).as("written by dependency:list at generate-test-resources").exists();
        return Files.readAllLines(list).stream()
                .map(ARTIFACT::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1) + ":" + m.group(2))
                .toList();
    }
}
