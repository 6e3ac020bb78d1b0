package dev.tradingpipeline.maven.stack;


import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.emr.Sleeper;
import dev.tradingpipeline.maven.records.JsonRecords;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * What {@code trading:setup} left for the other goals ({@code target/trading/stack-outputs.json}):
 * the stack's outputs, so that {@code submit}, {@code deploy}, {@code build-image} and the rest
 * find the application, role, bucket and repository without anyone copying an id. A key set in the
 * configuration (file, property or override) always wins over the stack's value.
 *
 * @param stackName the stack
 * @param stackId   its ARN
 * @param region    the region it is in
 * @param outputs   output key to value, as CloudFormation gave them
 */
public record StackOutputs(String stackName, String stackId, String region, Map<String, String> outputs) {

    public static final String FILE = "stack-outputs.json";

    /** Which config key each output stands for. */
    static final Map<String, String> CONFIG_KEY_OF_OUTPUT;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(StackTemplate.OUTPUT_APPLICATION_ID, ConfigKeys.EMR_APPLICATION_ID);
        m.put(StackTemplate.OUTPUT_JOB_ROLE_ARN, ConfigKeys.EMR_EXECUTION_ROLE_ARN);
        m.put(StackTemplate.OUTPUT_ARTIFACTS_URI, ConfigKeys.EMR_ARTIFACTS_URI);
        m.put(StackTemplate.OUTPUT_LOGS_URI, ConfigKeys.EMR_LOGS_URI);
        m.put(StackTemplate.OUTPUT_REPOSITORY_URI, ConfigKeys.IMAGE_REPOSITORY);
        CONFIG_KEY_OF_OUTPUT = Collections.unmodifiableMap(m);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public StackOutputs {
        Objects.requireNonNull(stackName, "stackName");
        outputs = Collections.unmodifiableMap(new TreeMap<>(outputs == null ? Map.of() : outputs));
    }

    /**
     * The config values this stack gives where the configuration has none: every key of
     * {@link #CONFIG_KEY_OF_OUTPUT} that is blank in {@code config}. {@code emr.application-id} is
     * not given when {@code emr.application-name} is set: the configured name wins.
     */
    public Map<String, String> configDefaults(TradingConfig config) {
        Map<String, String> values = new LinkedHashMap<>();
        CONFIG_KEY_OF_OUTPUT.forEach((output, key) -> {
            String value = outputs.get(output);
            if (value == null || value.isBlank() || !blank(config, key)) {
                return;
            }
            if (key.equals(ConfigKeys.EMR_APPLICATION_ID) && !blank(config, ConfigKeys.EMR_APPLICATION_NAME)) {
                return;
            }
            values.put(key, value.trim());
        });
        return values;
    }

    /**
     * Why this record is not for the configuration, or empty when it is: it must be of the
     * configured stack, and in the configured region when {@code aws.region} is set.
     */
    public Optional<String> mismatch(String configuredStack, TradingConfig config) {
        if (!stackName.equals(configuredStack)) {
            return Optional.of("it is of stack " + stackName + ", not of the configured stack " + configuredStack
                    + " (" + ConfigKeys.SETUP_STACK_NAME + ")");
        }
        String configuredRegion = config.get(ConfigKeys.AWS_REGION).trim();
        if (!configuredRegion.isEmpty() && region != null && !region.equals(configuredRegion)) {
            return Optional.of("stack " + stackName + " is in " + region + ", not in the configured "
                    + ConfigKeys.AWS_REGION + " " + configuredRegion);
        }
        return Optional.empty();
    }

    /**
     * The outputs of the stack as CloudFormation has them now (DescribeStacks), for a build that
     * has no record of {@code trading:setup} (a fresh clone, a CI runner, after {@code mvn clean}).
     * Empty when there is no such stack, or when it has no usable outputs (being created, deleted,
     * or its creation rolled back).
     */
    public static Optional<StackOutputs> describe(CloudFormationClient cfn, String stackName) {
        Optional<Stack> stack = new StackDeployer(cfn, line -> { }, Clock.systemUTC(), Sleeper.THREAD)
                .describe(stackName);
        if (stack.isEmpty()) {
            return Optional.empty();
        }
        String status = stack.get().stackStatusAsString();
        boolean usable = status != null && status.endsWith("_COMPLETE") && !status.startsWith("DELETE")
                && !status.equals("ROLLBACK_COMPLETE") && !status.startsWith("CREATE_IN");
        if (!usable || !stack.get().hasOutputs() || stack.get().outputs().isEmpty()) {
            return Optional.empty();
        }
        String region = cfn.serviceClientConfiguration().region() == null ? null
                : cfn.serviceClientConfiguration().region().id();
        return Optional.of(new StackOutputs(stackName, stack.get().stackId(), region,
                StackDeployer.outputs(stack.get())));
    }

    public void write(Path json) {
        JsonRecords.write(JSON, this, json, "stack outputs record");
    }

    public static StackOutputs read(Path json) {
        return JsonRecords.read(JSON, json, StackOutputs.class, "stack outputs record");
    }

    /** The keys a stack's outputs stand for that the configuration leaves blank. */
    public static List<String> blankKeys(TradingConfig config) {
        List<String> keys = new ArrayList<>();
        CONFIG_KEY_OF_OUTPUT.values().forEach(key -> {
            if (blank(config, key) && !(key.equals(ConfigKeys.EMR_APPLICATION_ID)
                    && !blank(config, ConfigKeys.EMR_APPLICATION_NAME))) {
                keys.add(key);
            }
        });
        return keys;
    }

    private static boolean blank(TradingConfig config, String key) {
        String v = config.get(key);
        return v == null || v.isBlank();
    }
}
