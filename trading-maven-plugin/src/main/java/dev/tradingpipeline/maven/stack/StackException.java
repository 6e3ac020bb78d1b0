package dev.tradingpipeline.maven.stack;

/**
 * A problem with the stack the user has to look at: a change set or stack operation failed (with
 * the failed resources' reasons), the stack is in a state that allows no change, a wait ran out.
 */
public class StackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
