package dev.tradingpipeline.maven.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.ConfigKeys;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.aws.EcrRepository;
import dev.tradingpipeline.maven.aws.S3Encryption;
import dev.tradingpipeline.maven.aws.S3Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Least-privilege IAM policy documents for the configured pipeline, derived from config.yaml
 * alone (no AWS call): one for the deployer (whoever runs the plugin: a person or CI) and one for
 * the job's execution role. Every statement names the configured bucket prefixes, repository,
 * application, role, key and Glue databases, except the few actions AWS only authorizes on
 * {@code "*"} ({@link #UNSCOPED_ACTIONS}).
 *
 * <p>Values the configuration does not give are left as CloudFormation {@code Fn::Sub}
 * placeholders, so the documents can go into a template as they are, or be filled in by hand:
 * {@value #ACCOUNT_PLACEHOLDER}, {@value #REGION_PLACEHOLDER}, {@value #JOB_ROLE_PLACEHOLDER}. Those are
 * the only {@code ${...}} the documents hold: configured text never becomes a variable or a
 * wildcard. In S3 prefixes, {@code $}, {@code *} and {@code ?} are written as IAM's literals
 * ({@link #iamText}); identifiers (region, role ARN, application id) holding one are refused.
 */
public final class IamPolicies {

    /**
     * The actions these policies grant on {@code "*"}: AWS defines no resource type for them, so a
     * statement naming a resource would never match (Service Authorization Reference). Nothing
     * else may be granted on {@code "*"}.
     */
    public static final Set<String> UNSCOPED_ACTIONS = Set.of(
            "ecr:GetAuthorizationToken",        // the registry login; the token opens what ecr:* on repositories allows
            "sts:GetCallerIdentity",            // "who am I" for the build log; needs no permission, listed for clarity
            "emr-serverless:ListApplications"); // finding the application by emr.application-name

    public static final String ACCOUNT_PLACEHOLDER = "${AWS::AccountId}";
    public static final String REGION_PLACEHOLDER = "${AWS::Region}";
    public static final String JOB_ROLE_PLACEHOLDER = "${JobRole.Arn}";

    public static final String DEPLOYER_FILE = "iam-policy-deployer.json";
    public static final String JOB_ROLE_FILE = "iam-policy-job-role.json";

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:(aws[a-zA-Z0-9-]*):iam::(\\d{12}):role/.+");
    private static final Pattern KMS_ARN = Pattern.compile(
            "arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\\d{12}):(key/.+|alias/.+)");

    /** A CloudWatch Logs group name: none of IAM's wildcards or variables can be in one. */
    private static final Pattern LOG_GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");

    /** Characters no region, role ARN or application id has, and that policies read as more than text. */
    private static final Pattern NOT_IN_IDENTIFIERS = Pattern.compile("[${}*?]");

    private static final List<String> ECR_PULL = List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer");
    private static final List<String> GLUE_READ = List.of("glue:GetDatabase", "glue:GetDatabases", "glue:GetTable",
            "glue:GetTables");
    private static final List<String> GLUE_WRITE = List.of("glue:CreateDatabase", "glue:CreateTable",
            "glue:UpdateTable", "glue:DeleteTable");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The two documents and what the reader should know about them (placeholders left in,
     * resources that could not be narrowed, parts of the pipeline with no statement).
     */
    public record Policies(ObjectNode deployer, ObjectNode jobRole, List<String> notes) {

        public String deployerJson() {
            return IamPolicies.toJson(deployer);
        }

        public String jobRoleJson() {
            return IamPolicies.toJson(jobRole);
        }
    }

    private final TradingConfig config;
    private final List<String> notes = new ArrayList<>();
    private String partition;
    private String region;
    private String account;

    private IamPolicies(TradingConfig config) {
        this.config = config;
    }

    /**
     * Both policies for a configuration.
     *
     * @throws ConfigException naming every key that is missing or unusable for a policy
     */
    public static Policies from(TradingConfig config) {
        return new IamPolicies(config).build();
    }

    static String toJson(ObjectNode document) {
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    private Policies build() {
        List<String> problems = new ArrayList<>();
        String source = config.source();
        S3Location artifacts = s3(ConfigKeys.EMR_ARTIFACTS_URI, config.get(ConfigKeys.EMR_ARTIFACTS_URI), true,
                problems);
        S3Location landing = s3(ConfigKeys.PATHS_LANDING, config.location(ConfigKeys.PATHS_LANDING), true, problems);
        S3Location warehouse = s3(ConfigKeys.PATHS_WAREHOUSE, config.location(ConfigKeys.PATHS_WAREHOUSE), true,
                problems);
        String reportsValue = config.location(ConfigKeys.PATHS_REPORTS);
        S3Location reports = reportsValue.startsWith("s3://")
                ? s3(ConfigKeys.PATHS_REPORTS, reportsValue, true, problems) : null;
        S3Location logs = s3(ConfigKeys.EMR_LOGS_URI, config.get(ConfigKeys.EMR_LOGS_URI), false, problems);

        for (String key : List.of(ConfigKeys.AWS_REGION, ConfigKeys.EMR_EXECUTION_ROLE_ARN,
                ConfigKeys.EMR_APPLICATION_ID)) {
            text(key).filter(v -> NOT_IN_IDENTIFIERS.matcher(v).find()).ifPresent(v -> problems.add(source + ": "
                    + key + " must be the value itself, got '" + v + "': a policy would read its $, {, *"
                    + " or ? as a variable (IAM, CloudFormation Fn::Sub) or a wildcard"));
        }
        Optional<String> roleArn = text(ConfigKeys.EMR_EXECUTION_ROLE_ARN);
        Matcher role = roleArn.map(ROLE_ARN::matcher).orElse(null);
        if (role != null && !role.matches()) {
            problems.add(source + ": " + ConfigKeys.EMR_EXECUTION_ROLE_ARN
                    + " must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got '" + roleArn.get() + "'");
            role = null;
        }
        Optional<String> accountKey = text(ConfigKeys.AWS_ACCOUNT_ID);
        if (accountKey.isPresent() && !ACCOUNT.matcher(accountKey.get()).matches()) {
            problems.add(source + ": " + ConfigKeys.AWS_ACCOUNT_ID + " must be a 12-digit AWS account id, got '"
                    + accountKey.get() + "'");
        }
        Optional<String> logGroup = text(ConfigKeys.EMR_CLOUDWATCH_LOG_GROUP);
        if (logGroup.isPresent() && !LOG_GROUP.matcher(logGroup.get()).matches()) {
            problems.add(source + ": " + ConfigKeys.EMR_CLOUDWATCH_LOG_GROUP + " must be a CloudWatch Logs group name"
                    + " (1-512 letters, digits and . - _ / #), got '" + logGroup.get() + "'");
        }
        Optional<EcrRepository> repository = ecr(ConfigKeys.IMAGE_REPOSITORY);
        text(ConfigKeys.IMAGE_REPOSITORY).filter(r -> !EcrRepository.isEcr(r)).ifPresent(r -> notes.add(
                ConfigKeys.IMAGE_REPOSITORY + " '" + r + "' is not an Amazon ECR repository: no statement for it"));
        Optional<EcrRepository> base = ecr(ConfigKeys.IMAGE_BASE);
        S3Encryption encryption;
        try {
            encryption = S3Encryption.from(config);
        } catch (ConfigException e) {
            problems.add(e.getMessage());
            encryption = S3Encryption.sseS3();
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("Cannot derive IAM policies:\n  - " + String.join("\n  - ", problems));
        }

        // where the ARNs point: configured values first, then what other ARNs say, then placeholders
        region = text(ConfigKeys.AWS_REGION).or(() -> repository.map(EcrRepository::region)).orElse(null);
        account = accountKey.orElse(null);
        if (account == null && role != null) {
            account = role.group(2);
        }
        partition = region != null ? partitionOf(region) : role != null ? role.group(1) : "aws";
        if (region == null) {
            notes.add("No " + ConfigKeys.AWS_REGION + ": ARNs hold " + REGION_PLACEHOLDER + "; set it, or substitute"
                    + " the region (CloudFormation Fn::Sub fills it in)");
            region = REGION_PLACEHOLDER;
        }
        if (account == null) {
            notes.add("No " + ConfigKeys.AWS_ACCOUNT_ID + " or " + ConfigKeys.EMR_EXECUTION_ROLE_ARN + ": ARNs hold "
                    + ACCOUNT_PLACEHOLDER + "; set " + ConfigKeys.AWS_ACCOUNT_ID + ", or substitute the account");
            account = ACCOUNT_PLACEHOLDER;
        }
        String jobRole = roleArn.orElse(null);
        if (jobRole == null) {
            notes.add("No " + ConfigKeys.EMR_EXECUTION_ROLE_ARN + ": iam:PassRole names " + JOB_ROLE_PLACEHOLDER
                    + "; substitute the job role's ARN once it exists");
            jobRole = JOB_ROLE_PLACEHOLDER;
        }
        Optional<Kms> kms = encryption.kmsKeyId().map(this::kms);

        ObjectNode deployer = deployer(artifacts, logs, logGroup, jobRole, repository, base, kms);
        ObjectNode jobRolePolicy = jobRole(artifacts, landing, warehouse, reports, logs, logGroup, repository, kms);
        if (reports == null) {
            notes.add(ConfigKeys.PATHS_REPORTS + " is not an s3:// location ('" + reportsValue
                    + "'): the job role gets no access for reports");
        }
        return new Policies(deployer, jobRolePolicy, List.copyOf(notes));
    }

    private ObjectNode deployer(S3Location artifacts, S3Location logs, Optional<String> logGroup, String jobRole,
            Optional<EcrRepository> repository, Optional<EcrRepository> base, Optional<Kms> kms) {
        List<ObjectNode> statements = new ArrayList<>();
        Map<String, List<S3Location>> listed = new LinkedHashMap<>();
        listed.computeIfAbsent(artifacts.bucket(), b -> new ArrayList<>()).add(artifacts);
        if (logs != null) {
            listed.computeIfAbsent(logs.bucket(), b -> new ArrayList<>()).add(logs);
        }
        // listing the prefixes lets HeadObject and GetObject of a missing key answer 404 rather than
        // 403 (deploy uploads on either; the driver-log tail says "not there yet" only on a 404)
        listBucket("DeployerList", listed, statements);
        // ListMultipartUploadParts and ListBucketMultipartUploads: a deploy resumes an upload that an
        // earlier one left unfinished (without them it uploads the whole file again)
        statements.add(statement("ArtifactsReadWrite",
                List.of("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"),
                List.of(objects(artifacts))));
        statements.add(statement("ArtifactsUnfinishedUploads", List.of("s3:ListBucketMultipartUploads"),
                List.of("arn:" + partition + ":s3:::" + artifacts.bucket())));
        if (logs != null) {
            statements.add(statement("DriverLogsRead", List.of("s3:GetObject"), List.of(objects(logs))));
        }
        // the driver's output while a run goes: GetLogEvents authorizes on the stream, FilterLogEvents on the group
        logGroup.ifPresent(g -> statements.add(statement("DriverLogsTail",
                List.of("logs:GetLogEvents", "logs:FilterLogEvents"),
                List.of(logGroupArn(g), logGroupArn(g) + ":log-stream:*"))));
        kms.ifPresent(k -> statements.add(k.statement("UploadEncryptionKey",
                List.of("kms:GenerateDataKey", "kms:Decrypt"))));

        Optional<String> appId = text(ConfigKeys.EMR_APPLICATION_ID);
        String application = arn("emr-serverless", "/applications/" + appId.orElse("*"));
        if (appId.isEmpty()) {
            notes.add("No " + ConfigKeys.EMR_APPLICATION_ID + ": EMR Serverless statements name every application"
                    + " of the account (/applications/*); set the id to narrow them to one");
        }
        // GetApplication: the state, the image and the maximum capacity (submit's capacity check)
        statements.add(statement("EmrServerlessApplication",
                List.of("emr-serverless:GetApplication", "emr-serverless:StartApplication",
                        "emr-serverless:StopApplication", "emr-serverless:UpdateApplication",
                        "emr-serverless:ListJobRuns", "emr-serverless:StartJobRun"),
                List.of(application)));
        // StartJobRun tags the run as it creates it
        statements.add(statement("EmrServerlessJobRuns",
                List.of("emr-serverless:StartJobRun", "emr-serverless:GetJobRun", "emr-serverless:CancelJobRun",
                        "emr-serverless:GetDashboardForJobRun", "emr-serverless:TagResource"),
                List.of(application + "/jobruns/*")));
        ObjectNode passRole = statement("PassJobRole", List.of("iam:PassRole"), List.of(jobRole));
        passRole.putObject("Condition").putObject("StringEquals")
                .put("iam:PassedToService", "emr-serverless.amazonaws.com");
        statements.add(passRole);

        repository.ifPresent(r -> {
            List<String> push = new ArrayList<>(List.of("ecr:DescribeRepositories"));
            push.addAll(ECR_PULL);
            push.addAll(List.of("ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
                    "ecr:PutImage"));
            statements.add(statement("ImagePush", push, List.of(repositoryArn(r))));
        });
        base.filter(b -> repository.map(r -> !repositoryArn(r).equals(repositoryArn(b))).orElse(true))
                .ifPresent(b -> {
                    List<String> pull = new ArrayList<>(List.of("ecr:DescribeRepositories"));
                    pull.addAll(ECR_PULL);
                    statements.add(statement("BaseImagePull", pull, List.of(repositoryArn(b))));
                });

        List<String> unscoped = new ArrayList<>(List.of("sts:GetCallerIdentity"));
        if (appId.isEmpty()) {
            unscoped.add("emr-serverless:ListApplications");
        }
        if (repository.isPresent() || base.isPresent()) {
            unscoped.add("ecr:GetAuthorizationToken");
        }
        statements.add(statement("OnlyOnAnyResource", unscoped, List.of("*")));
        return document(statements);
    }

    private ObjectNode jobRole(S3Location artifacts, S3Location landing, S3Location warehouse, S3Location reports,
            S3Location logs, Optional<String> logGroup, Optional<EcrRepository> repository, Optional<Kms> kms) {
        List<ObjectNode> statements = new ArrayList<>();
        Map<String, List<S3Location>> listed = new LinkedHashMap<>();
        for (S3Location l : new S3Location[] {landing, artifacts, warehouse, reports}) {
            if (l != null) {
                listed.computeIfAbsent(l.bucket(), b -> new ArrayList<>()).add(l);
            }
        }
        listBucket("JobList", listed, statements);
        statements.add(statement("LandingAndArtifactsRead", List.of("s3:GetObject"),
                List.of(objects(landing), objects(artifacts))));
        List<String> written = new ArrayList<>(List.of(objects(warehouse)));
        if (reports != null) {
            written.add(objects(reports));
        }
        // Iceberg deletes what snapshot expiry and orphan removal find; S3FileIO uploads large files in parts
        statements.add(statement("WarehouseAndReportsReadWrite",
                List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"), written));
        if (logs != null) {
            // EMR Serverless writes the run's logs to the monitoring logUri as the job role
            statements.add(statement("RunLogsWrite", List.of("s3:PutObject"), List.of(objects(logs))));
        }
        logGroup.ifPresent(g -> {
            // EMR Serverless writes the driver's stdout and stderr to the group as the job role (its
            // logging guide's permissions); DescribeLogGroups has no narrower resource than the groups
            statements.add(statement("RunLogsToCloudWatch",
                    List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
                    List.of(logGroupArn(g), logGroupArn(g) + ":log-stream:*")));
            statements.add(statement("RunLogGroups", List.of("logs:DescribeLogGroups"),
                    List.of(arn("logs", "log-group:*"))));
        });
        kms.ifPresent(k -> statements.add(k.statement("ArtifactsDecrypt", List.of("kms:Decrypt"))));

        String catalog = config.catalogType();
        if (catalog.equals("glue")) {
            Set<String> databases = new LinkedHashSet<>();
            for (String table : ConfigKeys.MAINTAINED_TABLES) {
                databases.add(table.substring(0, table.indexOf('.')));
            }
            List<String> resources = new ArrayList<>(List.of(arn("glue", "catalog")));
            databases.forEach(d -> resources.add(arn("glue", "database/" + d)));
            databases.forEach(d -> resources.add(arn("glue", "table/" + d + "/*")));
            List<String> actions = new ArrayList<>(GLUE_READ);
            actions.addAll(GLUE_WRITE);
            statements.add(statement("GlueCatalog", actions, resources));
        } else if (!catalog.equals("hadoop")) {
            notes.add("catalog.type " + catalog + ": the job role gets no catalog statement; grant access to "
                    + config.get(ConfigKeys.CATALOG_URI) + " as that catalog requires");
        }
        repository.ifPresent(r -> statements.add(statement("ImagePull", ECR_PULL, List.of(repositoryArn(r)))));
        return document(statements);
    }

    /** s3:ListBucket per bucket, narrowed to the prefixes by the s3:prefix condition. */
    private void listBucket(String sid, Map<String, List<S3Location>> byBucket, List<ObjectNode> statements) {
        int n = 0;
        for (Map.Entry<String, List<S3Location>> e : byBucket.entrySet()) {
            ObjectNode s = statement(sid + (byBucket.size() > 1 ? String.valueOf(++n) : ""), List.of("s3:ListBucket"),
                    List.of("arn:" + partition + ":s3:::" + e.getKey()));
            Set<String> prefixes = new LinkedHashSet<>();
            boolean wholeBucket = false;
            for (S3Location l : e.getValue()) {
                if (l.key().isEmpty()) {
                    wholeBucket = true;
                } else {
                    prefixes.add(iamText(l.key()));
                    prefixes.add(iamText(l.key()) + "/*");
                }
            }
            if (!wholeBucket) {
                ArrayNode values = s.putObject("Condition").putObject("StringLike").putArray("s3:prefix");
                prefixes.forEach(values::add);
            }
            statements.add(s);
        }
    }

    private String objects(S3Location l) {
        return "arn:" + partition + ":s3:::" + l.bucket()
                + (l.key().isEmpty() ? "/*" : "/" + iamText(l.key()) + "/*");
    }

    /**
     * A configured S3 key as IAM reads it literally in a Resource or a StringLike value: its
     * {@code $} (which with a brace starts a policy variable), {@code *} and {@code ?} (wildcards)
     * as IAM's {@code ${$}}, {@code ${*}}, {@code ${?}}; so {@code landing/${AWS::StackName}} is
     * granted as that text, and not as whatever a variable or a template makes of it.
     */
    static String iamText(String configured) {
        StringBuilder out = new StringBuilder(configured.length());
        for (char c : configured.toCharArray()) {
            if (c == '$' || c == '*' || c == '?') {
                out.append("${").append(c).append('}');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private String arn(String service, String resource) {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }

    private String logGroupArn(String group) {
        return arn("logs", "log-group:" + group);
    }

    private String repositoryArn(EcrRepository r) {
        return "arn:" + partitionOf(r.region()) + ":ecr:" + r.region() + ":" + r.accountId() + ":repository/"
                + r.name();
    }

    /** The KMS key as a policy resource: its key ARN, or any key of the account that carries the alias. */
    private record Kms(String resource, Optional<String> alias, String viaService) {

        ObjectNode statement(String sid, List<String> actions) {
            ObjectNode s = IamPolicies.statement(sid, actions, List.of(resource));
            ObjectNode condition = s.putObject("Condition");
            // only through S3: the key cannot be used directly with these grants
            condition.putObject("StringEquals").put("kms:ViaService", viaService);
            alias.ifPresent(a -> condition.putObject("ForAnyValue:StringEquals").put("kms:ResourceAliases", a));
            return s;
        }
    }

    private Kms kms(String key) {
        String via = "s3." + region + ".amazonaws.com";
        Matcher m = KMS_ARN.matcher(key);
        if (m.matches()) {
            String keyRegion = m.group(2);
            String resource = m.group(4);
            String keysOfAccount = "arn:" + m.group(1) + ":kms:" + keyRegion + ":" + m.group(3) + ":key/";
            return resource.startsWith("key/") ? new Kms(key, Optional.empty(), "s3." + keyRegion + ".amazonaws.com")
                    : new Kms(keysOfAccount + "*", Optional.of(resource), "s3." + keyRegion + ".amazonaws.com");
        }
        String keysOfAccount = "arn:" + partition + ":kms:" + region + ":" + account + ":key/";
        if (key.startsWith("alias/")) {
            notes.add(ConfigKeys.AWS_S3_KMS_KEY_ID + " is an alias: KMS statements name the keys of the account"
                    + " that carry it (kms:ResourceAliases); a key ARN narrows them to one key");
            return new Kms(keysOfAccount + "*", Optional.of(key), via);
        }
        return new Kms(keysOfAccount + key, Optional.empty(), via);
    }

    private static ObjectNode statement(String sid, List<String> actions, List<String> resources) {
        ObjectNode s = JSON.createObjectNode();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        ArrayNode a = s.putArray("Action");
        actions.forEach(a::add);
        if (resources.size() == 1) {
            s.put("Resource", resources.get(0));
        } else {
            ArrayNode r = s.putArray("Resource");
            resources.forEach(r::add);
        }
        return s;
    }

    private static ObjectNode document(List<ObjectNode> statements) {
        ObjectNode d = JSON.createObjectNode();
        d.put("Version", "2012-10-17");
        ArrayNode s = d.putArray("Statement");
        statements.forEach(s::add);
        return d;
    }

    private static String partitionOf(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    private Optional<String> text(String key) {
        String v = config.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private Optional<EcrRepository> ecr(String key) {
        return text(key).filter(EcrRepository::isEcr).map(EcrRepository::parse);
    }

    private S3Location s3(String key, String value, boolean required, List<String> problems) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(config.source() + ": " + key + " is required to derive the policies (an s3:// URI)");
            }
            return null;
        }
        try {
            return S3Location.parse(value.trim());
        } catch (IllegalArgumentException e) {
            problems.add(config.source() + ": " + key + " must be an s3:// URI for the policies, got '" + value
                    + "'");
            return null;
        }
    }
}
