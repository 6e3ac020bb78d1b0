package dev.tradingpipeline.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.model.Profile;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue #9: what a sibling repository needs. The toolkit's parent POM carries the versions a
 * user's POM leaves out; example-project is that user's POM, with its lifecycle bindings; its
 * GitHub Actions workflow runs the local pipeline on pull requests and ships on main with OIDC
 * credentials only. (The ITs {@code example-emr} and {@code own-repository} run them.)
 */
class ExampleProjectTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theParentPomGivesUsersTheToolkitByItsOwnVersionNotTheirs() throws Exception {
        Model parent = read(ROOT.resolve("pom.xml"));
        assertThat(parent.getProperties().getProperty("trading-pipeline.version"))
                .as("trading-pipeline.version must be the build's version").isEqualTo("${revision}");
        Plugin plugin = parent.getBuild().getPluginManagement().getPluginsAsMap()
                .get("dev.tradingpipeline:trading-maven-plugin");
        assertThat(plugin).as("trading-maven-plugin in the parent's pluginManagement").isNotNull();
        assertThat(plugin.getVersion()).isEqualTo("${trading-pipeline.version}");
        Dependency jobs = parent.getDependencyManagement().getDependencies().stream()
                .filter(d -> d.getArtifactId().equals("trading-jobs")).findFirst().orElseThrow();
        assertThat(jobs.getVersion()).isEqualTo("${trading-pipeline.version}");
    }

    /** The snapshot version of .mvn/maven.config: {@code -Drevision=0.1.0-SNAPSHOT}. */
    static String defaultRevision() throws IOException {
        return Files.readAllLines(ROOT.resolve(".mvn/maven.config")).stream().map(String::trim)
                .filter(l -> l.startsWith("-Drevision=")).map(l -> l.substring("-Drevision=".length()))
                .findFirst().orElseThrow(() -> new AssertionError(".mvn/maven.config sets no -Drevision"));
    }

    @Test
    void exampleProjectTakesEverythingFromTheParentAndBindsTheGoals() throws Exception {
        Model parent = read(ROOT.resolve("pom.xml"));
        Model example = read(ROOT.resolve("example-project/pom.xml"));
        assertThat(example.getParent().getArtifactId()).isEqualTo(parent.getArtifactId());
        assertThat(example.getParent().getVersion()).as("the toolkit's snapshot, as `mvn install` builds it")
                .isEqualTo(defaultRevision());
        assertThat(example.getParent().getRelativePath()).as("the parent comes from the repository").isEmpty();
        assertThat(example.getDependencies()).singleElement().satisfies(d -> {
            assertThat(d.getArtifactId()).isEqualTo("trading-jobs");
            assertThat(d.getVersion()).as("version from the parent").isNull();
        });
        assertThat(example.getBuild().getPluginManagement()).as("no pluginManagement of its own").isNull();
        assertThat(example.getBuild().getPlugins()).singleElement().satisfies(p -> {
            assertThat(p.getArtifactId()).isEqualTo("trading-maven-plugin");
            assertThat(p.getVersion()).as("version from the parent").isNull();
        });

        Profile local = profile(example, "local");
        assertThat(local.getActivation().isActiveByDefault()).isTrue();
        assertThat(bindings(local)).containsExactly("pre-integration-test sample-data",
                "integration-test submit bootstrap", "integration-test sample-data", "integration-test submit daily",
                "integration-test submit strategy");

        Profile emr = profile(example, "emr");
        assertThat(emr.getProperties()).containsEntry("trading.target", "emr")
                .containsEntry("maven.deploy.skip", "true").containsEntry("mode", "daily");
        assertThat(bindings(emr)).as("Maven's deploy phase: image, then artifacts, then the run")
                .containsExactly("deploy build-image", "deploy deploy", "deploy submit ${mode}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWorkflowRunsLocallyOnPullRequestsAndShipsFromMainWithOidcOnly() throws IOException {
        Path file = ROOT.resolve("example-project/.github/workflows/pipeline.yml");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, Object> workflow = new Yaml().load(text);
        // SnakeYAML reads the key `on` as the boolean true (YAML 1.1)
        Map<String, Object> on = (Map<String, Object>) (workflow.containsKey("on") ? workflow.get("on")
                : workflow.get(Boolean.TRUE));
        assertThat(on).containsKeys("pull_request", "push");
        assertThat((Map<String, Object>) on.get("push")).containsEntry("branches", List.of("main"));
        assertThat((Map<String, Object>) workflow.get("permissions")).containsEntry("contents", "read");

        Map<String, Map<String, Object>> jobs = (Map<String, Map<String, Object>>) workflow.get("jobs");
        Map<String, Object> local = jobs.get("local");
        assertThat((String) local.get("if")).contains("pull_request");
        assertThat(runs(local)).anySatisfy(r -> assertThat(r).startsWith("mvn -B verify"));

        Map<String, Object> emr = jobs.get("emr");
        assertThat((String) emr.get("if")).contains("refs/heads/main");
        assertThat((Map<String, Object>) emr.get("permissions")).containsEntry("id-token", "write");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) emr.get("steps");
        int credentials = indexOf(steps, s -> String.valueOf(s.get("uses")).startsWith(
                "aws-actions/configure-aws-credentials@"));
        int deploy = indexOf(steps, s -> String.valueOf(s.get("run")).startsWith("mvn -B deploy -Pemr"));
        assertThat(credentials).as("credentials step").isNotNegative().isLessThan(deploy);
        Map<String, Object> with = (Map<String, Object>) steps.get(credentials).get("with");
        assertThat(with).containsKey("role-to-assume").doesNotContainKeys("aws-access-key-id",
                "aws-secret-access-key", "aws-session-token");
        assertThat((String) with.get("role-to-assume")).startsWith("${{ vars.");
        assertThat(text).doesNotContainPattern("AKIA[0-9A-Z]{16}").doesNotContain("secrets.AWS");
    }

    private static int indexOf(List<Map<String, Object>> steps, java.util.function.Predicate<Map<String, Object>> p) {
        for (int i = 0; i < steps.size(); i++) {
            if (p.test(steps.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private static List<String> runs(Map<String, Object> job) {
        return ((List<Map<String, Object>>) job.get("steps")).stream().filter(s -> s.containsKey("run"))
                .map(s -> (String) s.get("run")).toList();
    }

    private static Profile profile(Model model, String id) {
        return model.getProfiles().stream().filter(p -> p.getId().equals(id)).findFirst().orElseThrow();
    }

    /** "phase goal [mode]" for each execution of the plugin in a profile, in declaration order. */
    private static List<String> bindings(Profile profile) {
        Plugin plugin = profile.getBuild().getPluginsAsMap().get("dev.tradingpipeline:trading-maven-plugin");
        return plugin.getExecutions().stream().flatMap(e -> e.getGoals().stream().map(g -> binding(e, g))).toList();
    }

    private static String binding(PluginExecution e, String goal) {
        Object mode = e.getConfiguration() == null ? null
                : ((org.codehaus.plexus.util.xml.Xpp3Dom) e.getConfiguration()).getChild("mode");
        return e.getPhase() + " " + goal
                + (mode == null ? "" : " " + ((org.codehaus.plexus.util.xml.Xpp3Dom) mode).getValue());
    }

    static Model read(Path pom) throws IOException, XmlPullParserException {
        try (Reader r = Files.newBufferedReader(pom, StandardCharsets.UTF_8)) {
            return new MavenXpp3Reader().read(r);
        }
    }
}
