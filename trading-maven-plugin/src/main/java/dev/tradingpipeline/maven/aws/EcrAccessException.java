package dev.tradingpipeline.maven.aws;

/**
 * Amazon ECR refused what an image push needs: no login for the credentials, no such repository,
 * a registry in another region. The message names the repository and what to do.
 */
public class EcrAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EcrAccessException(String message) {
        super(message);
    }

    public EcrAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
