package dev.tradingpipeline.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.strategy.spark.RunListing;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's report mode: a past run's report written again from gold, and the list of runs. */
class ReportModeTest {

    private static final String PREFIX = TradingJob.SUMMARY_PREFIX;

    @TempDir
    Path root;

    private final JobOutput runs = new JobOutput();

    private String output() {
        return runs.text();
    }

    private int job(TradingConfig config, String... args) {
        return runs.run(config, args);
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

    /**
     * One run with a benchmark, an out-of-sample check of a sweep and a portfolio: the report built
     * from gold shows each fragment with the figures of the gold columns, and a re-render shows the
     * same page.
     */
    @Test
    void theReportFromGoldShowsIntervalsBenchmarkOutOfSampleAndPortfolioAsGoldHoldsThem() throws Exception {
        SparkTestSession.sample(root.resolve("landing"), LocalDate.of(2024, 1, 2), 12, 1000, Compression.CSV);
        TradingConfig ingest = SparkTestSession.newConfig(root, Map.of());
        String catalog = ingest.get("catalog.name");
        String yaml = "catalog:\n  name: " + catalog + "\npaths:\n  landing: landing\n  warehouse: warehouse\n"
                + "  reports: reports\nstrategies:\n"
                + "  - name: pw\n    family: put_write\n    underlyings: [^SPX]\n    capital: 1000000\n"
                + "    params: {dte_min: 3, dte_target: 7, dte_max: 12}\n    entry: when-flat\n"
                + "    cash-rate: 0.04\n    benchmark: underlying\n"
                + "  - name: ic\n    family: iron_condor\n    underlyings: [^SPX]\n    capital: 1000000\n"
                + "    params: {dte_min: 3, dte_target: 7, dte_max: 12}\n    entry: when-flat\n"
                + "    sweep:\n      short_delta: [0.15, 0.25]\n"
                + "    evaluation: {in-sample: {end: 2024-01-09}}\n"
                + "portfolios:\n  - name: book\n    capital: 2000000\n    members:\n"
                + "      - {strategy: pw, weight: 0.5}\n      - {strategy: 'ic[short_delta=0.15]', weight: 0.5}\n";
        TradingConfig config = TradingConfig.parse(yaml, "config.yaml", root.toString(), Map.of(), "--set ");
        assertThat(job(ingest, "--mode", "bootstrap")).as(output()).isEqualTo(TradingJob.EXIT_OK);
        assertThat(job(config, "--mode", "strategy")).as(output()).isEqualTo(TradingJob.EXIT_OK);
        String runId = after(PREFIX + "strategy succeeded: run ").split(",")[0];
        Path html = Path.of(after(PREFIX + "report: ").substring("file:".length()));
        String fresh = Files.readString(html);
        Files.delete(html);
        assertThat(job(config, "--mode", "report", "--run-id", runId)).as(output()).isEqualTo(TradingJob.EXIT_OK);
        String page = Files.readString(html);
        assertThat(withoutGenerationTime(page)).isEqualTo(withoutGenerationTime(fresh));

        SparkSession spark = SparkTestSession.get();
        String where = " WHERE run_id = '" + runId + "'";
        // the put-write: its intervals, PSR, the bootstrap's settings and its benchmark, as gold.strategy_summary holds them
        Row pw = spark.sql("SELECT * FROM " + catalog + ".gold.strategy_summary" + where + " AND strategy = 'pw'")
                .first();
        String sheet = tearSheet(page, "pw — ^SPX");
        assertThat(pw.<Integer>getAs("bootstrap_draws")).isEqualTo(1000);
        assertThat(sheet).contains("<div class=\"report-section\" id=\"strategy-", "-confidence-intervals\">",
                "<span class=\"num psr\">" + ratio(pw.getAs("psr")) + "</span>",
                "<td class=\"num low\">" + ratio(pw.getAs("sharpe_ci_low")) + "</td>",
                "<td class=\"num high\">" + percent(pw.getAs("cagr_ci_high")) + "</td>",
                "over 1,000 stationary-bootstrap resamples",
                "seed " + pw.<Long>getAs("bootstrap_seed") + ")",
                "mean block " + Math.round(pw.<Double>getAs("bootstrap_mean_block")) + " trading days");
        assertThat(pw.<String>getAs("benchmark")).isEqualTo("^SPX buy-and-hold");
        assertThat(sheet).contains("-benchmark\">", "<td class=\"benchmark-name\">^SPX buy-and-hold</td>",
                percent(pw.getAs("benchmark_return")) + "</td>", ratio(pw.getAs("beta")) + "</td>",
                ratio(pw.getAs("correlation")) + "</td>",
                "of the " + pw.<Integer>getAs("benchmark_days") + " day(s) both have");
        // the cash rate from the run's spec, and the benchmark overlaid on the cumulative return
        assertThat(sheet).containsPattern("Cash rate \\(yearly\\)</th>\\s*<td[^>]*>4\\.00%")
                .contains("against ^SPX buy-and-hold");
        assertThat(spark.sql("SELECT count(benchmark_equity) FROM " + catalog + ".gold.strategy_daily" + where
                + " AND strategy = 'pw'").first().getLong(0)).isPositive();

        // the sweep's out-of-sample check: its series' Sharpe and each combination's, as gold holds them
        Row series = spark.sql("SELECT * FROM " + catalog + ".gold.strategy_summary" + where
                + " AND kind = 'out-of-sample'").first();
        Row window = spark.sql("SELECT * FROM " + catalog + ".gold.walk_forward_windows" + where).first();
        int sweepStart = page.indexOf("<section class=\"sweep\" id=\"sweep-1\"");
        assertThat(sweepStart).as("a sweep section").isNotNegative();
        String sweep = page.substring(sweepStart, page.indexOf("</section>", sweepStart));
        assertThat(sweep).contains("-out-of-sample-1\">", "<h3>Out of sample: ic — ^SPX</h3>",
                "<p class=\"oos-method\">in-sample",
                "<tr class=\"oos-window\"", window.<LocalDate>getAs("test_start").toString());
        // null in gold (too few in-sample days for a Sharpe ratio) reads n/a
        assertThat(sweep).containsPattern(Pattern.quote("<tr class=\"sharpe\"><th scope=\"row\">Sharpe</th>")
                + "<td class=\"num in-sample( neg)?\">" + Pattern.quote(ratio(series.<Double>getAs("in_sample_sharpe")))
                + "</td><td class=\"num out-of-sample( neg)?\">"
                + Pattern.quote(ratio(series.<Double>getAs("out_of_sample_sharpe"))) + "</td></tr>");
        int points = 0;
        for (Row c : spark.sql("SELECT strategy, in_sample_sharpe, out_of_sample_sharpe FROM " + catalog
                + ".gold.strategy_summary" + where + " AND strategy LIKE 'ic[%' AND in_sample_sharpe IS NOT NULL")
                .collectAsList()) {
            if (c.get(2) != null) {
                assertThat(sweep).contains(c.getString(0) + ": in sample " + ratio(c.getDouble(1)) + ", out of sample "
                        + ratio(c.getDouble(2)));
                points++;
            }
        }
        // a point per combination with both Sharpe ratios in gold (a NaN one is written as NaN, not null)
        assertThat(sweep.split("<circle class=\"point\"", -1).length - 1).isEqualTo(points);
        assertThat(sweep).contains(points > 0 ? "Each point is a combination"
                : "No combination has a defined Sharpe ratio on both sides");

        // the portfolio: its members and their correlations as gold.portfolio_members holds them, its account rule
        List<Row> members = spark.sql("SELECT strategy, underlying, weight, correlations FROM " + catalog
                + ".gold.portfolio_members" + where + " ORDER BY member_task_id").collectAsList();
        assertThat(members).hasSize(2);
        String book = tearSheet(page, "book — ^SPX");
        assertThat(book).contains("-portfolio\">", "<h3>Portfolio: book</h3>", "margin cash",
                "the members share one account");
        for (Row m : members) {
            String key = m.getString(0) + "/" + m.getString(1);
            assertThat(book).contains("<th scope=\"row\" class=\"member\">" + key + "</th><td class=\"num weight\">"
                    + percent(m.getDouble(2)) + "</td>");
            for (Map.Entry<String, Double> c : m.<String, Double>getJavaMap(3).entrySet()) {
                assertThat(book).containsPattern(Pattern.quote("data-row=\"" + key + "\" data-column=\"" + c.getKey()
                        + "\"") + "[^>]*>" + Pattern.quote(ratio(c.getValue()) + "</td>"));
            }
        }
        assertThat(spark.sql("SELECT conventions FROM " + catalog + ".gold.strategy_runs" + where
                + " AND kind = 'portfolio'").first().<Row>getList(0))
                .extracting(c -> c.getString(0)).containsExactly("Account");
    }

    /** The tear sheet whose title is {@code title}. */
    private static String tearSheet(String page, String title) {
        int at = page.indexOf("<h2>" + title + "</h2>");
        assertThat(at).as(title).isNotNegative();
        int start = page.lastIndexOf("<section class=\"strategy-section\"", at);
        return page.substring(start, page.indexOf("\n</section>", at));
    }

    private static String ratio(Double x) {
        return x == null || x.isNaN() ? "n/a" : ratio(x.doubleValue());
    }

    private static String ratio(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", x).replace("-0.00", "0.00");
    }

    private static String percent(double x) {
        return String.format(java.util.Locale.ROOT, "%.2f%%", x * 100).replace("-0.00%", "0.00%");
    }

    @Test
    void theRunIdIsForTheReportModeAndMustBeAbleToNameAFile() {
        assertThat(JobArguments.parse("--mode", "report", "--run-id", "20240603T140501Z-1a2b3c4d").runId())
                .contains("20240603T140501Z-1a2b3c4d");
        assertThat(JobArguments.parse("--mode", "report").runId()).isEmpty();
        assertThatThrownBy(() -> JobArguments.parse("--mode", "daily", "--run-id", "x"))
                .hasMessageContaining("--run-id applies to --mode report, strategy and record-cost only");
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
                "re-render one: mvn trading:report -Dtrading.report.run-id=<id> (the job: --mode report --run-id <id>)");
    }
}
