package dev.tradingpipeline.maven.emr;

/**
 * A problem with the EMR Serverless application or a job run that the user has to look at: the
 * application cannot run jobs, a call was refused, a submission could not be made. The message
 * says what happened and names the application or run.
 */
public class EmrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmrException(String message) {
        super(message);
    }

    public EmrException(String message, Throwable cause) {
        super(message, cause);
    }
}
