package dev.tradingpipeline.maven.local;

import dev.tradingpipeline.core.runs.JobSummaryLine;
import java.util.List;

/** The summary lines the trading job prints at its end, each starting with {@link #PREFIX}. */
public final class JobSummary {

    public static final String PREFIX = JobSummaryLine.PREFIX;

    private JobSummary() {
    }

    public static boolean isSummaryLine(String line) {
        return line != null && line.startsWith(PREFIX);
    }

    /** The summary lines among the given output lines, in order. */
    public static List<String> extract(List<String> lines) {
        return lines.stream().filter(JobSummary::isSummaryLine).toList();
    }
}
