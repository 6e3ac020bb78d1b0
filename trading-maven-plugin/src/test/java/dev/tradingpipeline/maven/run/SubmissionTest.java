package dev.tradingpipeline.maven.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The job's command line as StartJobRun and spark-submit send it. */
class SubmissionTest {

    private static Submission submission(String mode, Optional<LocalDate> date, Optional<String> runId) {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("paths.reports", "s3://bucket/reports");
        overrides.put("catalog.name", "lake");
        return new Submission(mode, date, runId, overrides, "options-lake", "1.2.0", Optional.empty());
    }

    @Test
    void theReportModeSendsItsRunIdAfterTheConfigAndBeforeTheOverrides() {
        assertThat(submission("report", Optional.empty(), Optional.of("20240603T140501Z-1a2b3c4d"))
                .jobArguments("s3://bucket/artifacts/config.yaml")).containsExactly("--mode", "report", "--config",
                        "s3://bucket/artifacts/config.yaml", "--run-id", "20240603T140501Z-1a2b3c4d",
                        "--set", "paths.reports=s3://bucket/reports", "--set", "catalog.name=lake");
    }

    @Test
    void aListingSendsNoRunIdAndADailyRunItsDate() {
        assertThat(submission("report", Optional.empty(), Optional.empty()).jobArguments("s3://b/c.yaml"))
                .containsExactly("--mode", "report", "--config", "s3://b/c.yaml",
                        "--set", "paths.reports=s3://bucket/reports", "--set", "catalog.name=lake");
        assertThat(submission("daily", Optional.of(LocalDate.of(2024, 3, 4)), Optional.empty())
                .jobArguments("s3://b/c.yaml")).containsSequence("--config", "s3://b/c.yaml", "--date", "2024-03-04", "--set");
    }
}
