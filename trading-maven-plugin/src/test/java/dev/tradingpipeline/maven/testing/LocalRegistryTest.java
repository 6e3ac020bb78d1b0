package dev.tradingpipeline.maven.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRegistryTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTheRegistry() {
        LocalRegistryTests.assumeAvailable();
    }

    @Test
    void startedInAFolderItCanBeFoundAndStoppedFromAnotherScript() throws Exception {
        Path workDir = dir.resolve("registry");
        LocalRegistry registry = LocalRegistry.start(workDir);
        try {
            String reference = LocalRegistry.seedArm64Base(registry, "emr-base");

            assertThat(reference).isEqualTo(registry.host() + "/emr-base:latest");
            assertThat(Files.readString(workDir.resolve("registry.host")).trim()).isEqualTo(registry.host());
            assertThat(Files.readString(workDir.resolve("registry.pid")).trim()).isEqualTo(String.valueOf(registry.pid()));

            LocalRegistry.stop(workDir);

            ProcessHandle process = ProcessHandle.of(registry.pid()).orElse(null);
            if (process != null) {
                process.onExit().get(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            assertThat(ProcessHandle.of(registry.pid()).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            assertThat(workDir.resolve("data")).isDirectory(); // kept: the caller's folder
        } finally {
            registry.close();
        }
    }
}
