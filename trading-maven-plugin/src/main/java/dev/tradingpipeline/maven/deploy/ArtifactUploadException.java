package dev.tradingpipeline.maven.deploy;

/**
 * A deploy that stopped at one artifact: the message names the artifact and its S3 URI, why it
 * failed (after how many tries), what of the deploy is already in S3, and what to do next.
 * Artifacts uploaded before the failure stay, and the next deploy does not send them again.
 */
public final class ArtifactUploadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String artifact;
    private final String uri;

    ArtifactUploadException(String artifact, String uri, String message, Throwable cause) {
        super(message, cause);
        this.artifact = artifact;
        this.uri = uri;
    }

    /** The file name of the artifact that could not be uploaded, e.g. {@code trading-jobs-0.1.0.jar}. */
    public String artifact() {
        return artifact;
    }

    /** Where it was going, {@code s3://bucket/prefix/jars/<name>-<hash>.jar}. */
    public String uri() {
        return uri;
    }
}
