package dev.tradingpipeline.core.config;

import java.util.List;

/**
 * What the user gave cannot be used: every {@link Problem} found, reported at once before any
 * work starts, each naming the key and where it was written. The message lists them under a
 * title ({@code Invalid configuration:}, one problem a line); callers that combine the problems of
 * several sources take {@link #problems()}, never the message.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The title of a list of configuration problems. */
    public static final String INVALID_CONFIGURATION = "Invalid configuration";

    private final List<Problem> problems;
    private final boolean checked;

    /** The problems found by a complete check of a source, under a title such as {@value #INVALID_CONFIGURATION}. */
    public ConfigException(String title, List<Problem> problems) {
        super(render(title, problems));
        this.problems = List.copyOf(problems);
        this.checked = true;
    }

    /**
     * One problem that stopped the check (a file that cannot be read or is not YAML): nothing else of
     * the source could be checked.
     */
    public ConfigException(String message) {
        this(message, (Throwable) null);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(Problem.general("", message));
        this.checked = false;
    }

    /** Every problem found, in the order found. */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * Whether the source was checked through (every problem of it is listed), rather than stopped at
     * its first problem.
     */
    public boolean checkedThrough() {
        return checked;
    }

    /** {@code <title>:} then one {@code "\n  - "} line a problem. */
    public static String render(String title, List<Problem> problems) {
        StringBuilder sb = new StringBuilder(title).append(':');
        for (Problem p : problems) {
            sb.append("\n  - ").append(p.line());
        }
        return sb.toString();
    }
}
