package dev.tradingpipeline.maven.stack;

import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.Problem;
import dev.tradingpipeline.core.config.TradingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the stack of {@code trading:setup} is made of, from the {@code setup.*} keys (and
 * {@code emr.application-name}), checked all at once so that one run names every unusable key.
 *
 * @param stackName          the CloudFormation stack
 * @param bucketName         {@code setup.bucket}; empty: {@link #DERIVED_BUCKET} of the stack name
 * @param repositoryName     the ECR repository
 * @param applicationName    the EMR Serverless application's name
 * @param maxVcpu            maximum capacity, vCPU ({@code setup.max-vcpu}; {@code auto}: {@code emr.max-vcpu})
 * @param maxMemoryGb        maximum capacity, GB of memory
 * @param idleTimeoutMinutes auto-stop after this many idle minutes
 * @param logsExpireDays     days after which run logs expire
 * @param glueDatabases      whether the stack creates the Glue databases
 */
public record StackSettings(
        String stackName,
        Optional<String> bucketName,
        String repositoryName,
        String applicationName,
        int maxVcpu,
        int maxMemoryGb,
        int idleTimeoutMinutes,
        int logsExpireDays,
        boolean glueDatabases) {

    /** How the bucket is named when {@code setup.bucket} is not set: unique per account and region. */
    public static final String DERIVED_BUCKET = "<stack-name>-<account>-<region>";

    private static final Pattern STACK_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,127}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REPOSITORY = Pattern.compile(
            "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Pattern APPLICATION_NAME = Pattern.compile("[A-Za-z0-9._/#-]{1,64}");
    /** 12 digits of account, the longest region name (14) and two hyphens. */
    private static final int DERIVED_BUCKET_SUFFIX = 1 + 12 + 1 + 14;
    private static final long GB = 1L << 30;

    /**
     * The stack name: {@code setup.stack-name}, else the project's artifactId made into a stack
     * name (lower case, other characters as hyphens, starting with a letter).
     */
    public static String stackName(TradingConfig config, String artifactId) {
        String configured = config.get(ConfigKeys.SETUP_STACK_NAME).trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        String name = artifactId == null ? "" : artifactId.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-").replaceAll("-{2,}", "-").replaceAll("^[^a-z]+", "")
                .replaceAll("-+$", "");
        if (name.isEmpty()) {
            name = "trading";
        }
        return name.length() > 128 ? name.substring(0, 128) : name;
    }

    /**
     * Reads and checks the settings.
     *
     * @throws ConfigException naming every key with an unusable value
     */
    public static StackSettings from(TradingConfig config, String artifactId) {
        List<Problem> problems = new ArrayList<>();
        String source = config.source();
        String stack = stackName(config, artifactId);
        if (!STACK_NAME.matcher(stack).matches()) {
            problems.add(new Problem(ConfigKeys.SETUP_STACK_NAME, where(source, ConfigKeys.SETUP_STACK_NAME), "'" + stack + "' is not a CloudFormation"
                    + " stack name (a letter, then letters, digits and hyphens; at most 128 characters)"));
        }
        Optional<String> bucket = text(config, ConfigKeys.SETUP_BUCKET);
        if (bucket.isPresent() && !BUCKET.matcher(bucket.get()).matches()) {
            problems.add(new Problem(ConfigKeys.SETUP_BUCKET, where(source, ConfigKeys.SETUP_BUCKET), "'" + bucket.get() + "' is not a valid S3 bucket"
                    + " name (3-63 characters: lower-case letters, digits, dots and hyphens)"));
        }
        if (bucket.isEmpty() && stack.length() + DERIVED_BUCKET_SUFFIX > 63) {
            problems.add(new Problem(ConfigKeys.SETUP_BUCKET, where(source, ConfigKeys.SETUP_BUCKET), "the bucket name derived from the stack name ("
                    + DERIVED_BUCKET + ") would be longer than 63 characters: set " + ConfigKeys.SETUP_BUCKET
                    + ", or a stack name of at most " + (63 - DERIVED_BUCKET_SUFFIX) + " characters in "
                    + ConfigKeys.SETUP_STACK_NAME));
        }
        String repository = text(config, ConfigKeys.SETUP_REPOSITORY_NAME).orElse(stack.toLowerCase(Locale.ROOT));
        if (repository.length() < 2 || repository.length() > 256 || !REPOSITORY.matcher(repository).matches()) {
            problems.add(new Problem(ConfigKeys.SETUP_REPOSITORY_NAME, where(source, ConfigKeys.SETUP_REPOSITORY_NAME), "'" + repository + "' is not an ECR"
                    + " repository name (2-256 characters: lower-case letters and digits, separated by . _ - or /)"));
        }
        String application = text(config, ConfigKeys.EMR_APPLICATION_NAME).orElse(stack);
        if (!APPLICATION_NAME.matcher(application).matches()) {
            problems.add(new Problem(ConfigKeys.EMR_APPLICATION_NAME, where(source, ConfigKeys.EMR_APPLICATION_NAME), "'" + application + "' is not an EMR"
                    + " Serverless application name (1-64 letters, digits and . _ / # -)"));
        }
        int maxVcpu = maxVcpu(config, source, problems);
        long memory = config.getBytes(ConfigKeys.SETUP_MAX_MEMORY);
        if (memory < GB || memory % GB != 0) {
            problems.add(new Problem(ConfigKeys.SETUP_MAX_MEMORY, where(source, ConfigKeys.SETUP_MAX_MEMORY), "expected whole gigabytes such as 128g, got '"
                    + config.get(ConfigKeys.SETUP_MAX_MEMORY) + "'"));
        }
        Duration idle = config.getDuration(ConfigKeys.SETUP_IDLE_TIMEOUT);
        if (idle.toSeconds() % 60 != 0 || idle.toMinutes() < 1 || idle.toMinutes() > 10080) {
            problems.add(new Problem(ConfigKeys.SETUP_IDLE_TIMEOUT, where(source, ConfigKeys.SETUP_IDLE_TIMEOUT), "expected whole minutes from 1m to 7d, got '"
                    + config.get(ConfigKeys.SETUP_IDLE_TIMEOUT) + "'"));
        }
        Duration logs = config.getDuration(ConfigKeys.SETUP_LOGS_EXPIRE_AFTER);
        if (logs.toSeconds() % 86400 != 0 || logs.toDays() < 1) {
            problems.add(new Problem(ConfigKeys.SETUP_LOGS_EXPIRE_AFTER, where(source, ConfigKeys.SETUP_LOGS_EXPIRE_AFTER), "expected whole days such as 30d, got '"
                    + config.get(ConfigKeys.SETUP_LOGS_EXPIRE_AFTER) + "'"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(ConfigException.INVALID_CONFIGURATION, problems);
        }
        return new StackSettings(stack, bucket, repository, application, maxVcpu,
                (int) (memory / GB), (int) idle.toMinutes(), (int) logs.toDays(),
                config.getBoolean(ConfigKeys.SETUP_GLUE_DATABASES));
    }

    /**
     * The application's maximum vCPU: {@code setup.max-vcpu}, or with {@code auto} the account's quota
     * {@code emr.max-vcpu}. More than the quota is refused: the capacity check before each run counts
     * against the smaller of the two, so a larger application would promise runs the account cannot start.
     */
    static int maxVcpu(TradingConfig config, String source, List<Problem> problems) {
        int quota = config.getInt(ConfigKeys.EMR_MAX_VCPU);
        String configured = config.get(ConfigKeys.SETUP_MAX_VCPU).trim();
        if (configured.equals("auto")) {
            return quota;
        }
        int vcpu = Integer.parseInt(configured);
        if (vcpu > quota) {
            problems.add(new Problem(ConfigKeys.SETUP_MAX_VCPU, where(source, ConfigKeys.SETUP_MAX_VCPU), vcpu
                    + " vCPU is more than " + ConfigKeys.EMR_MAX_VCPU + " (" + quota + ", the account's EMR Serverless"
                    + " quota), which every run is checked against: set " + ConfigKeys.EMR_MAX_VCPU + " to the quota"
                    + " the account has (Service Quotas), or leave " + ConfigKeys.SETUP_MAX_VCPU + " at auto"));
        }
        return vcpu;
    }

    /**
     * The bucket's name as the template writes it: the configured name, or the stack name with the
     * account and region that CloudFormation fills in ({@code Fn::Sub}).
     */
    public String bucketExpression() {
        return bucketName.orElse(stackName.toLowerCase(Locale.ROOT) + "-${AWS::AccountId}-${AWS::Region}");
    }

    private static String where(String source, String key) {
        return source + ": key '" + key + "'";
    }

    private static Optional<String> text(TradingConfig config, String key) {
        String v = config.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}
