package dev.tradingpipeline.maven.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibrariesHashTest {

    @TempDir
    Path dir;

    @Test
    void isTheSameInAnyOrder() throws IOException {
        Path a = Files.writeString(dir.resolve("a.jar"), "alpha");
        Path b = Files.writeString(dir.resolve("b.jar"), "beta");

        String hash = ImageBuilder.librariesHash(List.of(a, b));

        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(ImageBuilder.librariesHash(List.of(b, a))).isEqualTo(hash);
    }

    @Test
    void changesWithAByteOrAName() throws IOException {
        Path a = Files.writeString(dir.resolve("a.jar"), "alpha");
        Path b = Files.writeString(dir.resolve("b.jar"), "beta");
        String hash = ImageBuilder.librariesHash(List.of(a, b));

        Files.writeString(b, "betA");
        String changedContent = ImageBuilder.librariesHash(List.of(a, b));
        Files.writeString(b, "beta");
        Path renamed = Files.move(b, dir.resolve("c.jar"));
        String changedName = ImageBuilder.librariesHash(List.of(a, renamed));

        assertThat(changedContent).isNotEqualTo(hash);
        assertThat(changedName).isNotEqualTo(hash).isNotEqualTo(changedContent);
    }

    @Test
    void doesNotDependOnWhereTheFilesAreOrWhenTheyWereWritten() throws IOException {
        Path a = Files.writeString(dir.resolve("a.jar"), "alpha");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path copy = Files.writeString(elsewhere.resolve("a.jar"), "alpha");
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(0));

        assertThat(ImageBuilder.librariesHash(List.of(copy))).isEqualTo(ImageBuilder.librariesHash(List.of(a)));
    }
}
