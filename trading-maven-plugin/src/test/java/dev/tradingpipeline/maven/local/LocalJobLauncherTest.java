package dev.tradingpipeline.maven.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.TradingConfig;
import java.io.File;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalJobLauncherTest {

    private static final JobRuntime RUNTIME = new JobRuntime("3.5.7", "1.9.2", "2.12", "0.1.0-SNAPSHOT",
            List.of("-XX:+IgnoreUnrecognizedVMOptions", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"));

    @TempDir
    Path dir;

    private TradingConfig config(String yaml) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return TradingConfig.load(file, Map.of(), "-Dtrading.");
    }

    @Test
    void argfileCarriesClasspathAndJvmOptionsAndTheCommandTheJob() throws Exception {
        TradingConfig config = config("local:\n  master: local[2]\nsizing:\n  bootstrap:\n    driver-memory: 3g\n");
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("sample.days", "3");
        List<Path> classpath = List.of(dir.resolve("my classes"), dir.resolve("spark-core.jar"));
        LocalJobSpec spec = LocalJobSpec.tradingJob("bootstrap", config, dir.resolve("config.yaml"), overrides,
                LocalDate.of(2024, 1, 5), classpath, RUNTIME);
        Path stateDir = dir.resolve("target/trading");

        List<String> command = new LocalJobLauncher(Path.of("/opt/java/bin/java"), dir, stateDir).prepare(spec);

        Path argFile = stateDir.resolve("job-bootstrap.args");
        assertThat(command).containsExactly("/opt/java/bin/java", "@" + argFile.toAbsolutePath(),
                "dev.tradingpipeline.jobs.TradingJob", "--mode", "bootstrap",
                "--config", dir.resolve("config.yaml").toString(), "--date", "2024-01-05",
                "--set", "sample.days=3");
        List<String> args = Files.readAllLines(argFile, StandardCharsets.UTF_8);
        assertThat(args).contains("\"-Xmx3g\"", "\"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED\"",
                "\"-Dspark.master=local[2]\"", "\"-Dspark.driver.host=127.0.0.1\"",
                "\"-Dspark.driver.bindAddress=127.0.0.1\"", "\"-Dspark.ui.showConsoleProgress=false\"",
                "\"-Dlog4j.configurationFile=" + stateDir.resolve("log4j2.properties").toAbsolutePath() + "\"",
                "\"-cp\"", "\"" + dir.resolve("my classes") + File.pathSeparator + dir.resolve("spark-core.jar") + "\"");
        assertThat(stateDir.resolve("log4j2.properties")).content()
                .contains("rootLogger.level = warn", "logger.trading.name = dev.tradingpipeline",
                        "appender.console.layout.pattern = %d{HH:mm:ss} %-5p %c{1}: %m%n",
                        "logger.nativecode.level = error");
    }

    @Test
    void withoutConfigFileOrDateTheJobGetsNeitherAndTheDefaultHeap() {
        TradingConfig config = TradingConfig.defaults(dir, Map.of(), "-Dtrading.");

        LocalJobSpec spec = LocalJobSpec.tradingJob("daily", config, null, Map.of(), null, List.of(), RUNTIME);

        assertThat(spec.arguments()).containsExactly("--mode", "daily");
        assertThat(spec.maxHeap()).isEqualTo("4g");
        assertThat(spec.sparkMaster()).isEqualTo("local[*]");
        assertThat(spec.jvmFlags()).isEqualTo(RUNTIME.java17Opens());
    }

    @Test
    void theReportModeCarriesTheRunIdBeforeTheOverridesAndItsOwnHeap() throws Exception {
        TradingConfig config = config("sizing:\n  report:\n    driver-memory: 2g\n");

        LocalJobSpec spec = LocalJobSpec.tradingJob("report", config, dir.resolve("config.yaml"),
                Map.of("paths.reports", "out"), null, "20240603T140501Z-1a2b3c4d", List.of(), RUNTIME);
        LocalJobSpec listing = LocalJobSpec.tradingJob("report", config, null, Map.of(), null, null, List.of(),
                RUNTIME);

        assertThat(spec.arguments()).containsExactly("--mode", "report", "--config",
                dir.resolve("config.yaml").toString(), "--run-id", "20240603T140501Z-1a2b3c4d",
                "--set", "paths.reports=out");
        assertThat(spec.maxHeap()).isEqualTo("2g");
        assertThat(listing.arguments()).containsExactly("--mode", "report");
    }

    @Test
    void memoryWithoutUnitIsMebibytesAsInSpark() {
        assertThat(LocalJobSpec.heap("6000")).isEqualTo("6000m");
        assertThat(LocalJobSpec.heap("6g")).isEqualTo("6g");
    }

    @Test
    void argfileQuotingEscapesBackslashesAndQuotes() {
        assertThat(LocalJobLauncher.quote("C:\\a b\\\"x\"")).isEqualTo("\"C:\\\\a b\\\\\\\"x\\\"\"");
    }

    @Test
    void runsTheJvmStreamsMergedOutputAndCollectsTheSummary() throws Exception {
        LocalJobSpec spec = new LocalJobSpec("fake", FakeJob.class.getName(),
                List.of("4", "0", "bootstrap SUCCEEDED: 2 files", "rows: 4000"), testClasspath(),
                "64m", "local[1]", RUNTIME.java17Opens());
        List<String> lines = Collections.synchronizedList(new ArrayList<>());

        JobProcess.Result result = new LocalJobLauncher(LocalJobLauncher.currentJava(), dir,
                dir.resolve("target/trading")).run(spec, lines::add);

        assertThat(result.exitCode()).isZero();
        assertThat(result.succeeded()).isTrue();
        assertThat(lines).contains("spark.master=local[1]", "driver.host=127.0.0.1",
                "line 1", "line 2", "line 3", "line 4");
        assertThat(lines.stream().filter(l -> l.startsWith("maxMemoryMb=")).findFirst().orElseThrow())
                .satisfies(l -> assertThat(Integer.parseInt(l.substring("maxMemoryMb=".length()))).isLessThanOrEqualTo(64));
        assertThat(result.summaryLines()).containsExactly(
                "[trading-summary] bootstrap SUCCEEDED: 2 files", "[trading-summary] rows: 4000");
    }

    @Test
    void aFailedRunKeepsItsExitCodeAndItsLastLines() throws Exception {
        LocalJobSpec spec = new LocalJobSpec("fake", FakeJob.class.getName(), List.of("40", "1"),
                testClasspath(), "64m", "local[1]", List.of());

        JobProcess.Result result = new LocalJobLauncher(LocalJobLauncher.currentJava(), dir,
                dir.resolve("target/trading")).run(spec, line -> { });

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.summaryLines()).isEmpty();
        assertThat(result.lastLines()).hasSize(JobProcess.TAIL_LINES).endsWith("line 40");
    }

    @Test
    void anInterruptStopsTheChildAndKeepsTheInterruptFlag() throws Exception {
        LocalJobSpec spec = new LocalJobSpec("sleeper", FakeJob.class.getName(), List.of("sleep"),
                testClasspath(), "64m", "local[1]", List.of());
        LocalJobLauncher launcher = new LocalJobLauncher(LocalJobLauncher.currentJava(), dir, dir.resolve("target/trading"));
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread runner = new Thread(() -> {
            try {
                launcher.run(spec, line -> started.countDown());
            } catch (Throwable t) {
                thrown.set(t);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        runner.start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        runner.interrupt();
        runner.join(30_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class).hasMessageContaining("sleeper");
        assertThat(flagAfter).isTrue();
        assertThat(ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains(FakeJob.class.getName()))
                .filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void summaryLinesAreThoseWithTheExactPrefix() {
        assertThat(JobSummary.extract(List.of("12:00:01 INFO  IngestJob: batch 1 committed",
                "[trading-summary] bootstrap FAILED: 1 of 20 files failed",
                " [trading-summary] indented is not one",
                "[trading-summary]missing space",
                "[trading-summary] FAILED file:/l/UnderlyingOptionsEODCalcs_2024-01-05.zip: not a zip archive")))
                .containsExactly("[trading-summary] bootstrap FAILED: 1 of 20 files failed",
                        "[trading-summary] FAILED file:/l/UnderlyingOptionsEODCalcs_2024-01-05.zip: not a zip archive");
    }

    private static List<Path> testClasspath() throws Exception {
        return List.of(Path.of(FakeJob.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }
}
