package dev.tradingpipeline.sample;

import java.util.Locale;

/** How a generated landing file is stored; the three forms the landing reader accepts. */
public enum Compression {
    /** Plain CSV. */
    CSV(".csv"),
    /** Gzip-compressed CSV, as after a re-upload. */
    GZIP(".csv.gz"),
    /** A zip holding one CSV entry of the same base name, as the vendor ships it. */
    ZIP(".zip");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    /** The file name suffix, including the leading dot (".csv", ".csv.gz", ".zip"). */
    public String suffix() {
        return suffix;
    }

    /**
     * Parses a command-line spelling: {@code csv}, {@code gzip} (or {@code gz}), {@code zip},
     * case-insensitive.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Compression parse(String text) {
        switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "csv":
                return CSV;
            case "gzip":
            case "gz":
                return GZIP;
            case "zip":
                return ZIP;
            default:
                throw new IllegalArgumentException(
                        "compression must be csv, gzip or zip, got '" + text + "'");
        }
    }
}
