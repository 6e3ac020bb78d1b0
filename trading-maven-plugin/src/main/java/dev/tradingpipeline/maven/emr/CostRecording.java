package dev.tradingpipeline.maven.emr;

import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.runs.RunCostArguments;
import dev.tradingpipeline.core.runs.RunIds;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.JobDriver;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.SparkSubmit;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunResponse;

/**
 * Writes what a strategy run cost into {@code gold.strategy_runs}. Only the plugin learns the bill
 * (GetJobRun, once the run has ended), so it starts a second, small job run of the same jar,
 * configuration and catalog settings, in the job's {@value RunCostArguments#MODE} mode, and
 * watches it to its end.
 *
 * <p>The follow-up is the ended run's own StartJobRun, read back from GetJobRun (entry point,
 * configuration, {@code --set} overrides, Spark parameters, role, monitoring), with the command
 * line {@code --mode record-cost --run-id <id> --cost ...} and the smallest sizing EMR Serverless
 * offers: a 1-vCPU driver and one 1-vCPU executor of 2 GB each, no dynamic allocation. Its client
 * token names the run and is new for each recording (the same across the retries of one
 * StartJobRun): recording again, after a failed follow-up or on a second watch, starts a new
 * follow-up, which writes the same figures again.
 *
 * <p>It needs the run's id in gold, which the plugin chose and passed with {@code --run-id} and
 * tagged the run with ({@value #TAG_RUN_ID}); a run without the tag (not a strategy run, or one
 * submitted otherwise) is left alone.
 */
public final class CostRecording {

    /** The tag carrying a strategy run's id in gold. */
    public static final String TAG_RUN_ID = "run-id";
    /** How long the follow-up may take before it is cancelled. */
    static final Duration TIMEOUT = Duration.ofMinutes(30);
    /** The follow-up's sizing: the smallest workers EMR Serverless offers. */
    static final Map<String, String> SIZING = sizing();
    /** Sizing settings of the original run that the follow-up drops, its own taking their place. */
    private static final Set<String> DROPPED_PREFIXES = Set.of("spark.driver.cores", "spark.driver.memory",
            "spark.executor.cores", "spark.executor.memory", "spark.executor.instances", "spark.dynamicAllocation.");
    /** Job arguments of the original that the follow-up does not take (flag, value). */
    private static final Set<String> DROPPED_ARGUMENTS = Set.of("--mode", "--date", "--run-id");

    private final EmrServerlessClient emr;
    private final Consumer<String> log;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryingCalls calls;

    public CostRecording(EmrServerlessClient emr, Consumer<String> log, Clock clock, Sleeper sleeper) {
        this.emr = emr;
        this.log = log;
        this.clock = clock;
        this.sleeper = sleeper;
        this.calls = new RetryingCalls(log, sleeper);
    }

    /** What happened: whether the cost is in gold, the follow-up's run when one started, what to print (or ""). */
    public record Result(boolean recorded, Optional<String> followUpJobRunId, String message) {
    }

    /**
     * Records {@code cost} of the ended run {@code jobRunId} when it was a strategy run tagged with
     * its id in gold; watches the follow-up to its end. Never throws for a failure of the
     * follow-up: the strategy run itself succeeded, and the result says what went wrong.
     *
     * @param seen the ended run as its watch last read it ({@link WatchResult#lastSeen}); read
     *     again (GetJobRun) only when the watch has none
     */
    public Result record(String appId, String jobRunId, Optional<JobRun> seen, RunCost cost, Duration pollInterval,
            int cancelGraceSeconds) throws InterruptedException {
        JobRun run = seen.isPresent() ? seen.get()
                : calls.call("GetJobRun", () -> emr.getJobRun(r -> r.applicationId(appId).jobRunId(jobRunId)).jobRun());
        Map<String, String> tags = run.tags() == null ? Map.of() : run.tags();
        if (!"strategy".equals(tags.get(EmrJobSubmitter.TAG_MODE))) {
            return new Result(false, Optional.empty(), ""); // only strategy runs have rows in gold.strategy_runs
        }
        Optional<String> runId = strategyRunId(run);
        if (runId.isEmpty()) {
            return new Result(false, Optional.empty(), "Strategy job run " + jobRunId + " has no valid " + TAG_RUN_ID
                    + " tag (it was not submitted by this plugin's version, which passes the run's id in gold):"
                    + " its cost is not recorded in gold.strategy_runs");
        }
        RunCostArguments figures = new RunCostArguments(jobRunId, cost.billed().vcpuHours(),
                cost.billed().memoryGbHours(), cost.billed().storageGbHours(), cost.dollars(), cost.prices().basis());
        StartJobRunRequest request = followUp(run, runId.get(), figures);
        StartJobRunResponse started = calls.call("StartJobRun", () -> emr.startJobRun(request));
        String followUp = started.jobRunId();
        log.accept("Recording the cost of run " + runId.get() + " in gold.strategy_runs: job run " + followUp + " ("
                + RunCostArguments.MODE + ", a 1-vCPU driver and one 1-vCPU executor; " + ConfigKeys.EMR_RECORD_COST
                + ": false skips it)");
        WatchResult w = new JobRunWatcher(emr, log, clock, sleeper).watch(appId, followUp, pollInterval,
                Optional.of(TIMEOUT), true, cancelGraceSeconds);
        Optional<String> itsCost = w.billed().map(b -> RunCost.of(b, cost.prices()).formattedDollars());
        if (w.succeeded()) {
            return new Result(true, Optional.of(followUp), "Recorded the cost of run " + runId.get() + " ("
                    + cost.formattedDollars() + ") in gold.strategy_runs" + itsCost.map(c -> "; recording it cost " + c)
                            .orElse(""));
        }
        return new Result(false, Optional.of(followUp), "[warning] The cost of run " + runId.get()
                + " is not in gold.strategy_runs: job run " + followUp + " ended " + w.state()
                + (w.stateDetails() == null || w.stateDetails().isBlank() ? "" : " (" + w.stateDetails() + ")")
                + ". The strategy run itself succeeded; record its cost again with mvn trading:watch"
                + " -Dtrading.watch.job-run-id=" + jobRunId);
    }

    /** The run's id in gold, when the ended run is a strategy run that carries it. */
    static Optional<String> strategyRunId(JobRun run) {
        Map<String, String> tags = run.tags() == null ? Map.of() : run.tags();
        String id = tags.get(TAG_RUN_ID);
        if (!"strategy".equals(tags.get(EmrJobSubmitter.TAG_MODE)) || id == null || RunIds.newRunIdProblem(id) != null) {
            return Optional.empty();
        }
        return Optional.of(id);
    }

    /** The follow-up's StartJobRun: the run's own, with the record-cost command line and the small sizing. */
    static StartJobRunRequest followUp(JobRun run, String runId, RunCostArguments figures) {
        SparkSubmit original = run.jobDriver().sparkSubmit();
        List<String> args = new ArrayList<>(List.of("--mode", RunCostArguments.MODE, "--run-id", runId));
        List<String> given = original.entryPointArguments();
        // the job's command line is flag and value pairs (--config uri, --set key=value, ...)
        for (int i = 0; i + 1 < given.size(); i += 2) {
            if (!DROPPED_ARGUMENTS.contains(given.get(i))) {
                args.add(given.get(i));
                args.add(given.get(i + 1));
            }
        }
        args.addAll(figures.arguments());
        Map<String, String> tags = new LinkedHashMap<>(run.tags());
        tags.put(EmrJobSubmitter.TAG_MODE, RunCostArguments.MODE);
        String name = run.name() == null ? RunCostArguments.MODE : run.name() + "-" + RunCostArguments.MODE;
        StartJobRunRequest.Builder b = StartJobRunRequest.builder()
                .applicationId(run.applicationId())
                .clientToken(RunCostArguments.MODE + "-" + run.jobRunId() + "-"
                        + java.util.UUID.randomUUID().toString().substring(0, 8))
                .executionRoleArn(run.executionRole())
                .name(name.length() > 256 ? name.substring(0, 256) : name)
                .tags(tags)
                .executionTimeoutMinutes(TIMEOUT.toMinutes())
                .jobDriver(JobDriver.builder().sparkSubmit(SparkSubmit.builder()
                        .entryPoint(original.entryPoint())
                        .entryPointArguments(args)
                        .sparkSubmitParameters(smallSizing(original.sparkSubmitParameters()))
                        .build()).build());
        if (run.configurationOverrides() != null) {
            b.configurationOverrides(run.configurationOverrides());
        }
        return b.build();
    }

    /** The parameters without their sizing settings, then {@link #SIZING}. */
    static String smallSizing(String parameters) {
        String[] tokens = parameters == null || parameters.isBlank() ? new String[0] : parameters.trim().split("\\s+");
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equals("--conf") && i + 1 < tokens.length && sizingSetting(tokens[i + 1])) {
                i++;
                continue;
            }
            kept.add(tokens[i]);
        }
        SIZING.forEach((k, v) -> {
            kept.add("--conf");
            kept.add(k + "=" + v);
        });
        return String.join(" ", kept);
    }

    private static boolean sizingSetting(String setting) {
        String key = setting.contains("=") ? setting.substring(0, setting.indexOf('=')) : setting;
        return DROPPED_PREFIXES.stream().anyMatch(p -> p.endsWith(".") ? key.startsWith(p) : key.equals(p));
    }

    private static Map<String, String> sizing() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spark.driver.cores", "1");
        m.put("spark.driver.memory", "2g");
        m.put("spark.executor.cores", "1");
        m.put("spark.executor.memory", "2g");
        m.put("spark.executor.instances", "1");
        m.put("spark.dynamicAllocation.enabled", "false");
        return java.util.Collections.unmodifiableMap(m);
    }
}
