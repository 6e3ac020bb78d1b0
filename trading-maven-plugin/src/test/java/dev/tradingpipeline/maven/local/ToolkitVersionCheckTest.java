package dev.tradingpipeline.maven.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.maven.local.ToolkitVersionCheck.ProjectArtifact;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolkitVersionCheckTest {

    private static final String PROJECT = "com.example:my-strategies:jar:1.0-SNAPSHOT";

    @Test
    void theToolkitsJarsOfThePluginsVersionPass() {
        List<ProjectArtifact> artifacts = List.of(
                direct("dev.tradingpipeline", "trading-jobs", "1.2.0"),
                new ProjectArtifact("dev.tradingpipeline", "trading-core", "1.2.0",
                        List.of(PROJECT, "dev.tradingpipeline:trading-jobs:jar:1.2.0", "dev.tradingpipeline:trading-core:jar:1.2.0")),
                direct("org.yaml", "snakeyaml", "2.2"));
        assertThat(ToolkitVersionCheck.mismatch("1.2.0", artifacts)).isEmpty();
        assertThat(ToolkitVersionCheck.mismatch("1.2.0", List.of())).as("a goal that resolves nothing").isEmpty();
    }

    @Test
    void anotherTradingJobsIsRefusedNamingBothVersions() {
        assertThat(ToolkitVersionCheck.mismatch("1.2.0", List.of(direct("dev.tradingpipeline", "trading-jobs", "1.1.0"))))
                .hasValueSatisfying(m -> assertThat(m)
                        .startsWith("The project depends on dev.tradingpipeline:trading-jobs 1.1.0, but this is"
                                + " trading-maven-plugin 1.2.0, which runs trading-jobs 1.2.0")
                        .contains("no <version> on trading-jobs or on the plugin"));
    }

    @Test
    void aSnapshotIsComparedByItsVersionAsWrittenNotItsDeployedTimestamp() {
        // a snapshot from a remote repository resolves as 1.2.0-20261206.101500-3; its base version is 1.2.0-SNAPSHOT
        assertThat(ToolkitVersionCheck.mismatch("1.2.0-SNAPSHOT",
                List.of(direct("dev.tradingpipeline", "trading-jobs", "1.2.0-SNAPSHOT")))).isEmpty();
        assertThat(ToolkitVersionCheck.mismatch("1.2.0", List.of(direct("dev.tradingpipeline", "trading-jobs",
                "1.2.0-SNAPSHOT")))).isPresent();
    }

    @Test
    void aTradingCoreOfAnotherVersionIsNamedWithTheDependencyItCameThrough() {
        ProjectArtifact core = new ProjectArtifact("dev.tradingpipeline", "trading-core", "1.0.0",
                List.of(PROJECT, "com.example:shared-strategies:jar:3.1", "dev.tradingpipeline:trading-core:jar:1.0.0"));
        assertThat(ToolkitVersionCheck.mismatch("1.2.0", List.of(direct("dev.tradingpipeline", "trading-jobs", "1.1.0"), core)))
                .hasValueSatisfying(m -> assertThat(m).startsWith("The project depends on dev.tradingpipeline:trading-jobs"
                        + " 1.1.0 and dev.tradingpipeline:trading-core 1.0.0 (through com.example:shared-strategies:jar:3.1),"
                        + " but this is trading-maven-plugin 1.2.0"));
    }

    @Test
    void onlyTheToolkitsGroupAndTheJarsAJobRunsWithAreChecked() {
        assertThat(ToolkitVersionCheck.mismatch("1.2.0", List.of(
                direct("com.example", "trading-jobs", "7.0"),
                // trading-sample is the plugin's own dependency, never on a job's class path
                direct("dev.tradingpipeline", "trading-sample", "0.9.0")))).isEmpty();
    }

    private static ProjectArtifact direct(String group, String artifact, String version) {
        return new ProjectArtifact(group, artifact, version, List.of(PROJECT, group + ":" + artifact + ":jar:" + version));
    }
}
