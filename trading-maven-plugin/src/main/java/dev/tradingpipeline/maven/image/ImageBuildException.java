package dev.tradingpipeline.maven.image;

/**
 * A container image could not be checked, built or pushed: the base image is missing or has the
 * wrong platform, a registry refused a request or answered with an error. The message names the
 * image and, where the user wrote it, the configuration key.
 */
public class ImageBuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ImageBuildException(String message) {
        super(message);
    }

    public ImageBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
