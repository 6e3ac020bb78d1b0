package dev.tradingpipeline.jobs.maintenance;

import java.time.Duration;
import java.util.Locale;

/** How maintenance writes sizes, durations and errors in its summary lines and notes. */
final class MaintenanceText {
    private MaintenanceText() {
    }

    /** A size in decimal units, e.g. {@code 34.5 MB}. */
    static String size(long bytes) {
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** A duration as config.yaml writes it, e.g. {@code 3d} or {@code 90m}. */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** An exception's message, or its first cause's that has one. */
    static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
