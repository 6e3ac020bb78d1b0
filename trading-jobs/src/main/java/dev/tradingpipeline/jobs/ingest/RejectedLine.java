package dev.tradingpipeline.jobs.ingest;

import java.io.Serializable;

/** A data line that failed validation, with where it was and why. */
public record RejectedLine(String path, long lineNumber, String rawLine, String reason) implements Serializable {
}
