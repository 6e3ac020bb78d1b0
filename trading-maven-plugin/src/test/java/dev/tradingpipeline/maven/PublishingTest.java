package dev.tradingpipeline.maven;

import static dev.tradingpipeline.maven.ExampleProjectTest.ROOT;
import static dev.tradingpipeline.maven.ExampleProjectTest.defaultRevision;
import static dev.tradingpipeline.maven.ExampleProjectTest.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.maven.testing.PublishedToolkit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.model.DeploymentRepository;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.Profile;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue #23: the toolkit as a release a sibling repository's CI can use. One version for the
 * parent, the modules, the plugin and trading-jobs, flattened into the published POMs; where to
 * publish from properties, credentials never in a POM; the release workflow; the README's lines for
 * a sibling and example-project's workflow saying the same. (The IT {@code published-repository}
 * publishes and builds a sibling with them.)
 */
class PublishingTest {

    @Test
    void theParentEveryModuleThePluginAndTheJobsHaveOneVersionFlattenedIntoThePublishedPoms() throws Exception {
        Model parent = read(ROOT.resolve("pom.xml"));
        assertThat(parent.getVersion()).isEqualTo("${revision}");
        assertThat(parent.getProperties()).as("the default is in .mvn/maven.config, which a published POM does not"
                + " carry").doesNotContainKey("revision");
        assertThat(defaultRevision()).endsWith("-SNAPSHOT");
        Plugin flatten = parent.getBuild().getPluginManagement().getPluginsAsMap()
                .get("org.codehaus.mojo:flatten-maven-plugin");
        assertThat(flatten.getVersion()).as("pinned").matches("\\d+\\.\\d+\\.\\d+");
        Xpp3Dom config = (Xpp3Dom) flatten.getConfiguration();
        assertThat(config.getChild("flattenMode").getValue()).isEqualTo("resolveCiFriendliesOnly");
        assertThat(config.getChild("updatePomFile").getValue()).isEqualTo("true");
        Plugin own = parent.getBuild().getPluginsAsMap().get("org.codehaus.mojo:flatten-maven-plugin");
        assertThat(own.getInherited()).as("users' projects do not get it from the parent").isEqualTo("false");
        for (String module : parent.getModules()) {
            Model m = read(ROOT.resolve(module).resolve("pom.xml"));
            assertThat(m.getParent().getVersion()).as(module + "'s parent version").isEqualTo("${revision}");
            assertThat(m.getVersion()).as(module + " takes the parent's version").isNull();
            assertThat(m.getBuild().getPluginsAsMap()).as(module + " flattens its installed POM")
                    .containsKey("org.codehaus.mojo:flatten-maven-plugin");
        }
    }

    @Test
    void theUsersPomsOfThisRepositoryTakeTheSnapshotThisBuildInstalls() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/own-repository.md"), StandardCharsets.UTF_8);
        assertThat(page).containsPattern("<artifactId>trading-pipeline-parent</artifactId>\\s*<version>"
                + java.util.regex.Pattern.quote(defaultRevision()) + "</version>");
    }

    @Test
    void whereToPublishComesFromPropertiesAndNoPomHoldsCredentials() throws Exception {
        Model parent = read(ROOT.resolve("pom.xml"));
        assertThat(parent.getDistributionManagement()).as("users' projects inherit nothing to deploy to").isNull();
        Profile publish = parent.getProfiles().stream().filter(p -> p.getId().equals("publish")).findFirst().orElseThrow();
        assertThat(publish.getActivation().getProperty().getName()).isEqualTo("trading-pipeline.publish.url");
        DeploymentRepository release = publish.getDistributionManagement().getRepository();
        DeploymentRepository snapshot = publish.getDistributionManagement().getSnapshotRepository();
        for (DeploymentRepository r : List.of(release, snapshot)) {
            assertThat(r.getId()).isEqualTo("${trading-pipeline.publish.id}");
            assertThat(r.getUrl()).isEqualTo("${trading-pipeline.publish.url}");
        }
        assertThat(parent.getProperties().getProperty("trading-pipeline.publish.id"))
                .isEqualTo(PublishedToolkit.REPOSITORY_ID);
        for (String module : List.of("trading-testing", "trading-bench")) {
            assertThat(read(ROOT.resolve(module).resolve("pom.xml")).getProperties())
                    .as(module + " is not published").containsEntry("maven.deploy.skip", "true");
        }
        for (String module : parent.getModules()) {
            String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"), StandardCharsets.UTF_8);
            assertThat(pom).doesNotContain("<password>").doesNotContain("<username>");
        }
        assertThat(Files.readString(ROOT.resolve("pom.xml"))).doesNotContain("<password>").doesNotContain("<username>");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theToolkitsWorkflowTestsPullRequestsAndPublishesAVersionTag() throws IOException {
        Path file = ROOT.resolve(PublishedToolkit.TOOLKIT_WORKFLOW);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, Object> workflow = new Yaml().load(text);
        Map<String, Object> on = (Map<String, Object>) (workflow.containsKey("on") ? workflow.get("on")
                : workflow.get(Boolean.TRUE));
        assertThat(on).containsKey("pull_request");
        assertThat((Map<String, Object>) on.get("push")).containsEntry("tags", List.of("v*"));
        Map<String, Map<String, Object>> jobs = (Map<String, Map<String, Object>>) workflow.get("jobs");

        Map<String, Object> test = jobs.get("test");
        assertThat(test).doesNotContainKey("if");
        assertThat(PublishedToolkit.workflowCommand(file, "test", "bash .ci/run")).containsExactly("bash", ".ci/run");

        Map<String, Object> publish = jobs.get(PublishedToolkit.PUBLISH_JOB);
        assertThat(publish.get("needs")).isEqualTo("test");
        assertThat((String) publish.get("if")).contains("github.ref_type == 'tag'");
        assertThat((Map<String, Object>) publish.get("permissions")).containsEntry("packages", "write");
        Map<String, String> server = PublishedToolkit.workflowServer(file, PublishedToolkit.PUBLISH_JOB);
        assertThat(server).containsEntry("server-id", PublishedToolkit.REPOSITORY_ID);
        List<String> deploy = PublishedToolkit.workflowCommand(file, PublishedToolkit.PUBLISH_JOB, "mvn -B deploy");
        assertThat(deploy).contains("-Drevision=\"${GITHUB_REF_NAME#v}\"",
                "-Dtrading-pipeline.publish.url=\"$TRADING_PIPELINE_PUBLISH_URL\"");
        Map<String, Object> deployStep = ((List<Map<String, Object>>) publish.get("steps")).stream()
                .filter(s -> String.valueOf(s.get("run")).startsWith("mvn -B deploy")).findFirst().orElseThrow();
        Map<String, String> env = (Map<String, String>) deployStep.get("env");
        assertThat(env).containsKeys(server.get("server-username"), server.get("server-password"),
                "TRADING_PIPELINE_PUBLISH_URL");
        assertThat(env.get(server.get("server-password"))).as("a secret, never a value in the file")
                .startsWith("${{ secrets.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReadmesLinesForASiblingAreWhatExampleProjectsWorkflowConfigures() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String pomLines = PublishedToolkit.readmeBlock(readme, PublishedToolkit.README_POM_BLOCK, "xml");
        assertThat(pomLines).contains("<repositories>", "<pluginRepositories>")
                .contains("<id>" + PublishedToolkit.REPOSITORY_ID + "</id>")
                .contains("<url>" + PublishedToolkit.README_URL + "</url>");
        String settings = PublishedToolkit.readmeBlock(readme, PublishedToolkit.README_SETTINGS_BLOCK, "xml");
        assertThat(settings).contains("<id>" + PublishedToolkit.REPOSITORY_ID + "</id>");
        List<String> env = PublishedToolkit.envNames(settings);

        Path file = ROOT.resolve(PublishedToolkit.SIBLING_WORKFLOW);
        Map<String, Object> workflow = new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
        Map<String, Map<String, Object>> jobs = (Map<String, Map<String, Object>>) workflow.get("jobs");
        for (String job : jobs.keySet()) {
            // what setup-java writes from these is the README's settings.xml, line for line
            assertThat(PublishedToolkit.workflowServer(file, job)).as(job).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "server-id", PublishedToolkit.REPOSITORY_ID, "server-username", env.get(0),
                    "server-password", env.get(1)));
            for (Map<String, Object> step : (List<Map<String, Object>>) jobs.get(job).get("steps")) {
                if (String.valueOf(step.get("run")).startsWith("mvn ")) {
                    assertThat((Map<String, String>) step.get("env")).as(job + ": " + step.get("run"))
                            .containsKeys(env.get(0), env.get(1));
                    assertThat(((Map<String, String>) step.get("env")).get(env.get(1))).startsWith("${{ secrets.");
                }
            }
        }
        assertThat(Files.readString(file)).contains(env.get(0), env.get(1), "<repositories>", "<pluginRepositories>");
    }
}
