package dev.tradingpipeline.jobs.spark;

import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the table when a write to it ends in a timeout. The store's and the catalog's clients
 * give up after their time bounds (S3A, S3FileIO, the REST catalog: {@link S3Access},
 * {@code CatalogSettings}) with errors that name a data file, or nothing at all (an S3 client's
 * "Read timed out", a task failure on an executor); the run's error then says which table the
 * write was for, and where the bounds are described.
 */
public final class TableWriteTimeouts {

    /** A timeout's class as a task failure's text carries it (Spark keeps an executor's cause as text only). */
    private static final Pattern TIMEOUT_CLASS = Pattern.compile("[\\w.$]*Timeout[\\w$]*Exception(: [^\\n]*)?");
    private static final int MAX_DEPTH = 32;

    private TableWriteTimeouts() {
    }

    /**
     * {@code failure} itself, or, when it ends in a timeout, an exception around it that names the
     * table and what the write was for.
     *
     * @param table the qualified table, e.g. {@code trading.bronze.option_eod}
     * @param what  whose write, e.g. {@code batch 20240304-...}
     */
    public static RuntimeException naming(String table, String what, RuntimeException failure) {
        Optional<String> timeout = failure instanceof TableWriteTimeoutException ? Optional.empty() : timeout(failure);
        if (timeout.isEmpty()) {
            return failure;
        }
        return new TableWriteTimeoutException("Cannot write table " + table + " (" + what + "): a call to the store"
                + " or the catalog timed out (" + timeout.get() + "). The job's time bounds on remote writes, and the"
                + " settings that change them, are in docs/emr-and-aws.md (Time bounds of remote writes)", failure);
    }

    /** The first timeout among the causes, described in one line; empty when none is. */
    static Optional<String> timeout(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                String m = t.getMessage();
                return Optional.of(t.getClass().getName() + (m == null || m.isBlank() ? ""
                        : ": " + m.lines().findFirst().orElse(m)));
            }
            if (t.getMessage() != null) {
                Matcher inText = TIMEOUT_CLASS.matcher(t.getMessage());
                if (inText.find()) {
                    return Optional.of(inText.group());
                }
            }
        }
        return Optional.empty();
    }

    /** A table write that ended in a timeout; the cause is the original failure. */
    public static final class TableWriteTimeoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TableWriteTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
