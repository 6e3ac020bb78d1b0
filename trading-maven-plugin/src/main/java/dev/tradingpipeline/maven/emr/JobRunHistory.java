package dev.tradingpipeline.maven.emr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.emrserverless.EmrServerlessClient;
import software.amazon.awssdk.services.emrserverless.model.JobRun;
import software.amazon.awssdk.services.emrserverless.model.JobRunState;
import software.amazon.awssdk.services.emrserverless.model.JobRunSummary;
import software.amazon.awssdk.services.emrserverless.model.ListJobRunsResponse;
import software.amazon.awssdk.services.emrserverless.model.ResourceUtilization;

/**
 * The recent job runs of an application, as {@code trading:runs} lists them: ListJobRuns page by
 * page until the limit (once per state asked for), newest first, then GetJobRun for each run
 * shown, for its tags (the mode submit put there), its duration and its billed usage.
 */
public final class JobRunHistory {

    /** ListJobRuns takes at most this many results a page. */
    static final int MAX_PAGE = 50;

    private static final DateTimeFormatter SUBMITTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final List<String> VALID_STATES = Arrays.stream(JobRunState.values())
            .filter(s -> s != JobRunState.UNKNOWN_TO_SDK_VERSION).map(JobRunState::toString).toList();

    /**
     * One run as listed.
     *
     * @param mode     the run's {@value EmrJobSubmitter#TAG_MODE} tag; empty for a run the plugin did not start
     * @param duration how long it ran (GetJobRun's totalExecutionDurationSeconds), or for a run not
     *                 ended yet how long since it was submitted
     * @param billed   the billed usage (vCPU-hours, memory GB-hours), present once the run ended
     */
    public record Entry(String id, String name, String mode, String state, Instant submitted, Optional<Duration> duration,
            boolean ended, Optional<ResourceUtilization> billed) {
    }

    private final EmrServerlessClient emr;
    private final Clock clock;
    private final RetryingCalls calls;

    public JobRunHistory(EmrServerlessClient emr, Consumer<String> log, Clock clock) {
        this(emr, log, clock, Sleeper.THREAD);
    }

    JobRunHistory(EmrServerlessClient emr, Consumer<String> log, Clock clock, Sleeper sleeper) {
        this.emr = Objects.requireNonNull(emr);
        this.clock = Objects.requireNonNull(clock);
        this.calls = new RetryingCalls(Objects.requireNonNull(log), Objects.requireNonNull(sleeper));
    }

    /**
     * The states a comma list names (e.g. {@code FAILED,CANCELLED}, any case, blanks ignored);
     * empty for a blank list: every state.
     *
     * @param property how the error names the list, e.g. {@code -Dtrading.runs.states}
     * @throws IllegalArgumentException naming every unknown state and the valid ones
     */
    public static Set<JobRunState> parseStates(String list, String property) {
        Set<JobRunState> states = EnumSet.noneOf(JobRunState.class);
        if (list == null || list.isBlank()) {
            return states;
        }
        List<String> unknown = new ArrayList<>();
        for (String part : list.split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            JobRunState state = JobRunState.fromValue(name);
            if (state == null || state == JobRunState.UNKNOWN_TO_SDK_VERSION) {
                unknown.add(part.trim());
            } else {
                states.add(state);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(property + "=" + list + ": unknown job run state"
                    + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + "; valid: "
                    + String.join(", ", VALID_STATES));
        }
        return states;
    }

    /**
     * The application's newest runs, at most {@code limit}, in the given states (all when empty),
     * newest first. ListJobRuns groups its answer by state when asked for several, so each state is
     * listed on its own (newest first) and the lists merged.
     *
     * @throws EmrException when EMR Serverless keeps failing
     * @throws InterruptedException when interrupted between tries (the interrupt flag is set again)
     */
    public List<Entry> recent(String applicationId, int limit, Set<JobRunState> states) throws InterruptedException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        List<JobRunSummary> listed = new ArrayList<>();
        if (states.isEmpty() || states.containsAll(EnumSet.complementOf(EnumSet.of(JobRunState.UNKNOWN_TO_SDK_VERSION)))) {
            // every state: no filter (ListJobRuns takes at most 8 states)
            listed.addAll(list(applicationId, limit, Optional.empty()));
        } else {
            for (JobRunState state : states) {
                listed.addAll(list(applicationId, limit, Optional.of(state)));
            }
        }
        List<JobRunSummary> shown = listed.stream()
                .sorted(Comparator.comparing(JobRunSummary::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(limit).toList();

        List<Entry> entries = new ArrayList<>();
        for (JobRunSummary summary : shown) {
            JobRun run = calls.call("GetJobRun", () -> emr.getJobRun(r -> r.applicationId(applicationId)
                    .jobRunId(summary.id())).jobRun());
            entries.add(entry(run));
        }
        return entries;
    }

    /** ListJobRuns page by page (at most 50 a page) until {@code limit} runs or the last page. */
    private List<JobRunSummary> list(String applicationId, int limit, Optional<JobRunState> state)
            throws InterruptedException {
        List<JobRunSummary> listed = new ArrayList<>();
        String nextToken = null;
        do {
            String token = nextToken;
            int pageSize = Math.min(MAX_PAGE, limit - listed.size());
            ListJobRunsResponse page = calls.call("ListJobRuns", () -> emr.listJobRuns(r -> {
                r.applicationId(applicationId).maxResults(pageSize).nextToken(token);
                state.ifPresent(st -> r.states(st));
            }));
            page.jobRuns().stream().limit(limit - listed.size()).forEach(listed::add);
            nextToken = page.nextToken();
        } while (nextToken != null && !nextToken.isEmpty() && listed.size() < limit);
        return listed;
    }

    private Entry entry(JobRun run) {
        boolean ended = run.state() == JobRunState.SUCCESS || run.state() == JobRunState.FAILED
                || run.state() == JobRunState.CANCELLED;
        Optional<Duration> duration;
        if (run.totalExecutionDurationSeconds() != null) {
            duration = Optional.of(Duration.ofSeconds(run.totalExecutionDurationSeconds()));
        } else if (!ended && run.createdAt() != null) {
            duration = Optional.of(Duration.between(run.createdAt(), clock.instant()));
        } else {
            duration = Optional.empty();
        }
        String mode = run.hasTags() ? run.tags().getOrDefault(EmrJobSubmitter.TAG_MODE, "") : "";
        return new Entry(run.jobRunId(), run.name() == null ? "" : run.name(), mode, run.stateAsString(),
                run.createdAt(), duration, ended, Optional.ofNullable(run.billedResourceUtilization()));
    }

    /**
     * The cost of a run's billed usage as {@code watch} prices it ({@link RunCost}), to the cent;
     * empty while nothing is billed (the run has not ended).
     */
    public static Optional<BigDecimal> cost(Optional<ResourceUtilization> billed, EmrPrices.PriceTable prices) {
        return billed.flatMap(ResourceUsage::billed)
                .map(u -> RunCost.of(u, prices).dollars().setScale(2, RoundingMode.HALF_UP));
    }

    /**
     * The runs as an aligned table, a header line first; a cost column only with prices.
     */
    public static List<String> table(List<Entry> entries, Optional<EmrPrices.PriceTable> prices) {
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("id", "name", "mode", "state", "submitted (UTC)", "duration",
                "vCPU-hours"));
        prices.ifPresent(p -> header.add("cost"));
        rows.add(header.toArray(String[]::new));
        for (Entry e : entries) {
            List<String> row = new ArrayList<>(List.of(e.id(), e.name(), e.mode(), e.state(),
                    e.submitted() == null ? "" : SUBMITTED.format(e.submitted()),
                    e.duration().map(d -> TransientErrors.format(d) + (e.ended() ? "" : " so far")).orElse(""),
                    e.billed().map(ResourceUtilization::vcpuHour)
                            .map(h -> String.format(Locale.ROOT, "%.3f", h)).orElse("")));
            prices.ifPresent(p -> row.add(cost(e.billed(), p).map(c -> "$" + c.toPlainString()).orElse("")));
            rows.add(row.toArray(String[]::new));
        }
        int[] widths = new int[header.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        // numbers right-aligned (vCPU-hours, cost), text left-aligned
        int firstNumber = 6;
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                String cell = row[i];
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(i >= firstNumber ? pad + cell : cell + pad);
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
