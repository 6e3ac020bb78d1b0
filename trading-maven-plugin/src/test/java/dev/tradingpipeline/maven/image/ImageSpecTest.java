package dev.tradingpipeline.maven.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSpecTest {

    private static final String BASE = "public.ecr.aws/emr-serverless/spark/emr-7.11.0:latest";
    private static final String REPO = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/trading";

    @TempDir
    Path dir;
    private Path jar;

    @BeforeEach
    void jar() throws IOException {
        jar = Files.writeString(dir.resolve("trading-jobs-0.1.0.jar"), "jar");
    }

    private ImageSpec spec(String base, String platform, String repository, String tag, List<Path> libraries,
            String librariesDir) {
        return new ImageSpec(base, platform, repository, tag, libraries, librariesDir, false, Optional.empty(),
                Optional.empty());
    }

    @Test
    void acceptsTheEmrSetup() {
        ImageSpec spec = spec(BASE, "linux/arm64", REPO, "0.1.0-3f2a9c0d1e4b", List.of(jar), "/usr/share/trading/lib/");

        assertThat(spec.targetReference()).isEqualTo(REPO + ":0.1.0-3f2a9c0d1e4b");
        assertThat(spec.os()).isEqualTo("linux");
        assertThat(spec.architecture()).isEqualTo("arm64");
        assertThat(spec.librariesDir()).isEqualTo("/usr/share/trading/lib");
        assertThat(spec.baseCredential()).isEmpty();
        assertThat(spec.withTag("other").targetReference()).isEqualTo(REPO + ":other");
    }

    @Test
    void aLocalRegistryWithAPortIsARepositoryNotATag() {
        ImageSpec spec = spec("127.0.0.1:5000/emr-base:latest", "linux/arm64", "127.0.0.1:5000/trading", "1",
                List.of(jar), "/lib");
        assertThat(spec.targetReference()).isEqualTo("127.0.0.1:5000/trading:1");
    }

    @Test
    void nullCredentialsMeanNone() {
        ImageSpec spec = new ImageSpec(BASE, "linux/arm64", REPO, "1", List.of(jar), "/lib", false, null, null);
        assertThat(spec.baseCredential()).isEmpty();
        assertThat(spec.targetCredential()).isEmpty();
    }

    @Test
    void errorsNameTheConfigurationKey() {
        assertThatThrownBy(() -> spec(" ", "linux/arm64", REPO, "1", List.of(jar), "/lib"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("image.base is not set");
        assertThatThrownBy(() -> spec("Not An Image", "linux/arm64", REPO, "1", List.of(jar), "/lib"))
                .hasMessageStartingWith("image.base 'Not An Image' is not a valid image reference");
        assertThatThrownBy(() -> spec(BASE, "arm64", REPO, "1", List.of(jar), "/lib"))
                .hasMessage("image.platform must be <os>/<architecture>, e.g. linux/arm64; got 'arm64'");
        assertThatThrownBy(() -> spec(BASE, "linux/arm64", null, "1", List.of(jar), "/lib"))
                .hasMessage("image.repository is not set");
        assertThatThrownBy(() -> spec(BASE, "linux/arm64", REPO + ":latest", "1", List.of(jar), "/lib"))
                .hasMessageStartingWith("image.repository must not carry a tag or digest");
        assertThatThrownBy(() -> spec(BASE, "linux/arm64", REPO, "-bad", List.of(jar), "/lib"))
                .hasMessageStartingWith("image.tag '-bad' is not a valid tag");
        assertThatThrownBy(() -> spec(BASE, "linux/arm64", REPO, "1", List.of(jar), "usr/share/trading/lib"))
                .hasMessageStartingWith("image.libraries-dir must be an absolute path in the image");
        assertThatThrownBy(() -> spec(BASE, "linux/arm64", REPO, "1", List.of(jar), "/usr/../etc"))
                .hasMessageStartingWith("image.libraries-dir must be an absolute path in the image");
    }

    @Test
    void librariesMustBeFilesWithDistinctNames() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other"));
        Path sameName = Files.writeString(other.resolve(jar.getFileName().toString()), "another jar");

        assertThatThrownBy(() -> spec(BASE, "linux/arm64", REPO, "1", List.of(), "/lib"))
                .hasMessage("image.libraries is empty: there is nothing to add to the image");
        assertThatThrownBy(() -> spec(BASE, "linux/arm64", REPO, "1", List.of(dir.resolve("missing.jar")), "/lib"))
                .hasMessage("image.libraries: " + dir.resolve("missing.jar") + " is not a file");
        assertThatThrownBy(() -> spec(BASE, "linux/arm64", REPO, "1", List.of(jar, sameName), "/lib"))
                .hasMessageStartingWith("image.libraries: two libraries are named trading-jobs-0.1.0.jar");
    }

    @Test
    void credentialsNeverShowTheirPassword() {
        RegistryCredential credential = new RegistryCredential("AWS", "s3cr3t-token");
        ImageSpec spec = new ImageSpec(BASE, "linux/arm64", REPO, "1", List.of(jar), "/lib", false,
                Optional.of(credential), Optional.of(credential));

        assertThat(credential.toString()).isEqualTo("RegistryCredential[username=AWS, password=****]");
        assertThat(spec.toString()).doesNotContain("s3cr3t-token").contains("username=AWS");
    }
}
