package dev.tradingpipeline.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import dev.tradingpipeline.sample.Compression;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TradingJobTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void parsesTheDocumentedCommandLine() {
        JobArguments a = JobArguments.parse("--mode", "daily", "--config", "s3://b/config.yaml", "--date", "2024-01-05",
                "--set", "ingest.files-per-batch=3", "--set", "paths.landing=/x=y");
        assertThat(a.mode()).isEqualTo("daily");
        assertThat(a.config()).contains("s3://b/config.yaml");
        assertThat(a.date()).contains(LocalDate.of(2024, 1, 5));
        assertThat(a.overrides()).containsEntry("ingest.files-per-batch", "3").containsEntry("paths.landing", "/x=y");
    }

    @Test
    void rejectsBadCommandLinesWithUsage() {
        assertThatThrownBy(() -> JobArguments.parse("--mode", "nightly"))
                .hasMessageContaining("--mode must be one of bootstrap, daily, strategy, maintenance, report, got 'nightly'")
                .hasMessageContaining("usage: TradingJob");
        assertThatThrownBy(() -> JobArguments.parse("--config", "c.yaml")).hasMessageContaining("--mode is required");
        assertThatThrownBy(() -> JobArguments.parse("--mode", "daily", "--date", "05/01/2024"))
                .hasMessageContaining("--date must be yyyy-MM-dd");
        assertThatThrownBy(() -> JobArguments.parse("--mode", "bootstrap", "--date", "2024-01-05"))
                .hasMessageContaining("--date applies to --mode daily only");
        assertThatThrownBy(() -> JobArguments.parse("--mode", "daily", "--set", "novalue"))
                .hasMessageContaining("--set takes key=value");
        assertThatThrownBy(() -> JobArguments.parse("--mode", "daily", "--verbose"))
                .hasMessageContaining("unknown argument '--verbose'");
    }

    @Test
    void badConfigurationExitsWithTwoBeforeSparkStarts() throws Exception {
        Path config = root.resolve("config.yaml");
        Files.writeString(config, "ingest:\n  files-per-batch: 0\n");
        int code = TradingJob.run(new String[] {"--mode", "bootstrap", "--config", config.toString()}, out);
        assertThat(code).isEqualTo(TradingJob.EXIT_BAD_INPUT);
        assertThat(output()).startsWith(TradingJob.SUMMARY_PREFIX + "not started")
                .contains("key 'ingest.files-per-batch': expected auto or a positive integer");

        bytes.reset();
        assertThat(TradingJob.run(new String[] {"--mode", "bootstrap", "--config", config.toString(), "--set",
                "ingest.files-per-batch=2", "--set", "nope=1"}, out)).isEqualTo(TradingJob.EXIT_BAD_INPUT);
        assertThat(output()).contains("--set nope").contains("is not a known key");

        // a warehouse that cannot be one is refused before Spark starts, with the other problems
        bytes.reset();
        assertThat(TradingJob.run(new String[] {"--mode", "bootstrap", "--config", config.toString(), "--set",
                "paths.warehouse=/"}, out)).isEqualTo(TradingJob.EXIT_BAD_INPUT);
        assertThat(output()).startsWith(TradingJob.SUMMARY_PREFIX + "not started")
                .contains("key 'ingest.files-per-batch': expected auto or a positive integer")
                .contains("--set paths.warehouse (override of " + config + "): '/' is a file-system root");
    }

    @Test
    void summaryNamesFailedFilesAndTableCountsAndTheExitCodeSaysFailed() throws Exception {
        Path landing = root.resolve("landing");
        SparkTestSession.sample(landing, LocalDate.of(2024, 2, 5), 2, 50, Compression.CSV);
        Files.writeString(landing.resolve("UnderlyingOptionsEODCalcs_2024-02-07.csv"), "garbage\n");
        TradingConfig c = SparkTestSession.newConfig(root, Map.of());

        int code = TradingJob.execute(SparkTestSession.get(), JobArguments.parse("--mode", "bootstrap"), c, out);

        assertThat(code).isEqualTo(TradingJob.EXIT_FAILED);
        assertThat(output())
                .contains(TradingJob.SUMMARY_PREFIX + "bootstrap FAILED: 2 file(s) loaded, 1 failed, 0 already loaded; "
                        + "100 rows accepted, 0 rejected; 1 batch(es)")
                .contains(TradingJob.SUMMARY_PREFIX + "FAILED file:" + landing.resolve("UnderlyingOptionsEODCalcs_2024-02-07.csv"))
                .contains("tables: bronze.option_eod=100 bronze.option_eod_rejects=0 silver.option_eod=100 ops.landing_files=3");

        bytes.reset();
        Files.delete(landing.resolve("UnderlyingOptionsEODCalcs_2024-02-07.csv"));
        assertThat(TradingJob.execute(SparkTestSession.get(), JobArguments.parse("--mode", "daily"), c, out))
                .isEqualTo(TradingJob.EXIT_OK);
        assertThat(output()).contains("daily succeeded: 0 file(s) loaded, 0 failed, 2 already loaded");
    }

    @Test
    void strategyModeRunsTheConfiguredStrategiesAndWritesTheReport() throws Exception {
        Path landing = root.resolve("landing");
        SparkTestSession.sample(landing, LocalDate.of(2024, 1, 2), 25, 1500, Compression.CSV);
        TradingConfig ingest = SparkTestSession.newConfig(root, Map.of());
        String catalog = ingest.get("catalog.name");
        assertThat(TradingJob.execute(SparkTestSession.get(), JobArguments.parse("--mode", "bootstrap"), ingest, out))
                .isEqualTo(TradingJob.EXIT_OK);
        bytes.reset();
        Files.createDirectories(root.resolve("indices"));
        Files.writeString(root.resolve("indices/put.csv"), "date,value\n2024-01-02,2400\n2024-01-03,2410\n");
        String yaml = "catalog:\n  name: " + catalog + "\npaths:\n  landing: landing\n  warehouse: warehouse\n"
                + "  reports: reports\nstrategies:\n"
                + "  - name: spx-put-write\n    family: put_write\n    underlyings: [^SPX]\n    capital: 1000000\n"
                + "    benchmark: {csv: indices/put.csv, name: PUT}\n"
                + "  - name: spx-condor\n    family: iron_condor\n    underlyings: [^SPX]\n    capital: 1000000\n"
                + "    sweep:\n      short_delta: [0.15, 0.25]\n    benchmark: underlying\n"
                + "portfolios:\n  - name: spx-mix\n    capital: 2000000\n    members:\n"
                + "      - {strategy: spx-put-write, weight: 0.5}\n"
                + "      - {strategy: 'spx-condor[short_delta=0.25]', weight: 0.5}\n";
        TradingConfig config = TradingConfig.parse(yaml, "config.yaml", root.toString(), Map.of(), "--set ");

        int code = TradingJob.execute(SparkTestSession.get(), JobArguments.parse("--mode", "strategy"), config, out);

        assertThat(code).as(output()).isEqualTo(TradingJob.EXIT_OK);
        assertThat(output()).contains(TradingJob.SUMMARY_PREFIX + "strategy succeeded: run ")
                .contains("5 simulation(s)").contains("spx-put-write on ^SPX: total return ")
                .contains("spx-mix/spx-put-write on ^SPX: total return ")
                .contains(TradingJob.SUMMARY_PREFIX + "portfolio spx-mix (2 member simulation(s)): total return ")
                .contains(TradingJob.SUMMARY_PREFIX + "report: file:");
        String report = output().substring(output().indexOf("report: file:") + "report: file:".length()).trim();
        Path html = Path.of(report.split("\\R")[0]);
        assertThat(html).exists().hasFileName(html.getFileName().toString());
        assertThat(html.getParent()).isEqualTo(root.resolve("reports"));
        String page = Files.readString(html);
        assertThat(page).contains("spx-put-write").contains("equity-chart").contains("<polyline").contains("sweep-ranking")
                .doesNotContain("<script");
        // three configured simulations, two members and the portfolio
        assertThat(SparkTestSession.get().table(catalog + ".gold.strategy_summary").count()).isEqualTo(6);
        assertThat(SparkTestSession.get().table(catalog + ".gold.portfolio_members").count()).isEqualTo(2);
        // the benchmarks of config.yaml, the CSV found relative to its folder, each grid point with its entry's
        assertThat(SparkTestSession.get().sql("SELECT strategy, benchmark FROM " + catalog
                + ".gold.strategy_summary WHERE task_id < 3 ORDER BY task_id").collectAsList())
                .extracting(r -> r.getString(0) + " vs " + r.getString(1)).containsExactly(
                        "spx-put-write vs PUT", "spx-condor[short_delta=0.15] vs ^SPX buy-and-hold",
                        "spx-condor[short_delta=0.25] vs ^SPX buy-and-hold");
    }

    @Test
    void badStrategiesStopTheJobBeforeSparkStarts() throws Exception {
        Path config = root.resolve("config.yaml");
        Files.writeString(config, "strategies:\n  - name: x\n    family: put_write\n    underlyings: [^SPX]\n"
                + "    fill: middle\n");
        int code = TradingJob.run(new String[] {"--mode", "strategy", "--config", config.toString()}, out);
        assertThat(code).isEqualTo(TradingJob.EXIT_BAD_INPUT);
        assertThat(output()).contains("not started").contains("strategies[0].fill");

        bytes.reset();
        Files.writeString(config, "strategies:\n  - name: x\n    family: put_write\n    underlyings: [^SPX]\n"
                + "portfolios:\n  - name: p\n    members: [{strategy: y, weight: 1}]\n");
        assertThat(TradingJob.run(new String[] {"--mode", "strategy", "--config", config.toString()}, out))
                .isEqualTo(TradingJob.EXIT_BAD_INPUT);
        assertThat(output()).contains("not started").contains("portfolios[0].members[0].strategy: unknown strategy 'y'");

        bytes.reset();
        Files.writeString(config, "ingest:\n  files-per-batch: 2\n");
        assertThat(TradingJob.run(new String[] {"--mode", "strategy", "--config", config.toString()}, out))
                .isEqualTo(TradingJob.EXIT_BAD_INPUT);
        assertThat(output()).contains("no strategies in");
    }
}
