package dev.tradingpipeline.core.runs;

import java.util.regex.Pattern;

/** Strategy run ids as the job makes them and the plugin takes them, and the report file each names. */
public final class RunIds {

    /** What a run id may be: safe in a file name, an S3 key and a SQL literal. */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private RunIds() {
    }

    /** Why a run id cannot be one, or null when it can. */
    public static String problem(String runId) {
        return RUN_ID.matcher(runId).matches() ? null : "a run id is letters, digits, '.', '_' and '-' (at most 128,"
                + " starting with a letter or digit), or latest, got '" + runId + "'";
    }

    /** The file name of a run's HTML report: {@code strategy-report-<runId>.html}. */
    public static String reportFileName(String runId) {
        return "strategy-report-" + runId + ".html";
    }
}
