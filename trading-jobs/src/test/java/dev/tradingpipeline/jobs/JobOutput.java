package dev.tradingpipeline.jobs;

import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.jobs.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the job's modes on the test JVM's session and keeps what the last run printed. */
final class JobOutput {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** Runs {@code args} with {@code config}; returns the exit code. */
    int run(TradingConfig config, String... args) {
        bytes.reset();
        return TradingJob.execute(SparkTestSession.get(), JobArguments.parse(args), config, out);
    }

    /** What the last run printed. */
    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
