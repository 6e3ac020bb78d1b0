package dev.tradingpipeline.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tradingpipeline.core.config.TradingConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the report goal says the report of a run went on emr, where the job's summary may not reach the build. */
class ReportMojoTest {

    @Test
    void theLocationIsTheReportsFolderAndTheReportsFileName() {
        TradingConfig s3 = TradingConfig.parse("paths:\n  reports: s3://bucket/reports\n", "config.yaml",
                "/srv/trading-project", Map.of(), "-Dtrading.");

        assertThat(ReportMojo.reportLocation(s3, "20240603T140501Z-1a2b3c4d")).isEqualTo(
                "Report of run 20240603T140501Z-1a2b3c4d: s3://bucket/reports/strategy-report-20240603T140501Z-1a2b3c4d.html");
        assertThat(ReportMojo.reportLocation(s3, "latest"))
                .isEqualTo("Report of the newest run: in s3://bucket/reports/ (its name is in the job's summary)");
    }
}
