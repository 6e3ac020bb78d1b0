package dev.tradingpipeline.maven.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageResultTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void roundTripsThroughJson() throws Exception {
        ImageResult result = new ImageResult("127.0.0.1:5000/trading:0.1.0-3f2a9c0d1e4b", DIGEST,
                "sha256:" + "cd".repeat(32), "linux/arm64", "127.0.0.1:5000/emr-base:latest",
                "sha256:" + "ef".repeat(32), "01".repeat(32), true);
        Path json = dir.resolve("target/trading/image.json");

        result.write(json);

        assertThat(ImageResult.read(json)).isEqualTo(result);
        assertThat(Files.readString(json)).contains("\"digest\" : \"" + DIGEST + "\"", "\"pushed\" : true")
                .doesNotContain("referenceByDigest");
    }

    @Test
    void namesTheImageByDigest() {
        ImageResult withPort = new ImageResult("127.0.0.1:5000/trading:1.0", DIGEST, null, null, null, null, null, false);
        ImageResult ecr = new ImageResult("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/trading:1.0", DIGEST,
                null, null, null, null, null, false);

        assertThat(withPort.repository()).isEqualTo("127.0.0.1:5000/trading");
        assertThat(withPort.referenceByDigest()).isEqualTo("127.0.0.1:5000/trading@" + DIGEST);
        assertThat(ecr.referenceByDigest())
                .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/trading@" + DIGEST);
    }

    @Test
    void aMissingRecordSaysWhere() {
        assertThatThrownBy(() -> ImageResult.read(dir.resolve("image.json")))
                .isInstanceOf(UncheckedIOException.class).hasMessage("No image record at " + dir.resolve("image.json"));
    }
}
