package dev.tradingpipeline.core.runs;

/** How the job marks the summary lines it prints at its end, so that the plugin can quote them. */
public final class JobSummaryLine {

    /** What every summary line starts with. */
    public static final String PREFIX = "[trading-summary] ";

    private JobSummaryLine() {
    }
}
