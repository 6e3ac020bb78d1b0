package dev.tradingpipeline.jobs.ingest;

import java.io.Serializable;

/**
 * A data line that failed validation, with where it was and why.
 *
 * @param path   the landing file
 * @param source where the line is: the landing file, or an archive's entry ({@code a.zip!/b.csv})
 */
public record RejectedLine(String path, String source, long lineNumber, String rawLine, String reason) implements Serializable {
}
