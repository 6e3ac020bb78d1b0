package dev.tradingpipeline.maven.emr;

import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** Which failed calls are worth repeating, how long to wait before the next try, and how to name them. */
final class TransientErrors {

    private TransientErrors() {
    }

    /** Throttling, 5xx and client-side I/O failures; never an interrupted call. */
    static boolean isTransient(Throwable e) {
        if (e instanceof AbortedException) {
            return false;
        }
        if (e instanceof SdkClientException) {
            return true;
        }
        if (e instanceof SdkServiceException s) {
            return s.isThrottlingException() || s.statusCode() == 429 || s.statusCode() >= 500;
        }
        return false;
    }

    /** True when the SDK gave up because the thread was interrupted. */
    static boolean isInterruption(Throwable e) {
        return e instanceof AbortedException || Thread.currentThread().isInterrupted();
    }

    /** {@code base * 2^(failures-1)}, capped at {@code cap} (but never below {@code base}). */
    static Duration backoff(Duration base, int failures, Duration cap) {
        Duration limit = base.compareTo(cap) > 0 ? base : cap;
        Duration d = base;
        for (int i = 1; i < failures && d.compareTo(limit) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(limit) > 0 ? limit : d;
    }

    /** A short description for a one-line warning: error code and HTTP status, or the client error. */
    static String describe(Throwable e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            String code = a.awsErrorDetails().errorCode();
            String message = a.awsErrorDetails().errorMessage();
            return (code != null ? code : a.getClass().getSimpleName()) + ", HTTP " + a.statusCode()
                    + (message != null && !message.isBlank() ? ": " + message : "");
        }
        if (e instanceof SdkServiceException s) {
            return s.getClass().getSimpleName() + ", HTTP " + s.statusCode();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m != null ? ": " + firstLine(m) : "");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Elapsed time as 45s, 1m05s or 2h03m04s. */
    static String format(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (h > 0) {
            return String.format("%dh%02dm%02ds", h, m, sec);
        }
        if (m > 0) {
            return String.format("%dm%02ds", m, sec);
        }
        return sec + "s";
    }
}
