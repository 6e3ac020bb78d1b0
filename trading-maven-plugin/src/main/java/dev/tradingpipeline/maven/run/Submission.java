package dev.tradingpipeline.maven.run;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a remote run (emr or spark) is asked to do: mode, date, overrides, and the project's
 * identity for names and tags.
 *
 * @param runId the strategy run whose report to write again (mode report)
 */
public record Submission(String mode, Optional<LocalDate> date, Optional<String> runId,
        Map<String, String> overrides, String project, String version, Optional<String> gitCommit) {

    /** The job's command line: the mode, the deployed config, the date or run id, every override as --set. */
    public List<String> jobArguments(String configUri) {
        List<String> args = new ArrayList<>(List.of("--mode", mode, "--config", configUri));
        date.ifPresent(d -> args.addAll(List.of("--date", d.toString())));
        runId.ifPresent(id -> args.addAll(List.of("--run-id", id)));
        overrides.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        return args;
    }
}
