package dev.tradingpipeline.maven.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.aws.S3Encryption;
import dev.tradingpipeline.maven.iam.IamPolicies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The CloudFormation template of the pipeline's AWS resources, built from the configuration alone
 * (no AWS call): the S3 bucket, its TLS-only policy, the ECR repository, the job role with the
 * policy of {@code trading:iam-policy}, the Glue databases and the EMR Serverless application. The
 * same template is written for review ({@code -Dtrading.setup.template-only=true}) and applied.
 *
 * @param body  the template as a tree of maps, lists and scalars
 * @param yaml  the template as YAML, as CloudFormation gets it
 */
public record StackTemplate(Map<String, Object> body, String yaml) {

    public static final String RELEASE_LABEL = "emr-7.11.0";

    public static final String BUCKET = "Bucket";
    public static final String BUCKET_POLICY = "BucketPolicy";
    public static final String REPOSITORY = "Repository";
    public static final String JOB_ROLE = "JobRole";
    public static final String APPLICATION = "Application";
    public static final String GLUE_DATABASE_PREFIX = "GlueDatabase";

    /** Prefixes of the stack bucket: what deploy uploads, and the job runs' logs (which expire). */
    public static final String ARTIFACTS_PREFIX = "artifacts";
    public static final String LOGS_PREFIX = "logs";

    /** The outputs {@code submit} and {@code build-image} pick up (see {@link StackOutputs}). */
    public static final String OUTPUT_APPLICATION_ID = "ApplicationId";
    public static final String OUTPUT_JOB_ROLE_ARN = "JobRoleArn";
    public static final String OUTPUT_BUCKET = "BucketName";
    public static final String OUTPUT_REPOSITORY_URI = "RepositoryUri";
    public static final String OUTPUT_ARTIFACTS_URI = "ArtifactsUri";
    public static final String OUTPUT_LOGS_URI = "LogsUri";

    /** What EMR Serverless needs to pull a custom image (the repository policy's grant). */
    public static final List<String> EMR_SERVERLESS_PULL = List.of("ecr:BatchGetImage", "ecr:DescribeImages",
            "ecr:GetDownloadUrlForLayer");

    static final String EMR_SERVERLESS_SERVICE = "emr-serverless.amazonaws.com";

    /** Days after which a replaced or deleted object's old version goes (the bucket keeps versions). */
    static final int NONCURRENT_VERSION_DAYS = 30;
    static final int ABORT_UPLOADS_AFTER_DAYS = 7;

    /**
     * Stands for the stack's bucket while the job role's policy is derived (IamPolicies wants a
     * valid bucket name); replaced by the bucket's name expression afterwards.
     */
    private static final String BUCKET_TOKEN = "stack-bucket.invalid";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Builds the template.
     *
     * @param settings the stack's settings
     * @param config   the configuration: paths, catalog, KMS key, and the artifacts and logs URIs
     *                 when they are set (else the stack bucket's {@value #ARTIFACTS_PREFIX} and
     *                 {@value #LOGS_PREFIX} prefixes)
     * @param imageUri the application's image (by digest) when one was built, else the release's own
     * @throws ConfigException when the configuration cannot give the job role's policy
     */
    public static StackTemplate build(StackSettings settings, TradingConfig config, Optional<String> imageUri) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put(BUCKET, bucket(settings, config));
        resources.put(BUCKET_POLICY, bucketPolicy());
        resources.put(REPOSITORY, repository(settings));
        resources.put(JOB_ROLE, jobRole(settings, config));
        if (settings.glueDatabases() && catalogIsGlue(config)) {
            for (String database : glueDatabases()) {
                resources.put(glueDatabaseLogicalId(database), glueDatabase(database));
            }
        }
        resources.put(APPLICATION, application(settings, imageUri));

        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put(OUTPUT_APPLICATION_ID, output("EMR Serverless application id (emr.application-id)",
                getAtt(APPLICATION, "ApplicationId")));
        outputs.put(OUTPUT_JOB_ROLE_ARN, output("Job execution role (emr.execution-role-arn)", getAtt(JOB_ROLE, "Arn")));
        outputs.put(OUTPUT_BUCKET, output("Bucket of artifacts and logs", ref(BUCKET)));
        outputs.put(OUTPUT_ARTIFACTS_URI, output("Where deploy uploads (emr.artifacts-uri)",
                sub("s3://${" + BUCKET + "}/" + ARTIFACTS_PREFIX)));
        outputs.put(OUTPUT_LOGS_URI, output("Job run logs (emr.logs-uri)", sub("s3://${" + BUCKET + "}/" + LOGS_PREFIX)));
        outputs.put(OUTPUT_REPOSITORY_URI, output("Image repository (image.repository)",
                getAtt(REPOSITORY, "RepositoryUri")));

        Map<String, Object> template = new LinkedHashMap<>();
        template.put("AWSTemplateFormatVersion", "2010-09-09");
        template.put("Description", "Trading pipeline " + settings.stackName() + ": bucket, image repository, job"
                + " role, Glue databases and EMR Serverless application (written by trading:setup)");
        template.put("Resources", resources);
        template.put("Outputs", outputs);
        return new StackTemplate(template, toYaml(template));
    }

    /** The pipeline's Glue databases, one per namespace of its tables: bronze, silver, ops, gold. */
    public static List<String> glueDatabases() {
        Set<String> databases = new LinkedHashSet<>();
        for (String table : ConfigKeys.MAINTAINED_TABLES) {
            databases.add(table.substring(0, table.indexOf('.')));
        }
        return List.copyOf(databases);
    }

    public static String glueDatabaseLogicalId(String database) {
        return GLUE_DATABASE_PREFIX + Character.toUpperCase(database.charAt(0)) + database.substring(1);
    }

    /** The resources of the template by logical id. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) body.get("Resources");
    }

    // --- resources ----------------------------------------------------------------------------------

    private static Map<String, Object> bucket(StackSettings settings, TradingConfig config) {
        Map<String, Object> byDefault = new LinkedHashMap<>();
        Optional<String> kmsKey = S3Encryption.from(config).kmsKeyId();
        if (kmsKey.isPresent()) {
            byDefault.put("SSEAlgorithm", "aws:kms");
            byDefault.put("KMSMasterKeyID", kmsKey.get());
        } else {
            byDefault.put("SSEAlgorithm", "AES256");
        }
        Map<String, Object> encryptionRule = new LinkedHashMap<>();
        encryptionRule.put("ServerSideEncryptionByDefault", byDefault);
        encryptionRule.put("BucketKeyEnabled", kmsKey.isPresent());

        Map<String, Object> logsRule = new LinkedHashMap<>();
        logsRule.put("Id", "expire-job-run-logs");
        logsRule.put("Status", "Enabled");
        logsRule.put("Prefix", LOGS_PREFIX + "/");
        logsRule.put("ExpirationInDays", settings.logsExpireDays());
        logsRule.put("NoncurrentVersionExpiration", Map.of("NoncurrentDays", 1));
        Map<String, Object> versionsRule = new LinkedHashMap<>();
        versionsRule.put("Id", "expire-old-versions-and-unfinished-uploads");
        versionsRule.put("Status", "Enabled");
        versionsRule.put("NoncurrentVersionExpiration", Map.of("NoncurrentDays", NONCURRENT_VERSION_DAYS));
        versionsRule.put("AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", ABORT_UPLOADS_AFTER_DAYS));
        versionsRule.put("ExpiredObjectDeleteMarker", true);

        Map<String, Object> publicAccess = new LinkedHashMap<>();
        publicAccess.put("BlockPublicAcls", true);
        publicAccess.put("BlockPublicPolicy", true);
        publicAccess.put("IgnorePublicAcls", true);
        publicAccess.put("RestrictPublicBuckets", true);

        Map<String, Object> p = new LinkedHashMap<>();
        p.put("BucketName", nameValue(settings.bucketExpression()));
        p.put("VersioningConfiguration", Map.of("Status", "Enabled"));
        p.put("BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(encryptionRule)));
        p.put("PublicAccessBlockConfiguration", publicAccess);
        p.put("OwnershipControls", Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))));
        p.put("LifecycleConfiguration", Map.of("Rules", List.of(logsRule, versionsRule)));
        return resource("AWS::S3::Bucket", p);
    }

    /** Requests over plain HTTP are refused, whoever makes them. */
    private static Map<String, Object> bucketPolicy() {
        Map<String, Object> deny = new LinkedHashMap<>();
        deny.put("Sid", "DenyInsecureTransport");
        deny.put("Effect", "Deny");
        deny.put("Principal", "*");
        deny.put("Action", "s3:*");
        deny.put("Resource", List.of(getAtt(BUCKET, "Arn"), sub("${" + BUCKET + ".Arn}/*")));
        deny.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Bucket", ref(BUCKET));
        p.put("PolicyDocument", document(List.of(deny)));
        return resource("AWS::S3::BucketPolicy", p);
    }

    private static Map<String, Object> repository(StackSettings settings) {
        // EMR Serverless pulls the image as the service; only for this stack's application
        Map<String, Object> pull = new LinkedHashMap<>();
        pull.put("Sid", "EmrServerlessPull");
        pull.put("Effect", "Allow");
        pull.put("Principal", Map.of("Service", EMR_SERVERLESS_SERVICE));
        pull.put("Action", EMR_SERVERLESS_PULL);
        pull.put("Condition", Map.of("StringEquals", Map.of("aws:SourceArn", getAtt(APPLICATION, "Arn"))));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("RepositoryName", settings.repositoryName());
        p.put("ImageScanningConfiguration", Map.of("ScanOnPush", true));
        // build-image pushes a tag again when the base image moved on
        p.put("ImageTagMutability", "MUTABLE");
        p.put("EncryptionConfiguration", Map.of("EncryptionType", "AES256"));
        p.put("RepositoryPolicyText", document(List.of(pull)));
        return resource("AWS::ECR::Repository", p);
    }

    private static Map<String, Object> jobRole(StackSettings settings, TradingConfig config) {
        Map<String, Object> assume = new LinkedHashMap<>();
        assume.put("Effect", "Allow");
        assume.put("Principal", Map.of("Service", EMR_SERVERLESS_SERVICE));
        assume.put("Action", "sts:AssumeRole");
        assume.put("Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", sub("${AWS::AccountId}"))));

        Map<String, Object> policy = jobRolePolicy(settings, config);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Description", "Job execution role of the trading pipeline " + settings.stackName());
        p.put("AssumeRolePolicyDocument", document(List.of(assume)));
        Map<String, Object> inline = new LinkedHashMap<>();
        inline.put("PolicyName", "trading-job");
        inline.put("PolicyDocument", policy);
        p.put("Policies", List.of(inline));
        return resource("AWS::IAM::Role", p);
    }

    /**
     * The job role's policy of {@code trading:iam-policy} for this configuration on the emr target,
     * with the stack bucket where the artifacts and logs URIs are not set, and pull access to the
     * stack's repository when {@code image.repository} is not set.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> jobRolePolicy(StackSettings settings, TradingConfig config) {
        Map<String, String> values = new LinkedHashMap<>();
        config.explicitValues().forEach((k, v) -> {
            if (v != null) {
                values.put(k, v);
            }
        });
        values.put(ConfigKeys.TARGET, "emr");
        if (blank(config, ConfigKeys.EMR_ARTIFACTS_URI)) {
            values.put(ConfigKeys.EMR_ARTIFACTS_URI, "s3://" + BUCKET_TOKEN + "/" + ARTIFACTS_PREFIX);
        }
        if (blank(config, ConfigKeys.EMR_LOGS_URI)) {
            values.put(ConfigKeys.EMR_LOGS_URI, "s3://" + BUCKET_TOKEN + "/" + LOGS_PREFIX);
        }
        TradingConfig forPolicy = TradingConfig.parse("", config.source(), ".", values, "trading:setup ");
        IamPolicies.Policies policies;
        try {
            policies = IamPolicies.from(forPolicy);
        } catch (ConfigException e) {
            throw new ConfigException("trading:setup derives the job role's policy from the configuration. "
                    + e.getMessage(), e);
        }
        Map<String, Object> document = JSON.convertValue(policies.jobRole(), LinkedHashMap.class);
        if (blank(config, ConfigKeys.IMAGE_REPOSITORY)) {
            Map<String, Object> pull = new LinkedHashMap<>();
            pull.put("Sid", "StackImagePull");
            pull.put("Effect", "Allow");
            pull.put("Action", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                    "ecr:GetDownloadUrlForLayer"));
            pull.put("Resource", getAtt(REPOSITORY, "Arn"));
            ((List<Object>) document.get("Statement")).add(pull);
        }
        return (Map<String, Object>) substitute(document, settings.bucketExpression());
    }

    private static Map<String, Object> glueDatabase(String name) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("Name", name);
        input.put("Description", "Trading pipeline: the " + name + " tables (Iceberg)");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("CatalogId", ref("AWS::AccountId"));
        p.put("DatabaseInput", input);
        return resource("AWS::Glue::Database", p);
    }

    private static Map<String, Object> application(StackSettings settings, Optional<String> imageUri) {
        Map<String, Object> capacity = new LinkedHashMap<>();
        capacity.put("Cpu", settings.maxVcpu() + " vCPU");
        capacity.put("Memory", settings.maxMemoryGb() + " GB");
        Map<String, Object> autoStop = new LinkedHashMap<>();
        autoStop.put("Enabled", true);
        autoStop.put("IdleTimeoutMinutes", settings.idleTimeoutMinutes());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Name", settings.applicationName());
        p.put("ReleaseLabel", RELEASE_LABEL);
        p.put("Type", "Spark");
        p.put("Architecture", "ARM64");
        p.put("MaximumCapacity", capacity);
        p.put("AutoStartConfiguration", Map.of("Enabled", true));
        p.put("AutoStopConfiguration", autoStop);
        // the image build-image pointed the application at: an update of the stack keeps it
        imageUri.ifPresent(uri -> p.put("ImageConfiguration", Map.of("ImageUri", uri)));
        return resource("AWS::EMRServerless::Application", p);
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static boolean catalogIsGlue(TradingConfig config) {
        String configured = config.explicitValues().get(ConfigKeys.CATALOG_TYPE);
        // the stack is for the emr target, where the catalog is glue unless configured otherwise
        return configured == null || configured.isBlank() || configured.trim().toLowerCase(Locale.ROOT).equals("glue");
    }

    private static boolean blank(TradingConfig config, String key) {
        String v = config.get(key);
        return v == null || v.isBlank();
    }

    /**
     * The bucket token replaced by the bucket's name; strings with an account or region placeholder
     * become Fn::Sub, with every other <code>${</code> written <code>${!</code> (Fn::Sub's literal), so that
     * text of the configuration (IamPolicies writes its {@code $} as IAM's {@code ${$}}) is never
     * read as a template reference. Strings without a placeholder stay as they are.
     */
    private static Object substitute(Object node, String bucketExpression) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), substitute(v, bucketExpression)));
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(substitute(v, bucketExpression)));
            return out;
        }
        if (node instanceof String s) {
            String value = s.replace(BUCKET_TOKEN, bucketExpression);
            return value.contains(IamPolicies.ACCOUNT_PLACEHOLDER) || value.contains(IamPolicies.REGION_PLACEHOLDER)
                    ? sub(subLiterals(value)) : value;
        }
        return node;
    }

    /** <code>${</code> of anything but the account and region placeholders as Fn::Sub's literal <code>${!</code>. */
    static String subLiterals(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int at = text.indexOf("${"); at >= 0; at = text.indexOf("${", from)) {
            out.append(text, from, at);
            boolean placeholder = text.startsWith(IamPolicies.ACCOUNT_PLACEHOLDER, at)
                    || text.startsWith(IamPolicies.REGION_PLACEHOLDER, at);
            out.append(placeholder ? "${" : "${!");
            from = at + 2;
        }
        return out.append(text, from, text.length()).toString();
    }

    /** The bucket's name: a checked name, or the derived one with the account and region placeholders. */
    private static Object nameValue(String value) {
        return value.contains("${") ? sub(value) : value;
    }

    private static Map<String, Object> resource(String type, Map<String, Object> properties) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Type", type);
        r.put("Properties", properties);
        return r;
    }

    private static Map<String, Object> document(List<Map<String, Object>> statements) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Version", "2012-10-17");
        d.put("Statement", new ArrayList<>(statements));
        return d;
    }

    private static Map<String, Object> output(String description, Object value) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("Description", description);
        o.put("Value", value);
        return o;
    }

    static Map<String, Object> ref(String logicalId) {
        return Map.of("Ref", logicalId);
    }

    static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }

    static Map<String, Object> sub(String text) {
        return Map.of("Fn::Sub", text);
    }

    private static String toYaml(Map<String, Object> template) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(template);
    }
}
