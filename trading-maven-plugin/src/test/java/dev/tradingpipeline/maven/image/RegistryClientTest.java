package dev.tradingpipeline.maven.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.maven.testing.LocalRegistry;
import dev.tradingpipeline.maven.testing.LocalRegistryTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads images from a real registry (Debian's docker-registry on 127.0.0.1). */
class RegistryClientTest {

    private static LocalRegistry registry;

    @BeforeAll
    static void startRegistry() {
        LocalRegistryTests.assumeAvailable();
        registry = LocalRegistry.start();
        LocalRegistry.seedMultiPlatformBase(registry, "emr/base-multi");
        LocalRegistry.seedArm64Base(registry, "emr/base");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void readsAManifestList() {
        RegistryClient.Manifest list = registry.client().manifest("emr/base-multi", "latest").orElseThrow();

        assertThat(list.isIndex()).isTrue();
        assertThat(list.mediaType()).isEqualTo(RegistryClient.DOCKER_MANIFEST_LIST);
        assertThat(list.entries()).extracting(RegistryClient.Manifest.Entry::platform)
                .containsExactlyInAnyOrder("linux/amd64", "linux/arm64");
        assertThat(list.configDigest()).isEmpty();
        assertThat(registry.client().manifestDigest("emr/base-multi", "latest")).contains(list.digest());
    }

    @Test
    void picksThePlatformOutOfAManifestList() {
        RegistryClient.Manifest list = registry.client().manifest("emr/base-multi", "latest").orElseThrow();

        PlatformImage arm64 = registry.client().image("emr/base-multi", "latest", "linux/arm64").orElseThrow();
        PlatformImage amd64 = registry.client().image("emr/base-multi", "latest", "linux/amd64").orElseThrow();

        assertThat(arm64.indexDigest()).contains(list.digest());
        assertThat(arm64.architecture()).isEqualTo("arm64");
        assertThat(amd64.architecture()).isEqualTo("amd64");
        assertThat(arm64.digest()).isNotEqualTo(amd64.digest());
        assertThat(arm64.user()).isEqualTo("hadoop:hadoop");
        assertThat(arm64.workingDir()).isEqualTo("/home/hadoop");
        assertThat(arm64.entrypoint()).containsExactly(LocalRegistry.BASE_ENTRYPOINT);
        assertThat(arm64.env()).contains("JAVA_HOME=/etc/alternatives/jre", "SPARK_HOME=/usr/lib/spark");
        // by digest too
        assertThat(registry.client().image("emr/base-multi", arm64.digest(), "linux/arm64").orElseThrow().digest())
                .isEqualTo(arm64.digest());
    }

    @Test
    void readsASinglePlatformImage() {
        PlatformImage image = registry.client().image("emr/base", "latest", "linux/arm64").orElseThrow();

        assertThat(image.indexDigest()).isEmpty();
        assertThat(image.manifest().isIndex()).isFalse();
        assertThat(image.manifest().mediaType()).isEqualTo(RegistryClient.DOCKER_MANIFEST);
        assertThat(image.platform()).isEqualTo("linux/arm64");
        assertThat(image.layerDigests()).hasSize(1);
        byte[] layer = registry.client().blob("emr/base", image.layerDigests().get(0));
        assertThat(RegistryClient.sha256(layer)).isEqualTo(image.layerDigests().get(0));
    }

    @Test
    void saysWhichPlatformsThereAreWhenTheOneAskedForIsMissing() {
        assertThatThrownBy(() -> registry.client().image("emr/base", "latest", "linux/amd64"))
                .isInstanceOfSatisfying(PlatformNotFoundException.class, e -> {
                    assertThat(e.available()).containsExactly("linux/arm64");
                    assertThat(e.multiPlatform()).isFalse();
                })
                .hasMessage(registry.host() + "/emr/base:latest is linux/arm64 only, not linux/amd64");
        assertThatThrownBy(() -> registry.client().image("emr/base-multi", "latest", "windows/amd64"))
                .isInstanceOfSatisfying(PlatformNotFoundException.class, e -> assertThat(e.multiPlatform()).isTrue())
                .hasMessage(registry.host() + "/emr/base-multi:latest offers linux/amd64, linux/arm64 but not windows/amd64");
    }

    @Test
    void anUnknownTagOrRepositoryIsEmpty() {
        assertThat(registry.client().manifest("emr/base", "no-such-tag")).isEmpty();
        assertThat(registry.client().manifestDigest("emr/base", "no-such-tag")).isEmpty();
        assertThat(registry.client().manifest("no/such/repository", "latest")).isEmpty();
        assertThat(registry.client().image("no/such/repository", "latest", "linux/arm64")).isEmpty();
    }

    @Test
    void anUnknownBlobIsAnError() {
        String digest = "sha256:" + "0".repeat(64);
        assertThatThrownBy(() -> registry.client().blob("emr/base", digest))
                .isInstanceOf(ImageBuildException.class)
                .hasMessage("The blob " + digest + " is not in " + registry.host() + "/emr/base");
    }
}
