package dev.tradingpipeline.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.jobs.config.TradingConfig;
import dev.tradingpipeline.jobs.sample.Compression;
import dev.tradingpipeline.jobs.strategy.spark.RunListing;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's report mode: a past run's report written again from gold, and the list of runs. */
class ReportModeTest {

    private static final String PREFIX = TradingJob.SUMMARY_PREFIX;

    @TempDir
    Path root;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private int job(TradingConfig config, String... args) {
        bytes.reset();
        return TradingJob.execute(SparkTestSession.get(), JobArguments.parse(args), config, out);
    }

    private String after(String marker) {
        String o = output();
        return o.substring(o.indexOf(marker) + marker.length()).split("\\R")[0].trim();
    }

    /** The page with its generation time (the only thing a re-render may change) masked. */
    private static String withoutGenerationTime(String html) {
        return html.replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z", "<instant>")
                .replaceAll("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC", "<time>");
    }

    @Test
    void aRunsReportIsWrittenAgainFromGoldAsItWasAndTheRunsAreListed() throws Exception {
        Path landing = root.resolve("landing");
        SparkTestSession.sample(landing, LocalDate.of(2024, 1, 2), 12, 1000, Compression.CSV);
        TradingConfig ingest = SparkTestSession.newConfig(root, Map.of());
        String catalog = ingest.get("catalog.name");
        String yaml = "catalog:\n  name: " + catalog + "\npaths:\n  landing: landing\n  warehouse: warehouse\n"
                + "  reports: reports\nstrategies:\n"
                + "  - name: spx-put-write\n    family: put_write\n    underlyings: [^SPX]\n    capital: 1000000\n"
                + "    params: {dte_min: 3, dte_target: 7, dte_max: 12}\n    entry: when-flat\n"
                + "  - name: spx-condor\n    family: iron_condor\n    underlyings: [^SPX]\n    capital: 1000000\n"
                + "    params: {dte_min: 3, dte_target: 7, dte_max: 12}\n    entry: when-flat\n"
                + "    sweep:\n      short_delta: [0.15, 0.25]\n";
        TradingConfig config = TradingConfig.parse(yaml, "config.yaml", root.toString(), Map.of(), "--set ");

        // before any strategy run: nothing to list, nothing to render
        assertThat(job(config, "--mode", "report")).as(output()).isEqualTo(TradingJob.EXIT_OK);
        assertThat(output()).isEqualTo(PREFIX + "no strategy run in gold.strategy_runs yet: run -Dmode=strategy first"
                + System.lineSeparator());
        assertThat(job(config, "--mode", "report", "--run-id", "latest")).isEqualTo(TradingJob.EXIT_FAILED);
        assertThat(output()).startsWith(PREFIX + "report FAILED: no strategy run yet: run -Dmode=strategy first (");

        assertThat(job(ingest, "--mode", "bootstrap")).as(output()).isEqualTo(TradingJob.EXIT_OK);
        assertThat(job(config, "--mode", "strategy")).as(output()).isEqualTo(TradingJob.EXIT_OK);
        String runId = after(PREFIX + "strategy succeeded: run ").split(",")[0];
        String reportUri = after(PREFIX + "report: ");
        Path html = Path.of(reportUri.substring("file:".length()));
        String fresh = Files.readString(html);
        Files.delete(html);

        // the re-render: the same file, the same page but for the time it was generated
        assertThat(job(config, "--mode", "report", "--run-id", runId)).as(output()).isEqualTo(TradingJob.EXIT_OK);
        assertThat(output()).contains(PREFIX + "report succeeded: run " + runId + " of ")
                .contains("3 simulation(s), 1 sweep(s), from the gold tables")
                .contains(PREFIX + "report: " + reportUri);
        String again = Files.readString(html);
        assertThat(again).isNotEqualTo(fresh);
        assertThat(withoutGenerationTime(again)).isEqualTo(withoutGenerationTime(fresh));
        assertThat(again).contains("spx-condor[short_delta=0.15]").contains("sweep-ranking").contains("Conventions");

        // the listing: one run, its two configured strategies (the sweep once), three simulations
        assertThat(job(config, "--mode", "report")).as(output()).isEqualTo(TradingJob.EXIT_OK);
        assertThat(output()).contains(PREFIX + "1 strategy run in gold.strategy_runs, newest first");
        Matcher line = Pattern.compile(Pattern.quote(PREFIX + runId) + "  (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}) UTC  "
                + "2 strategies \\(spx-condor, spx-put-write\\)  3 simulations  best Sharpe (-?\\d+\\.\\d\\d) \\((.*)\\)")
                .matcher(output());
        assertThat(line.find()).as(output()).isTrue();
        assertThat(line.group(3)).matches("spx-(put-write|condor\\[short_delta=0\\.(15|25)\\]) on \\^SPX");
        assertThat(output()).doesNotContain("older run(s) not shown");

        // an id that is not a run names the latest
        assertThat(job(config, "--mode", "report", "--run-id", "20240101T000000Z-nothere"))
                .isEqualTo(TradingJob.EXIT_BAD_INPUT);
        assertThat(output()).contains(PREFIX + "report FAILED: no strategy run '20240101T000000Z-nothere' in "
                + catalog + ".gold.strategy_runs; the latest: " + runId + " (");
        // latest is the newest run
        assertThat(job(config, "--mode", "report", "--run-id", "latest")).isEqualTo(TradingJob.EXIT_OK);
        assertThat(output()).contains(PREFIX + "report: " + reportUri);
    }

    @Test
    void theRunIdIsForTheReportModeAndMustBeAbleToNameAFile() {
        assertThat(JobArguments.parse("--mode", "report", "--run-id", "20240603T140501Z-1a2b3c4d").runId())
                .contains("20240603T140501Z-1a2b3c4d");
        assertThat(JobArguments.parse("--mode", "report").runId()).isEmpty();
        assertThatThrownBy(() -> JobArguments.parse("--mode", "strategy", "--run-id", "x"))
                .hasMessageContaining("--run-id applies to --mode report only");
        assertThatThrownBy(() -> JobArguments.parse("--mode", "report", "--run-id", "../x"))
                .hasMessageContaining("--run-id: a run id is letters, digits, '.', '_' and '-'")
                .hasMessageContaining("got '../x'");
    }

    @Test
    void aListingLineSaysIdStartStrategiesSimulationsAndBestSharpeAndTheListIsCapped() {
        RunListing.Run run = new RunListing.Run("20240603T140501Z-1a2b3c4d", Instant.parse("2024-06-03T14:05:01Z"),
                List.of("a", "b", "c", "d", "e"), 1200, 1.234, "a[x=1] on ^SPX");
        assertThat(run.line()).isEqualTo("20240603T140501Z-1a2b3c4d  2024-06-03 14:05 UTC  5 strategies (a, b, c, +2"
                + " more)  1,200 simulations  best Sharpe 1.23 (a[x=1] on ^SPX)");
        RunListing.Run none = new RunListing.Run("r", Instant.parse("2024-06-03T14:05:01Z"), List.of("a"), 1, null, null);
        assertThat(none.line()).isEqualTo("r  2024-06-03 14:05 UTC  1 strategy (a)  1 simulation  no defined Sharpe ratio");

        List<String> lines = new RunListing(List.of(run, none), 52).lines();
        assertThat(lines).containsExactly(
                "52 strategy runs in gold.strategy_runs, newest first (id, start, strategies, simulations, best Sharpe):",
                run.line(), none.line(), "... 50 older run(s) not shown",
                "re-render one: mvn trading:report -Dtrading.run-id=<id> (the job: --mode report --run-id <id>)");
    }
}
