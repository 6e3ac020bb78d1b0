package dev.tradingpipeline.maven.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the published-repository test that work on text and folders, without Maven. */
class PublishedToolkitTest {

    @Test
    void theSiblingPomGetsTheReleaseAsItsParentAndTheReadmesLinesBeforeItsDependencies() {
        String pom = """
                <project>
                  <parent>
                    <groupId>dev.tradingpipeline</groupId>
                    <artifactId>trading-pipeline-parent</artifactId>
                    <version>0.1.0-SNAPSHOT</version>
                    <relativePath/>
                  </parent>
                  <artifactId>trading-example</artifactId>
                  <version>0.1.0-SNAPSHOT</version>
                  <dependencies>
                  </dependencies>
                </project>
                """;
        String sibling = PublishedToolkit.siblingPom(pom, "1.2.0", "  <repositories/>");
        assertThat(sibling).contains("<artifactId>trading-pipeline-parent</artifactId>\n    <version>1.2.0</version>")
                .as("the project's own version stays").contains("<artifactId>trading-example</artifactId>\n"
                        + "  <version>0.1.0-SNAPSHOT</version>\n  <repositories/>\n  <dependencies>");
    }

    @Test
    void aReadmeBlockIsTheFencedTextBetweenItsMarkers() {
        String readme = "text\n<!-- sibling-settings: what it is for -->\n```xml\n<settings>\n"
                + "  <username>${env.A_USER}</username><password>${env.A_TOKEN}</password>\n</settings>\n```\n"
                + "<!-- /sibling-settings -->\nmore\n";
        String block = PublishedToolkit.readmeBlock(readme, "sibling-settings", "xml");
        assertThat(block).startsWith("<settings>\n").endsWith("</settings>\n");
        assertThat(PublishedToolkit.envNames(block)).containsExactly("A_USER", "A_TOKEN");
        assertThatThrownBy(() -> PublishedToolkit.readmeBlock(readme, "sibling-pom", "xml"))
                .hasMessageContaining("<!-- sibling-pom -->");
    }

    @Test
    void originsAreWhatMavenRecordedForEachDownloadAndNothingForAnInstalledArtifact(@TempDir Path repo)
            throws Exception {
        Path jobs = Files.createDirectories(repo.resolve("dev/tradingpipeline/trading-jobs/1.2.0"));
        Files.writeString(jobs.resolve("_remote.repositories"), """
                #NOTE: This is a Maven Resolver internal implementation file, its format can be changed without prior notice.
                #Sun Dec 06 16:00:00 UTC 2026
                trading-jobs-1.2.0.jar>trading-pipeline=
                trading-jobs-1.2.0.pom>trading-pipeline=
                """);
        Path core = Files.createDirectories(repo.resolve("dev/tradingpipeline/trading-core/1.2.0"));
        Files.writeString(core.resolve("_remote.repositories"), "trading-core-1.2.0.pom>third-party=\n");
        Files.createDirectories(repo.resolve("dev/tradingpipeline/trading-sample/0.1.0-SNAPSHOT"));
        assertThat(PublishedToolkit.toolkitOrigins(repo)).isEqualTo(Map.of(
                "trading-jobs/1.2.0", List.of("trading-pipeline"),
                "trading-core/1.2.0", List.of("third-party"),
                "trading-sample/0.1.0-SNAPSHOT", List.of()));
    }
}
