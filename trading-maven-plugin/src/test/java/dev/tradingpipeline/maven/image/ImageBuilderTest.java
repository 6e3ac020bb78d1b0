package dev.tradingpipeline.maven.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.maven.testing.LocalRegistry;
import dev.tradingpipeline.maven.testing.LocalRegistryTests;
import dev.tradingpipeline.maven.testing.TarEntries;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds and pushes to a real registry (Debian's docker-registry on 127.0.0.1), then reads back what it pushed. */
class ImageBuilderTest {

    private static final String LIB_DIR = "/usr/share/trading/lib";

    private static LocalRegistry registry;
    private static String arm64Base;
    private static String amd64Base;
    private static String multiPlatformBase;

    @TempDir
    Path dir;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private Path jobsJar;
    private Path utilJar;
    private int repositories;

    @BeforeAll
    static void startRegistry() {
        LocalRegistryTests.assumeAvailable();
        registry = LocalRegistry.start();
        arm64Base = LocalRegistry.seedArm64Base(registry, "emr-base");
        amd64Base = LocalRegistry.seedAmd64Base(registry, "emr-base-amd64");
        multiPlatformBase = LocalRegistry.seedMultiPlatformBase(registry, "emr-base-multi");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void jars() throws IOException {
        jobsJar = jar(dir.resolve("jars"), "trading-jobs-0.1.0.jar", "jobs");
        utilJar = jar(dir.resolve("jars"), "util-1.2.jar", "util");
    }

    @Test
    void buildsAnArm64ImageThatKeepsTheBaseImageContract() throws IOException {
        ImageSpec spec = spec(arm64Base, "0.1.0-a", List.of(utilJar, jobsJar));

        ImageResult result = builder().build(spec);

        assertThat(result.pushed()).isTrue();
        assertThat(result.digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(result.imageReference()).isEqualTo(spec.targetReference());
        assertThat(result.librariesHash()).isEqualTo(ImageBuilder.librariesHash(spec.libraries()));
        assertThat(log).anyMatch(l -> l.startsWith("Building " + spec.targetReference()))
                .anyMatch(l -> l.startsWith("Pushed " + spec.targetReference()))
                .anyMatch(l -> l.equals("Container entrypoint set to [/usr/bin/entrypoint.sh] (inherited from base image)"))
                .noneMatch(l -> l.startsWith("Jib warning") || l.isBlank()); // loopback HTTP and tag-named base are expected

        RegistryClient client = registry.client();
        String repository = repository(spec);
        PlatformImage base = client.image("emr-base", "latest", "linux/arm64").orElseThrow();
        PlatformImage image = client.image(repository, spec.tag(), "linux/arm64").orElseThrow();

        assertThat(image.digest()).isEqualTo(result.digest());
        assertThat(image.imageId()).isEqualTo(result.imageId());
        assertThat(result.baseDigest()).isEqualTo(base.digest());
        assertThat(image.manifest().mediaType()).isEqualTo(RegistryClient.DOCKER_MANIFEST);
        assertThat(image.indexDigest()).isEmpty();
        assertThat(image.architecture()).isEqualTo("arm64");
        assertThat(image.os()).isEqualTo("linux");
        assertThat(image.user()).isEqualTo("hadoop:hadoop");
        assertThat(image.workingDir()).isEqualTo("/home/hadoop");
        assertThat(image.entrypoint()).isEqualTo(base.entrypoint()).containsExactly(LocalRegistry.BASE_ENTRYPOINT);
        assertThat(image.cmd()).isEqualTo(base.cmd());
        assertThat(image.env()).containsExactlyInAnyOrderElementsOf(base.env())
                .contains("JAVA_HOME=/etc/alternatives/jre", "SPARK_HOME=/usr/lib/spark");
        assertThat(image.labels())
                .containsEntry(LocalRegistry.BASE_LABEL, base.labels().get(LocalRegistry.BASE_LABEL))
                .containsEntry(ImageBuilder.LABEL_BASE, arm64Base)
                .containsEntry(ImageBuilder.LABEL_BASE_DIGEST, base.digest())
                .containsEntry(ImageBuilder.LABEL_LIBRARIES_SHA256, result.librariesHash())
                .containsEntry(ImageBuilder.LABEL_LIBRARIES_DIR, LIB_DIR);

        // the base layers, then exactly one more
        assertThat(image.layerDigests()).hasSize(base.layerDigests().size() + 1)
                .startsWith(base.layerDigests().toArray(String[]::new));
        List<TarEntries.Entry> entries = TarEntries.readGzipped(
                client.blob(repository, image.layerDigests().get(image.layerDigests().size() - 1)));
        List<TarEntries.Entry> files = entries.stream().filter(TarEntries.Entry::isFile).toList();
        assertThat(files).extracting(TarEntries.Entry::name).containsExactly(
                "usr/share/trading/lib/trading-jobs-0.1.0.jar", "usr/share/trading/lib/util-1.2.jar");
        assertThat(files.get(0).content()).isEqualTo(Files.readAllBytes(jobsJar));
        assertThat(files.get(1).content()).isEqualTo(Files.readAllBytes(utilJar));
        assertThat(files).allSatisfy(f -> {
            assertThat(f.mode() & 0777).isEqualTo(0644);
            assertThat(f.modificationTime()).isEqualTo(1L); // Jib's fixed time: epoch + 1 s
        });
        assertThat(entries).filteredOn(e -> !e.isFile() && !e.isDirectory()).isEmpty();
    }

    @Test
    void theSameJarsGiveTheSameDigest() throws IOException {
        ImageResult first = builder().withCacheDirectory(dir.resolve("cache-1"))
                .build(spec(arm64Base, "1", List.of(jobsJar, utilJar)));

        // the same jars elsewhere, written later, listed in another order, built with an empty cache
        Path copies = Files.createDirectories(dir.resolve("copies"));
        Path jobsCopy = Files.copy(jobsJar, copies.resolve(jobsJar.getFileName()));
        Path utilCopy = Files.copy(utilJar, copies.resolve(utilJar.getFileName()));
        Files.setLastModifiedTime(jobsCopy, FileTime.fromMillis(System.currentTimeMillis() + 86_400_000L));
        ImageResult second = builder().withCacheDirectory(dir.resolve("cache-2"))
                .build(spec(arm64Base, "1", List.of(utilCopy, jobsCopy)));

        assertThat(second.pushed()).isTrue(); // another repository: really built again
        assertThat(second.imageReference()).isNotEqualTo(first.imageReference());
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.imageId()).isEqualTo(first.imageId());
    }

    @Test
    void anUnchangedImageIsUpToDateAndNothingIsPushed() throws IOException {
        ImageSpec spec = spec(arm64Base, "0.1.0-b", List.of(jobsJar, utilJar));
        ImageResult first = builder().build(spec);
        log.clear();

        ImageResult again = builder().build(spec);

        assertThat(again.pushed()).isFalse();
        assertThat(again.digest()).isEqualTo(first.digest());
        assertThat(again.imageId()).isEqualTo(first.imageId());
        assertThat(log).contains("Image " + spec.targetReference() + " is up to date (" + first.digest()
                + "): nothing pushed");
        assertThat(log).noneMatch(l -> l.startsWith("Building") || l.startsWith("Pushed"));

        // a changed jar under the same tag: built and pushed again
        jar(dir.resolve("jars"), "util-1.2.jar", "util, changed");
        log.clear();
        ImageResult changed = builder().build(spec);

        assertThat(changed.pushed()).isTrue();
        assertThat(changed.digest()).isNotEqualTo(first.digest());
        assertThat(log).anyMatch(l -> l.contains("exists with other content (" + first.digest() + "): replacing it"));
        assertThat(registry.client().manifestDigest(repository(spec), spec.tag())).contains(changed.digest());
    }

    @Test
    void anAmd64OnlyBaseImageFailsBeforeAnythingIsPushed() {
        ImageSpec spec = spec(amd64Base, "1", List.of(jobsJar));

        assertThatThrownBy(() -> builder().build(spec))
                .isInstanceOf(ImageBuildException.class)
                .hasMessage("image.base " + amd64Base + " is linux/amd64 only; EMR Serverless needs linux/arm64");
        assertThat(builder().remoteDigest(spec.targetRepository(), spec.tag(), Optional.empty(), true)).isEmpty();
    }

    @Test
    void aMultiPlatformBaseGivesASingleArm64Image() {
        ImageSpec spec = spec(multiPlatformBase, "1", List.of(jobsJar, utilJar));
        PlatformImage baseArm64 = registry.client().image("emr-base-multi", "latest", "linux/arm64").orElseThrow();

        ImageResult result = builder().build(spec);

        PlatformImage image = registry.client().image(repository(spec), spec.tag(), "linux/arm64").orElseThrow();
        assertThat(result.baseDigest()).isEqualTo(baseArm64.digest());
        assertThat(image.indexDigest()).isEmpty();
        assertThat(image.digest()).isEqualTo(result.digest());
        assertThat(image.architecture()).isEqualTo("arm64");
        assertThat(image.layerDigests()).startsWith(baseArm64.layerDigests().toArray(String[]::new));
        assertThat(image.entrypoint()).containsExactly(LocalRegistry.BASE_ENTRYPOINT);
    }

    @Test
    void aBaseImageWithoutTheRequestedPlatformFails() {
        ImageSpec spec = new ImageSpec(multiPlatformBase, "linux/s390x", registry.host() + "/app-s390x", "1",
                List.of(jobsJar), LIB_DIR, true, Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> builder().build(spec))
                .hasMessage("image.base " + multiPlatformBase
                        + " offers linux/amd64, linux/arm64 but not linux/s390x; EMR Serverless needs linux/s390x");
    }

    @Test
    void aMissingBaseImageIsNamed() {
        String missing = registry.host() + "/no-such-base:latest";

        assertThatThrownBy(() -> builder().build(spec(missing, "1", List.of(jobsJar))))
                .isInstanceOf(ImageBuildException.class)
                .hasMessageStartingWith("image.base " + missing + " does not exist");
    }

    @Test
    void remoteDigestIsEmptyForAnUnknownTag() {
        ImageSpec spec = spec(arm64Base, "1", List.of(jobsJar));
        ImageResult result = builder().build(spec);

        ImageBuilder builder = builder();
        assertThat(builder.remoteDigest(spec.targetRepository(), "1", Optional.empty(), true)).contains(result.digest());
        assertThat(builder.remoteDigest(spec.targetRepository(), "2", Optional.empty(), true)).isEmpty();
        assertThat(builder.remoteDigest(registry.host() + "/never-pushed", "1", Optional.empty(), true)).isEmpty();
    }

    // ---- helpers ----

    private ImageBuilder builder() {
        return new ImageBuilder(line -> {
            log.add(line);
            System.out.println("[image] " + line);
        });
    }

    /** A spec pushing to a repository of its own in the local registry. */
    private ImageSpec spec(String base, String tag, List<Path> libraries) {
        String repository = registry.host() + "/app-" + getClass().getSimpleName().toLowerCase() + "-"
                + System.identityHashCode(this) + "-" + repositories++;
        return new ImageSpec(base, "linux/arm64", repository, tag, libraries, LIB_DIR, true, Optional.empty(),
                Optional.empty());
    }

    private static String repository(ImageSpec spec) {
        return spec.targetRepository().substring(spec.targetRepository().indexOf('/') + 1);
    }

    /** A small real jar whose bytes depend only on its content. */
    private static Path jar(Path folder, String name, String content) throws IOException {
        Files.createDirectories(folder);
        Path jar = folder.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            JarEntry entry = new JarEntry("content.txt");
            entry.setTime(0);
            zip.putNextEntry(entry);
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }
}
