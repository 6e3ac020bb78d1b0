package dev.tradingpipeline.maven.image;


import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tradingpipeline.maven.records.JsonRecords;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What an image build left in the registry. Written as JSON ({@code target/trading/image.json})
 * for the goals that point EMR Serverless at the image.
 *
 * @param imageReference {@code <repository>:<tag>}
 * @param digest         the image manifest's digest, {@code sha256:...}
 * @param imageId        the image configuration's digest
 * @param platform       {@code linux/arm64}
 * @param baseImage      the base image as configured
 * @param baseDigest     the digest of the base image's manifest for the platform
 * @param librariesHash  {@link ImageBuilder#librariesHash} of the jars in the image
 * @param pushed         false when the tag already held this content and nothing was pushed
 */
public record ImageResult(String imageReference, String digest, String imageId, String platform, String baseImage,
        String baseDigest, String librariesHash, boolean pushed) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ImageResult {
        Objects.requireNonNull(imageReference, "imageReference");
        Objects.requireNonNull(digest, "digest");
    }

    /** The repository without the tag. */
    public String repository() {
        int slash = imageReference.lastIndexOf('/');
        int colon = imageReference.lastIndexOf(':');
        return colon > slash ? imageReference.substring(0, colon) : imageReference;
    }

    /** {@code <repository>@<digest>}: this exact image, whatever the tag points at later. */
    public String referenceByDigest() {
        return repository() + "@" + digest;
    }

    public void write(Path json) {
        JsonRecords.write(JSON, this, json, "image record");
    }

    public static ImageResult read(Path json) {
        return JsonRecords.read(JSON, json, ImageResult.class, "image record");
    }
}
