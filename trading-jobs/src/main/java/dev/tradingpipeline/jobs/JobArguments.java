package dev.tradingpipeline.jobs;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.runs.RunIds;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The job's command line: {@code --mode <mode> [--config <path|s3-uri>] [--date yyyy-MM-dd]
 * [--run-id <id>] [--set key=value]...}.
 *
 * @param runId the strategy run to re-render (mode report); empty: list the runs
 */
public record JobArguments(String mode, Optional<String> config, Optional<LocalDate> date, Map<String, String> overrides,
        Optional<String> runId) {

    public static final String USAGE = "usage: TradingJob --mode <" + String.join("|", ConfigKeys.MODES)
            + "> [--config <path or s3:// uri>] [--date yyyy-MM-dd] [--run-id <id>] [--set key=value]...";


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
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.equals("--mode") && !a.equals("--config") && !a.equals("--date") && !a.equals("--set")
                    && !a.equals("--run-id")) {
                throw new BadArguments("unknown argument '" + a + "'");
            }
            if (i + 1 >= args.length) {
                throw new BadArguments(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--mode":
                    if (!ConfigKeys.MODES.contains(v)) {
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
        if (runId != null && !mode.equals("report")) {
            throw new BadArguments("--run-id applies to --mode report only");
        }
        return new JobArguments(mode, Optional.ofNullable(config), Optional.ofNullable(date), overrides,
                Optional.ofNullable(runId));
    }
}
