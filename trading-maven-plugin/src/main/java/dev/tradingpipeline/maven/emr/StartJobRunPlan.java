package dev.tradingpipeline.maven.emr;

import dev.tradingpipeline.maven.config.SecretSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.emrserverless.model.CloudWatchLoggingConfiguration;
import software.amazon.awssdk.services.emrserverless.model.MonitoringConfiguration;
import software.amazon.awssdk.services.emrserverless.model.SparkSubmit;
import software.amazon.awssdk.services.emrserverless.model.StartJobRunRequest;

/**
 * A StartJobRun request as a dry run prints it: one line per field, under the API's field names,
 * with the value of any setting whose name says it holds a secret (a password, a token, a secret
 * or access key, a credential) masked. The request is the one submit builds
 * ({@link EmrJobSubmitter#requestFor}), so the plan shows what submit would send.
 */
public final class StartJobRunPlan {

    private StartJobRunPlan() {
    }

    /** The request, field by field, secrets masked; the client token is left out (submit makes a new one). */
    public static List<String> describe(StartJobRunRequest request) {
        List<String> lines = new ArrayList<>();
        lines.add("StartJobRun that submit would send (dry run: not sent):");
        field(lines, "applicationId", request.applicationId());
        field(lines, "name", request.name() + " (the time in it is the submission's)");
        field(lines, "executionRoleArn", request.executionRoleArn());
        SparkSubmit spark = request.jobDriver() == null ? null : request.jobDriver().sparkSubmit();
        if (spark != null) {
            field(lines, "entryPoint", spark.entryPoint());
            field(lines, "entryPointArguments", spark.hasEntryPointArguments()
                    ? String.join(" ", mask(spark.entryPointArguments())) : "");
            field(lines, "sparkSubmitParameters", spark.sparkSubmitParameters() == null ? ""
                    : String.join(" ", mask(Arrays.asList(spark.sparkSubmitParameters().split(" ")))));
        }
        field(lines, "tags", request.hasTags() ? request.tags().entrySet().stream()
                .map(e -> e.getKey() + "=" + masked(e.getKey(), e.getValue())).collect(Collectors.joining(", ")) : "none");
        field(lines, "executionTimeoutMinutes", String.valueOf(request.executionTimeoutMinutes()));
        field(lines, "retryPolicy", request.retryPolicy() == null ? "none (one attempt)"
                : "maxAttempts " + request.retryPolicy().maxAttempts());
        MonitoringConfiguration monitoring = request.configurationOverrides() == null ? null
                : request.configurationOverrides().monitoringConfiguration();
        field(lines, "monitoringConfiguration", monitoring(monitoring));
        return lines;
    }

    private static String monitoring(MonitoringConfiguration m) {
        if (m == null) {
            return "none (the driver's logs only in EMR Studio)";
        }
        List<String> parts = new ArrayList<>();
        if (m.s3MonitoringConfiguration() != null) {
            parts.add("S3 logs under " + m.s3MonitoringConfiguration().logUri());
        }
        CloudWatchLoggingConfiguration cw = m.cloudWatchLoggingConfiguration();
        if (cw != null && !Boolean.FALSE.equals(cw.enabled())) {
            parts.add("CloudWatch Logs" + (cw.logGroupName() != null ? " group " + cw.logGroupName() : "")
                    + (cw.logStreamNamePrefix() != null ? ", stream prefix " + cw.logStreamNamePrefix() : ""));
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    private static void field(List<String> lines, String name, String value) {
        lines.add(String.format("  %-24s %s", name, value == null ? "" : value));
    }

    /** {@code key=value} items (a --conf or --set value) with a secret's value masked. */
    static List<String> mask(List<String> items) {
        return items.stream().map(item -> {
            int eq = item.indexOf('=');
            return eq > 0 ? item.substring(0, eq + 1) + masked(item.substring(0, eq), item.substring(eq + 1)) : item;
        }).toList();
    }

    private static String masked(String name, String value) {
        return SecretSettings.printable(name, value);
    }
}
