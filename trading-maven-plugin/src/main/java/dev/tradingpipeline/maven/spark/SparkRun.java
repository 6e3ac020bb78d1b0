package dev.tradingpipeline.maven.spark;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.artifacts.JobArtifacts;
import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.deploy.Deployment;
import dev.tradingpipeline.maven.emr.EmrJobSubmitter;
import dev.tradingpipeline.maven.local.JobProcess;
import dev.tradingpipeline.maven.local.LocalJobLauncher;
import dev.tradingpipeline.maven.records.JsonRecords;
import dev.tradingpipeline.maven.run.JobDeployment;
import dev.tradingpipeline.maven.run.Submission;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A run on the spark target from start to end: deploy what changed to {@code spark.artifacts-uri},
 * run spark-submit in client mode with the driver's output streamed line by line (as the local
 * target's), and record the run in {@code target/trading/last-spark-run.json}. Ctrl-C stops
 * spark-submit, whose driver then ends the application on the cluster.
 */
public final class SparkRun {

    public static final String LAST_RUN = "last-spark-run.json";
    static final String DRIVER_LOG4J = "spark-driver-log4j2.properties";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What the last run on the spark target did, for {@code trading:watch}. */
    public record Record(String name, String mode, String master, String started, String ended, int exitCode,
            List<String> summaryLines) {

        public Record {
            summaryLines = summaryLines == null ? List.of() : List.copyOf(summaryLines);
        }

        public void write(Path file) {
            JsonRecords.write(JSON, this, file, "record of the last spark run");
        }

        public static Record read(Path file) {
            return JsonRecords.read(JSON, file, Record.class, "record of the last spark run");
        }
    }

    private final TradingConfig config;
    private final SparkTarget target;
    private final Consumer<String> log;
    private final Clock clock;

    public SparkRun(TradingConfig config, SparkTarget target, Consumer<String> log, Clock clock) {
        this.config = config;
        this.target = target;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Deploys, runs spark-submit to its end and records the run.
     *
     * @param settings   the run's Spark settings, checked before anything was resolved
     *                   ({@link SparkSubmitCommand#settings})
     * @param configFile the project's config file, or null when it runs on defaults
     * @param output     each line of spark-submit's output (the driver's)
     */
    public JobProcess.Result run(Submission s, Map<String, String> settings, JobArtifacts artifacts, Path configFile,
            Path stateDir, Path workingDir, Consumer<String> output) throws IOException {
        Deployment d;
        try (AwsClients aws = new AwsClients(AwsSettings.from(config))) {
            d = JobDeployment.deploy(aws.s3(), config, target.artifacts(), artifacts, configFile, stateDir, log);
        }
        Path log4j = stateDir.resolve(DRIVER_LOG4J);
        Files.writeString(log4j, LocalJobLauncher.log4j2Properties(), StandardCharsets.UTF_8);
        Instant started = clock.instant();
        String name = EmrJobSubmitter.jobName(s.project(), s.mode(), started);
        List<String> command = SparkSubmitCommand.command(config, target, s.mode(), name, settings, d,
                s.jobArguments(SparkSubmitCommand.s3a(d.config().uri())), log4j);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        builder.environment().put("SPARK_HOME", target.sparkHome().toAbsolutePath().toString());
        log.accept("Submitting " + name + " to " + target.master() + " (" + target.sparkSubmit()
                + ", client mode: the driver runs here, Ctrl-C stops the application)");
        JobProcess.Result result = JobProcess.run(builder, "The trading job " + s.mode() + " on " + target.master(),
                output);
        new Record(name, s.mode(), target.master(), started.toString(), clock.instant().toString(), result.exitCode(),
                result.summaryLines()).write(stateDir.resolve(LAST_RUN));
        return result;
    }
}
