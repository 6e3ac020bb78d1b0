package dev.tradingpipeline.jobs;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.runs.RunCostArguments;
import dev.tradingpipeline.core.runs.RunIds;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The job's command line: {@code --mode <mode> [--config <path|s3-uri>] [--date yyyy-MM-dd]
 * [--run-id <id>] [--set key=value]...}; and {@code --mode record-cost --run-id <id> --cost
 * key=value...}, which the plugin runs on EMR after a strategy run ({@link RunCostArguments}).
 *
 * @param runId the strategy run to re-render (mode report; empty: list the runs), the id a new
 *              strategy run takes (mode strategy; empty: a new one), or the run whose cost to
 *              record (mode record-cost)
 * @param cost  what the run cost (mode record-cost only)
 */
public record JobArguments(String mode, Optional<String> config, Optional<LocalDate> date, Map<String, String> overrides,
        Optional<String> runId, Optional<RunCostArguments> cost) {

    public static final String USAGE = "usage: TradingJob --mode <" + String.join("|", ConfigKeys.MODES)
            + "> [--config <path or s3:// uri>] [--date yyyy-MM-dd] [--run-id <id>] [--set key=value]...";

    /** The modes the jar runs: the user's, and the plugin's own {@value RunCostArguments#MODE}. */
    static boolean knownMode(String mode) {
        return ConfigKeys.MODES.contains(mode) || mode.equals(RunCostArguments.MODE);
    }


    /** Thrown for a command line the job cannot run; the message says what is wrong. */
    public static final class BadArguments extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadArguments(String message) {
            super(message + "\n" + USAGE);
        }
    }

    /**
     * A {@code --set} value as every entry point of the jar reads it: {@code key=value}, the key
     * trimmed, the value as given (it may hold '='); empty when it is not one.
     */
    public static Optional<Map.Entry<String, String>> setting(String value) {
        int eq = value.indexOf('=');
        return eq <= 0 ? Optional.empty()
                : Optional.of(Map.entry(value.substring(0, eq).trim(), value.substring(eq + 1)));
    }

    public static JobArguments parse(String... args) {
        String mode = null;
        String config = null;
        LocalDate date = null;
        String runId = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        Map<String, String> cost = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.equals("--mode") && !a.equals("--config") && !a.equals("--date") && !a.equals("--set")
                    && !a.equals("--run-id") && !a.equals(RunCostArguments.FLAG)) {
                throw new BadArguments("unknown argument '" + a + "'");
            }
            if (i + 1 >= args.length) {
                throw new BadArguments(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--mode":
                    if (!knownMode(v)) {
                        throw new BadArguments("--mode must be one of " + String.join(", ", ConfigKeys.MODES)
                                + ", got '" + v + "'");
                    }
                    mode = v;
                    break;
                case "--config":
                    config = v;
                    break;
                case "--date":
                    try {
                        date = LocalDate.parse(v);
                    } catch (DateTimeParseException e) {
                        throw new BadArguments("--date must be yyyy-MM-dd, got '" + v + "'");
                    }
                    break;
                case "--run-id":
                    String problem = RunIds.problem(v);
                    if (problem != null) {
                        throw new BadArguments("--run-id: " + problem);
                    }
                    runId = v;
                    break;
                case RunCostArguments.FLAG:
                    Map.Entry<String, String> figure = setting(v).orElseThrow(() -> new BadArguments(
                            RunCostArguments.FLAG + " takes key=value, got '" + v + "'"));
                    cost.put(figure.getKey(), figure.getValue());
                    break;
                default:
                    Map.Entry<String, String> setting = setting(v)
                            .orElseThrow(() -> new BadArguments("--set takes key=value, got '" + v + "'"));
                    overrides.put(setting.getKey(), setting.getValue());
                    break;
            }
        }
        if (mode == null) {
            throw new BadArguments("--mode is required");
        }
        if (date != null && !mode.equals("daily")) {
            throw new BadArguments("--date applies to --mode daily only");
        }
        boolean recordCost = mode.equals(RunCostArguments.MODE);
        if (runId != null && !mode.equals("report") && !mode.equals("strategy") && !recordCost) {
            throw new BadArguments("--run-id applies to --mode report, strategy and " + RunCostArguments.MODE + " only");
        }
        if (runId != null && !mode.equals("report") && RunIds.newRunIdProblem(runId) != null) {
            throw new BadArguments("--run-id: " + RunIds.newRunIdProblem(runId));
        }
        if (!cost.isEmpty() && !recordCost) {
            throw new BadArguments(RunCostArguments.FLAG + " applies to --mode " + RunCostArguments.MODE + " only");
        }
        RunCostArguments figures = null;
        if (recordCost) {
            if (runId == null) {
                throw new BadArguments("--mode " + RunCostArguments.MODE + " needs --run-id <the strategy run>");
            }
            try {
                figures = RunCostArguments.parse(cost);
            } catch (IllegalArgumentException e) {
                throw new BadArguments(e.getMessage());
            }
        }
        return new JobArguments(mode, Optional.ofNullable(config), Optional.ofNullable(date), overrides,
                Optional.ofNullable(runId), Optional.ofNullable(figures));
    }
}
