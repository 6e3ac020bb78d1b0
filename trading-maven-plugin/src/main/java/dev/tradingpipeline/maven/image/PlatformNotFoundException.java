package dev.tradingpipeline.maven.image;

import java.util.List;

/** An image exists, but not for the platform asked for. */
public class PlatformNotFoundException extends ImageBuildException {
    private static final long serialVersionUID = 1L;

    private final String image;
    private final String platform;
    private final List<String> available;
    private final boolean multiPlatform;

    public PlatformNotFoundException(String image, String platform, List<String> available, boolean multiPlatform) {
        super(image + (multiPlatform ? " offers " + (available.isEmpty() ? "no platform" : String.join(", ", available))
                + " but not " : " is " + String.join(", ", available) + " only, not ") + platform);
        this.image = image;
        this.platform = platform;
        this.available = List.copyOf(available);
        this.multiPlatform = multiPlatform;
    }

    public String image() {
        return image;
    }

    public String platform() {
        return platform;
    }

    /** The platforms the image does have. */
    public List<String> available() {
        return available;
    }

    /** Whether the image is a manifest list or index (else a single-platform image). */
    public boolean multiPlatform() {
        return multiPlatform;
    }
}
