package dev.tradingpipeline.maven.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.junit.jupiter.api.Test;

class LocalRuntimeClasspathTest {

    private static Artifact jar(String coordinates, String file) {
        return new DefaultArtifact(coordinates).setFile(new File(file));
    }

    @Test
    void projectEntriesComeFirstAndWinOverResolvedArtifactsOfTheSameName() {
        List<Path> projectEntries = List.of(Path.of("/p/target/classes"), Path.of("/repo/my-jobs-0.2.0.jar"));
        List<Artifact> resolved = List.of(
                jar("org.apache.spark:spark-sql_2.12:3.5.7", "/repo/spark-sql.jar"),
                jar("dev.tradingpipeline:trading-jobs:0.1.0", "/repo/trading-jobs-0.1.0.jar"),
                jar("org.yaml:snakeyaml:2.2", "/repo/snakeyaml.jar"));

        List<Path> classpath = LocalRuntimeClasspath.merge(projectEntries,
                Set.of("dev.tradingpipeline:trading-jobs"), resolved);

        assertThat(classpath).containsExactly(Path.of("/p/target/classes"), Path.of("/repo/my-jobs-0.2.0.jar"),
                Path.of("/repo/spark-sql.jar"), Path.of("/repo/snakeyaml.jar"));
    }

    @Test
    void theRuntimeResourceIsFilteredWithTheBuildsVersions() {
        JobRuntime runtime = JobRuntime.load();

        assertThat(runtime.sparkVersion()).matches("3\\.5\\.\\d+");
        assertThat(runtime.coordinates()).containsExactly(
                "org.apache.spark:spark-sql_2.12:" + runtime.sparkVersion(),
                "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:" + runtime.icebergVersion(),
                "dev.tradingpipeline:trading-jobs:" + runtime.jobVersion());
        assertThat(runtime.java17Opens()).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    }
}
