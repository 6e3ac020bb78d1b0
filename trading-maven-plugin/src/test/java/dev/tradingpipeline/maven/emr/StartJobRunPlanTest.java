package dev.tradingpipeline.maven.emr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

class StartJobRunPlanTest {

    @Test
    void masksTheValuesOfSecretSettingsOnly() {
        assertThat(StartJobRunPlan.mask(List.of(
                "spark.hadoop.fs.s3a.secret.key=abc",
                "spark.hadoop.fs.s3a.access.key=AKIA",
                "spark.hadoop.fs.s3a.session.token=tok",
                "spark.sql.catalog.trading.credential=client:secret",
                "catalog.rest.password=pw",
                "spark.hadoop.fs.s3a.aws.credentials.provider=com.example.Provider",
                "aws.s3.kms-key-id=alias/trading",
                "--conf",
                "spark.executor.memory=8g")))
                .containsExactly(
                        "spark.hadoop.fs.s3a.secret.key=****",
                        "spark.hadoop.fs.s3a.access.key=****",
                        "spark.hadoop.fs.s3a.session.token=****",
                        "spark.sql.catalog.trading.credential=****",
                        "catalog.rest.password=****",
                        "spark.hadoop.fs.s3a.aws.credentials.provider=com.example.Provider",
                        "aws.s3.kms-key-id=alias/trading",
                        "--conf",
                        "spark.executor.memory=8g");
    }

    @Test
    void describesTheRequestSubmitBuildsIncludingCloudWatchLogsAndNoRetryPolicy() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mode", "daily");
        tags.put("api-token", "t0ps3cret");
        var req = new EmrJobSubmitter.SubmitRequest("00app", "arn:aws:iam::123456789012:role/job", "p-daily-20240105-000000",
                tags, 60, 1, "s3://b/jars/job.jar",
                List.of("--mode", "daily"), "--class X --conf spark.a=1", java.util.Optional.empty(), java.util.Optional.empty());
        StartJobRunRequest request = EmrJobSubmitter.requestFor(req).toBuilder()
                .configurationOverrides(o -> o.monitoringConfiguration(m -> m.cloudWatchLoggingConfiguration(
                        c -> c.enabled(true).logGroupName("/trading/runs").logStreamNamePrefix("p"))))
                .build();

        List<String> lines = StartJobRunPlan.describe(request);

        assertThat(EmrJobSubmitter.requestFor(req).clientToken()).isNull();
        assertThat(lines).contains(
                "  entryPointArguments      --mode daily",
                "  sparkSubmitParameters    --class X --conf spark.a=1",
                "  tags                     mode=daily, api-token=****",
                "  executionTimeoutMinutes  60",
                "  retryPolicy              none (one attempt)",
                "  monitoringConfiguration  CloudWatch Logs group /trading/runs, stream prefix p");
        assertThat(String.join("\n", lines)).doesNotContain("t0ps3cret").doesNotContain("clientToken");
    }
}
