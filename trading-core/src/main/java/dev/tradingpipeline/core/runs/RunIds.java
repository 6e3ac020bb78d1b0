package dev.tradingpipeline.core.runs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.regex.Pattern;

/** Strategy run ids as the job makes them and the plugin takes them, and the report file each names. */
public final class RunIds {

    /** What a run id may be: safe in a file name, an S3 key and a SQL literal. */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** {@code yyyyMMdd'T'HHmmss'Z'} in UTC: run ids sort by when they started. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private RunIds() {
    }

    /**
     * A new strategy run id: when it started (UTC, to the second) and 8 random hex digits, e.g.
     * {@code 20240305T143000Z-1a2b3c4d}. The job makes one per run, or the plugin does and passes it
     * with {@code --run-id} (on EMR, to find the run's rows again when it records the run's cost).
     */
    public static String newRunId(Instant startedAt) {
        return TIME.format(startedAt) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Why {@code runId} cannot name a new strategy run ("latest" names the newest one), or null. */
    public static String newRunIdProblem(String runId) {
        String problem = problem(runId);
        if (problem != null) {
            return problem;
        }
        return runId.equals("latest") ? "'latest' names the newest run and cannot be a new run's id" : null;
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
