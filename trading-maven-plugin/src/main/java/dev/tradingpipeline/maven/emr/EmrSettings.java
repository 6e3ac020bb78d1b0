package dev.tradingpipeline.maven.emr;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKey;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the emr target needs from config.yaml, checked all at once so that one run reports every
 * missing or unusable key.
 *
 * @param applicationId            the application id, when configured (it wins over the name)
 * @param applicationName          the name to look the application up by, when no id is configured
 * @param executionRoleArn         the IAM role the job runs as
 * @param artifactsUri             s3:// prefix where deploy puts the job jar and config
 * @param logsUri                  s3:// prefix for the runs' logs, if any
 * @param cloudWatchLogGroup       CloudWatch Logs group the runs log to, if any
 * @param landing                  paths.landing, an s3:// URI
 * @param warehouse                paths.warehouse, an s3:// URI
 * @param pollInterval             how often watch asks for the run's state
 * @param executionTimeoutMinutes  the run's execution timeout
 * @param maxAttempts              attempts of the run (retry policy), 1-10
 * @param cancelGracePeriodSeconds 0 (service default) or 15-1800
 * @param icebergJar               the Iceberg runtime jar on the EMR image
 * @param tags                     the user's extra tags (emr.tags.*)
 * @param prices                   the price table for a run's cost (emr.prices.*)
 * @param recordCost               whether a strategy run's cost is written to gold.strategy_runs
 *                                 after it succeeds (emr.record-cost)
 */
public record EmrSettings(
        Optional<String> applicationId,
        Optional<String> applicationName,
        String executionRoleArn,
        String artifactsUri,
        Optional<String> logsUri,
        Optional<String> cloudWatchLogGroup,
        String landing,
        String warehouse,
        Duration pollInterval,
        int executionTimeoutMinutes,
        int maxAttempts,
        int cancelGracePeriodSeconds,
        String icebergJar,
        Map<String, String> tags,
        EmrPrices prices,
        boolean recordCost) {

    static final int MAX_TAGS = 50;

    /** A log group name as CloudWatch Logs (and StartJobRun's logGroupName) takes it. */
    private static final Pattern LOG_GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-zA-Z0-9-]*:iam::\\d{12}:role/.+");
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9 /_.:=+@-]{1,128}");
    private static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9 /_.:=+@-]{0,256}");

    public EmrSettings {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /**
     * Reads and checks the emr settings.
     *
     * @throws ConfigException naming every problem, each with its key and config.source()
     */
    public static EmrSettings from(TradingConfig config) {
        List<Problem> problems = new ArrayList<>();
        String source = config.source();

        Optional<String> id = optional(config, ConfigKeys.EMR_APPLICATION_ID);
        Optional<String> name = optional(config, ConfigKeys.EMR_APPLICATION_NAME);
        if (id.isEmpty() && name.isEmpty()) {
            problems.add(new Problem(ConfigKeys.EMR_APPLICATION_ID, source, ConfigKeys.EMR_APPLICATION_ID + " or " + ConfigKeys.EMR_APPLICATION_NAME
                    + " is required (the EMR Serverless application that runs the jobs)"));
        }

        String role = config.get(ConfigKeys.EMR_EXECUTION_ROLE_ARN).trim();
        if (role.isEmpty()) {
            problems.add(new Problem(ConfigKeys.EMR_EXECUTION_ROLE_ARN, source, ConfigKeys.EMR_EXECUTION_ROLE_ARN
                    + " is required (the IAM role the job runs as, arn:aws:iam::<account>:role/<name>)"));
        } else if (!ROLE_ARN.matcher(role).matches()) {
            problems.add(new Problem(ConfigKeys.EMR_EXECUTION_ROLE_ARN, source, ConfigKeys.EMR_EXECUTION_ROLE_ARN
                    + " must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got '" + role + "'"));
        }

        String artifacts = config.get(ConfigKeys.EMR_ARTIFACTS_URI).trim();
        if (artifacts.isEmpty()) {
            problems.add(new Problem(ConfigKeys.EMR_ARTIFACTS_URI, source, ConfigKeys.EMR_ARTIFACTS_URI
                    + " is required (the s3:// prefix where deploy puts the job jar and config)"));
        } else {
            requireS3(source, ConfigKeys.EMR_ARTIFACTS_URI, artifacts, problems);
        }

        Optional<String> logs = optional(config, ConfigKeys.EMR_LOGS_URI);
        logs.ifPresent(l -> requireS3(source, ConfigKeys.EMR_LOGS_URI, l, problems));
        Optional<String> logGroup = optional(config, ConfigKeys.EMR_CLOUDWATCH_LOG_GROUP);
        logGroup.filter(g -> !LOG_GROUP.matcher(g).matches()).ifPresent(g -> problems.add(new Problem(
                ConfigKeys.EMR_CLOUDWATCH_LOG_GROUP, source, ConfigKeys.EMR_CLOUDWATCH_LOG_GROUP
                        + " must be a CloudWatch Logs group name (1-512 letters, digits and . - _ / #), got '" + g + "'")));

        String landing = config.location(ConfigKeys.PATHS_LANDING);
        requireS3(source, ConfigKeys.PATHS_LANDING, landing, problems);
        String warehouse = config.location(ConfigKeys.PATHS_WAREHOUSE);
        requireS3(source, ConfigKeys.PATHS_WAREHOUSE, warehouse, problems);

        Duration poll = Duration.ofSeconds(10);
        String pollText = config.get(ConfigKeys.EMR_POLL_INTERVAL);
        try {
            poll = ConfigKey.parseDuration(pollText);
            if (poll.isZero()) {
                problems.add(new Problem(ConfigKeys.EMR_POLL_INTERVAL, source, ConfigKeys.EMR_POLL_INTERVAL + " must be more than 0, got '" + pollText + "'"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(ConfigKeys.EMR_POLL_INTERVAL, source, ConfigKeys.EMR_POLL_INTERVAL
                    + " must be a duration such as 10s or 1m, got '" + pollText + "'"));
        }

        int timeout = integer(config, ConfigKeys.EMR_EXECUTION_TIMEOUT_MINUTES, 1, 1_000_000, "1-1000000", problems);
        int attempts = integer(config, ConfigKeys.EMR_MAX_ATTEMPTS, 1, 10, "1-10", problems);
        int grace = integer(config, ConfigKeys.EMR_CANCEL_GRACE_PERIOD, 0, 1800,
                "0 (the service default) or 15-1800", problems);
        if (grace > 0 && grace < 15) {
            problems.add(new Problem(ConfigKeys.EMR_CANCEL_GRACE_PERIOD, source, ConfigKeys.EMR_CANCEL_GRACE_PERIOD
                    + " must be 0 (the service default) or 15-1800, got " + grace));
        }

        String icebergJar = config.get(ConfigKeys.EMR_ICEBERG_JAR).trim();
        if (icebergJar.isEmpty()) {
            problems.add(new Problem(ConfigKeys.EMR_ICEBERG_JAR, source, ConfigKeys.EMR_ICEBERG_JAR + " is required (the Iceberg runtime jar on the EMR image)"));
        }

        Map<String, String> tags = config.map("emr.tags");
        checkTags(source, tags, problems);
        EmrPrices prices = EmrPrices.from(config, problems);

        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid configuration for target emr", problems);
        }
        return new EmrSettings(id, id.isPresent() ? Optional.empty() : name, role, artifacts, logs, logGroup, landing, warehouse,
                poll, timeout, attempts, grace, icebergJar, tags, prices, config.getBoolean(ConfigKeys.EMR_RECORD_COST));
    }

    private static Optional<String> optional(TradingConfig config, String key) {
        String v = config.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static void requireS3(String source, String key, String value, List<Problem> problems) {
        if (!value.startsWith("s3://") || value.length() <= "s3://".length()) {
            problems.add(new Problem(key, source, key + " must be an s3:// URI on the emr target, got '" + value + "'"));
        }
    }

    private static int integer(TradingConfig config, String key, int min, int max, String range, List<Problem> problems) {
        String v = config.get(key);
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                problems.add(new Problem(key, config.source(), key + " must be " + range + ", got " + n));
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(new Problem(key, config.source(), key + " must be an integer (" + range + "), got '" + v + "'"));
            return min;
        }
    }

    private static void checkTags(String source, Map<String, String> tags, List<Problem> problems) {
        if (tags.size() > MAX_TAGS - EmrJobSubmitter.STANDARD_TAG_COUNT) {
            problems.add(new Problem("emr.tags", source, "emr.tags has " + tags.size() + " entries; a job run takes at most "
                    + (MAX_TAGS - EmrJobSubmitter.STANDARD_TAG_COUNT) + " besides the plugin's own "
                    + EmrJobSubmitter.STANDARD_TAG_COUNT));
        }
        tags.forEach((k, v) -> {
            if (!TAG_KEY.matcher(k).matches() || k.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                problems.add(new Problem("emr.tags." + k, source + ": emr.tags." + k, "a tag key is 1-128 letters, digits, spaces or _ . : / = + - @"
                        + " and must not start with aws:"));
            }
            if (!TAG_VALUE.matcher(v).matches()) {
                problems.add(new Problem("emr.tags." + k, source + ": emr.tags." + k, "a tag value is at most 256 letters, digits, spaces or"
                        + " _ . : / = + - @, got '" + v + "'"));
            }
        });
    }
}
