package dev.tradingpipeline.maven;

import dev.tradingpipeline.core.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place where what a goal's work throws becomes what Maven reports. What the user gave
 * cannot be used (a {@link ConfigException}: the configuration, a goal parameter) is a
 * {@link MojoFailureException}: the build fails with the user's problem listed. Everything else
 * (an AWS call refused, a stack that failed, an image that could not be pushed, a file that could
 * not be written, an interrupt) is a {@link MojoExecutionException} with the message the
 * component wrote, which names what it was doing.
 */
final class Failures {

    /** A goal's work: may throw anything {@link #rethrow} knows how to report. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** A goal's work that gives a value. */
    @FunctionalInterface
    interface ValueWork<T> {
        T get() throws Exception;
    }

    private Failures() {
    }

    /** As {@link #during(String, Work)}, for work that gives a value. */
    static <T> T during(String doing, ValueWork<T> work) throws MojoExecutionException, MojoFailureException {
        try {
            return work.get();
        } catch (Exception e) {
            rethrow(doing, e);
            throw new IllegalStateException("unreachable", e);
        }
    }

    /**
     * Runs the work, reporting what it throws as Maven expects.
     *
     * @param doing what the work is, for the messages of failures that do not say it themselves
     *              (an I/O error, an interrupt), e.g. {@code "deploying to S3"}
     */
    static void during(String doing, Work work) throws MojoExecutionException, MojoFailureException {
        try {
            work.run();
        } catch (Exception e) {
            rethrow(doing, e);
        }
    }

    /** Throws the Maven exception that reports {@code e}; never returns. */
    static void rethrow(String doing, Exception e) throws MojoExecutionException, MojoFailureException {
        if (e instanceof MojoExecutionException m) {
            throw m;
        }
        if (e instanceof MojoFailureException m) {
            throw m;
        }
        if (e instanceof ConfigException c) {
            throw new MojoFailureException(c.getMessage(), c);
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("Interrupted while " + doing, e);
        }
        if (e instanceof SdkException) {
            throw new MojoExecutionException("AWS request failed while " + doing + ": " + e.getMessage(), e);
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            throw new MojoExecutionException("Failed while " + doing + ": " + e.getMessage(), e);
        }
        throw new MojoExecutionException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
    }
}
