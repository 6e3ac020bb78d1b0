package dev.tradingpipeline.maven.stack;

import static dev.tradingpipeline.maven.stack.StackSettingsTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.TradingConfig;
import dev.tradingpipeline.maven.iam.IamPolicies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The template as CloudFormation reads it: the YAML parsed back, checked resource by resource. */
class StackTemplateTest {

    static final String PIPELINE = """
            target: emr
            paths:
              landing: s3://quant-landing/cboe
              warehouse: s3://quant-lake/warehouse
              reports: s3://quant-lake/reports
            """;

    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/quant@sha256:" + "ab".repeat(32);

    static Map<String, Object> parse(StackTemplate template) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(template.yaml());
    }

    static StackTemplate template(String yaml, Map<String, String> overrides, Optional<String> image) {
        TradingConfig config = config(yaml, overrides);
        return StackTemplate.build(StackSettings.from(config, "quant"), config, image);
    }

    static Map<String, Object> parsed(String yaml, Map<String, String> overrides) {
        return parse(template(yaml, overrides, Optional.empty()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String... path) {
        Object node = o;
        for (String p : path) {
            node = ((Map<String, Object>) node).get(p);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    static Map<String, Object> properties(Map<String, Object> template, String logicalId) {
        return map(template, "Resources", logicalId, "Properties");
    }

    @Test
    void theStackHoldsTheResourcesOfThePipeline() {
        Map<String, Object> t = parsed(PIPELINE, Map.of());

        assertThat(t.get("AWSTemplateFormatVersion")).isEqualTo("2010-09-09");
        Map<String, String> types = new LinkedHashMap<>();
        map(t, "Resources").forEach((id, r) -> types.put(id, (String) map(r).get("Type")));
        assertThat(types).containsExactly(
                Map.entry("Bucket", "AWS::S3::Bucket"),
                Map.entry("BucketPolicy", "AWS::S3::BucketPolicy"),
                Map.entry("Repository", "AWS::ECR::Repository"),
                Map.entry("JobRole", "AWS::IAM::Role"),
                Map.entry("GlueDatabaseBronze", "AWS::Glue::Database"),
                Map.entry("GlueDatabaseSilver", "AWS::Glue::Database"),
                Map.entry("GlueDatabaseOps", "AWS::Glue::Database"),
                Map.entry("GlueDatabaseGold", "AWS::Glue::Database"),
                Map.entry("Application", "AWS::EMRServerless::Application"));
        List<Object> names = new ArrayList<>();
        for (String db : List.of("Bronze", "Silver", "Ops", "Gold")) {
            Map<String, Object> p = properties(t, "GlueDatabase" + db);
            assertThat(p.get("CatalogId")).isEqualTo(Map.of("Ref", "AWS::AccountId"));
            names.add(map(p, "DatabaseInput").get("Name"));
        }
        assertThat(names).containsExactly("bronze", "silver", "ops", "gold");
    }

    @Test
    void theBucketIsVersionedEncryptedPrivateAndItsLogsExpire() {
        Map<String, Object> p = properties(parsed(PIPELINE, Map.of("setup.logs-expire-after", "14d")), "Bucket");

        assertThat(p.get("BucketName")).isEqualTo(Map.of("Fn::Sub", "quant-${AWS::AccountId}-${AWS::Region}"));
        assertThat(p.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
        Map<String, Object> sse = map(list(map(p, "BucketEncryption").get("ServerSideEncryptionConfiguration")).get(0));
        assertThat(sse.get("ServerSideEncryptionByDefault")).isEqualTo(Map.of("SSEAlgorithm", "AES256"));
        assertThat(p.get("PublicAccessBlockConfiguration")).isEqualTo(Map.of("BlockPublicAcls", true,
                "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
        List<Object> rules = list(map(p, "LifecycleConfiguration").get("Rules"));
        Map<String, Object> logs = map(rules.get(0));
        assertThat(logs).containsEntry("Status", "Enabled").containsEntry("Prefix", "logs/")
                .containsEntry("ExpirationInDays", 14);
        Map<String, Object> versions = map(rules.get(1));
        assertThat(versions.get("NoncurrentVersionExpiration")).isEqualTo(Map.of("NoncurrentDays", 30));
        assertThat(versions.get("AbortIncompleteMultipartUpload")).isEqualTo(Map.of("DaysAfterInitiation", 7));
    }

    @Test
    void aConfiguredKmsKeyEncryptsTheBucketAndANamedBucketIsNamed() {
        String key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        Map<String, Object> p = properties(parsed(PIPELINE, Map.of("aws.s3.kms-key-id", key,
                "setup.bucket", "quant-artifacts")), "Bucket");

        assertThat(p.get("BucketName")).isEqualTo("quant-artifacts");
        Map<String, Object> sse = map(list(map(p, "BucketEncryption").get("ServerSideEncryptionConfiguration")).get(0));
        assertThat(sse.get("ServerSideEncryptionByDefault")).isEqualTo(Map.of("SSEAlgorithm", "aws:kms",
                "KMSMasterKeyID", key));
        assertThat(sse.get("BucketKeyEnabled")).isEqualTo(true);
    }

    @Test
    void theBucketPolicyRefusesPlainHttp() {
        Map<String, Object> p = properties(parsed(PIPELINE, Map.of()), "BucketPolicy");

        assertThat(p.get("Bucket")).isEqualTo(Map.of("Ref", "Bucket"));
        Map<String, Object> deny = map(list(map(p, "PolicyDocument").get("Statement")).get(0));
        assertThat(deny).containsEntry("Effect", "Deny").containsEntry("Principal", "*");
        assertThat(deny.get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        assertThat(list(deny.get("Resource"))).containsExactly(Map.of("Fn::GetAtt", List.of("Bucket", "Arn")),
                Map.of("Fn::Sub", "${Bucket.Arn}/*"));
    }

    @Test
    void theRepositoryScansOnPushAndLetsOnlyTheStacksApplicationPull() {
        Map<String, Object> p = properties(parsed(PIPELINE, Map.of()), "Repository");

        assertThat(p.get("RepositoryName")).isEqualTo("quant");
        assertThat(p.get("ImageScanningConfiguration")).isEqualTo(Map.of("ScanOnPush", true));
        Map<String, Object> pull = map(list(map(p, "RepositoryPolicyText").get("Statement")).get(0));
        assertThat(pull).containsEntry("Effect", "Allow")
                .containsEntry("Principal", Map.of("Service", "emr-serverless.amazonaws.com"));
        assertThat(list(pull.get("Action"))).containsExactlyInAnyOrder("ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages");
        assertThat(pull.get("Condition")).isEqualTo(Map.of("StringEquals",
                Map.of("aws:SourceArn", Map.of("Fn::GetAtt", List.of("Application", "Arn")))));
    }

    @Test
    void theJobRoleIsAssumedByEmrServerlessWithThePolicyOfIamPolicy() throws Exception {
        String yaml = PIPELINE + """
                aws:
                  region: us-east-1
                  account-id: "123456789012"
                emr:
                  artifacts-uri: s3://quant-lake/artifacts
                  logs-uri: s3://quant-lake/logs
                image:
                  repository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/quant
                """;
        Map<String, Object> p = properties(parsed(yaml, Map.of()), "JobRole");

        Map<String, Object> trust = map(list(map(p, "AssumeRolePolicyDocument").get("Statement")).get(0));
        assertThat(trust).containsEntry("Effect", "Allow").containsEntry("Action", "sts:AssumeRole")
                .containsEntry("Principal", Map.of("Service", "emr-serverless.amazonaws.com"));
        assertThat(trust.get("Condition")).isEqualTo(Map.of("StringEquals",
                Map.of("aws:SourceAccount", Map.of("Fn::Sub", "${AWS::AccountId}"))));
        Map<String, Object> policy = map(list(p.get("Policies")).get(0));
        // everything is configured: the very document trading:iam-policy prints
        Object expected = new ObjectMapper().convertValue(IamPolicies.from(config(yaml, Map.of())).jobRole(),
                Map.class);
        assertThat(policy.get("PolicyDocument")).isEqualTo(expected);
    }

    @Test
    void withoutArtifactsAndLogsUrisTheRoleWorksOnTheStackBucket() {
        Map<String, Object> p = properties(parsed(PIPELINE, Map.of()), "JobRole");
        Map<String, Map<String, Object>> bySid = new LinkedHashMap<>();
        for (Object s : list(map(map(list(p.get("Policies")).get(0)), "PolicyDocument").get("Statement"))) {
            bySid.put((String) map(s).get("Sid"), map(s));
        }

        assertThat(list(bySid.get("LandingAndArtifactsRead").get("Resource"))).containsExactly(
                "arn:aws:s3:::quant-landing/cboe/*",
                Map.of("Fn::Sub", "arn:aws:s3:::quant-${AWS::AccountId}-${AWS::Region}/artifacts/*"));
        assertThat(bySid.get("RunLogsWrite").get("Resource")).isEqualTo(
                Map.of("Fn::Sub", "arn:aws:s3:::quant-${AWS::AccountId}-${AWS::Region}/logs/*"));
        assertThat(list(bySid.get("GlueCatalog").get("Resource"))).contains(
                Map.of("Fn::Sub", "arn:aws:glue:${AWS::Region}:${AWS::AccountId}:database/silver"));
        assertThat(bySid.get("StackImagePull").get("Resource")).isEqualTo(
                Map.of("Fn::GetAtt", List.of("Repository", "Arn")));
        assertThat(bySid.keySet()).doesNotContain("ImagePull");
    }

    @Test
    void aConfiguredDollarBraceIsTextInTheTemplateAndTheRoleGetsExactlyTheConfiguredPrefix() {
        String landing = "s3://quant-landing/landing/${AWS::StackName}/x";
        Map<String, Map<String, Object>> bySid = jobRoleStatements(parsed(PIPELINE, Map.of("paths.landing", landing)));

        // the other resource of the statement is the stack bucket's, which CloudFormation names
        List<String> read = new ArrayList<>();
        for (Object r : list(bySid.get("LandingAndArtifactsRead").get("Resource"))) {
            read.add(deployed(r));
        }
        String literal = "landing/${AWS::StackName}/x/2024/UnderlyingOptionsEODCalcs_2024-01-02.csv";
        String stackNamed = "landing/quant/x/2024/UnderlyingOptionsEODCalcs_2024-01-02.csv";
        assertThat(grants(read, "arn:aws:s3:::quant-landing/" + literal)).isTrue();
        assertThat(grants(read, "arn:aws:s3:::quant-landing/" + stackNamed)).isFalse();

        Map<String, Object> list = bySid.values().stream()
                .filter(s -> "arn:aws:s3:::quant-landing".equals(deployed(s.get("Resource"))))
                .findFirst().orElseThrow();
        List<String> prefixes = new ArrayList<>();
        for (Object v : list(map(list, "Condition", "StringLike").get("s3:prefix"))) {
            prefixes.add(deployed(v));
        }
        assertThat(grants(prefixes, literal)).isTrue();
        assertThat(grants(prefixes, stackNamed)).isFalse();
    }

    @Test
    void aConfiguredDollarBraceOutsideFnSubStaysAsIamReadsIt() {
        String yaml = PIPELINE + """
                aws:
                  region: us-east-1
                  account-id: "123456789012"
                emr:
                  artifacts-uri: s3://quant-lake/artifacts
                  logs-uri: s3://quant-lake/logs
                image:
                  repository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/quant
                """;
        Map<String, Map<String, Object>> bySid = jobRoleStatements(parsed(yaml,
                Map.of("paths.landing", "s3://quant-landing/landing/${AWS::Region}/x")));

        // nothing to fill in: no Fn::Sub, and the text is IAM's literal of the configured prefix
        Object landing = list(bySid.get("LandingAndArtifactsRead").get("Resource")).get(0);
        assertThat(landing).isEqualTo("arn:aws:s3:::quant-landing/landing/${$}{AWS::Region}/x/*");
        assertThat(grants(List.of((String) landing), "arn:aws:s3:::quant-landing/landing/${AWS::Region}/x/a.csv"))
                .isTrue();
        assertThat(grants(List.of((String) landing), "arn:aws:s3:::quant-landing/landing/us-east-1/x/a.csv"))
                .isFalse();
    }

    @Test
    void inAnFnSubOnlyTheAccountAndRegionAreReferences() {
        String text = "arn:aws:s3:::quant-${AWS::AccountId}-${AWS::Region}/in/${$}{AWS::StackName}/${Bucket}";
        String escaped = StackTemplate.subLiterals(text);

        assertThat(escaped).isEqualTo(
                "arn:aws:s3:::quant-${AWS::AccountId}-${AWS::Region}/in/${!$}{AWS::StackName}/${!Bucket}");
        assertThat(deployed(Map.of("Fn::Sub", escaped)))
                .isEqualTo("arn:aws:s3:::quant-123456789012-us-east-1/in/${$}{AWS::StackName}/${Bucket}");
    }

    private static Map<String, Map<String, Object>> jobRoleStatements(Map<String, Object> template) {
        Map<String, Map<String, Object>> bySid = new LinkedHashMap<>();
        Map<String, Object> role = properties(template, "JobRole");
        for (Object s : list(map(map(list(role.get("Policies")).get(0)), "PolicyDocument").get("Statement"))) {
            bySid.put((String) map(s).get("Sid"), map(s));
        }
        return bySid;
    }

    /** A value as CloudFormation hands it to IAM: Fn::Sub resolved for a stack quant in us-east-1. */
    private static String deployed(Object value) {
        if (value instanceof String s) {
            return s;
        }
        String text = (String) map(value).get("Fn::Sub");
        assertThat(text).as("a plain string or an Fn::Sub: %s", value).isNotNull();
        Map<String, String> pseudo = Map.of("AWS::AccountId", "123456789012", "AWS::Region", "us-east-1",
                "AWS::StackName", "quant", "AWS::Partition", "aws");
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int at = text.indexOf("${"); at >= 0; at = text.indexOf("${", from)) {
            out.append(text, from, at);
            if (text.startsWith("${!", at)) {
                out.append("${");
                from = at + 3;
            } else {
                int end = text.indexOf('}', at);
                String name = text.substring(at + 2, end);
                assertThat(pseudo).as("Fn::Sub of %s", text).containsKey(name);
                out.append(pseudo.get(name));
                from = end + 1;
            }
        }
        return out.append(text.substring(from)).toString();
    }

    /** Whether IAM matches the name against one of the patterns: * and ? wildcards, ${*} ${?} ${$} literals. */
    private static boolean grants(List<String> patterns, String name) {
        for (String pattern : patterns) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '$' && pattern.startsWith("${", i)) {
                    int end = pattern.indexOf('}', i);
                    String variable = pattern.substring(i + 2, end);
                    // any other variable is one of the request's (aws:username...), never the configured text
                    assertThat(variable).as("policy variable in %s", pattern).isIn("$", "*", "?");
                    regex.append(Pattern.quote(variable));
                    i = end;
                } else if (c == '*') {
                    regex.append(".*");
                } else if (c == '?') {
                    regex.append('.');
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            if (name.matches(regex.toString())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void noStatementAllowsAnyResource() {
        Map<String, Object> t = parsed(PIPELINE, Map.of());
        List<Map<String, Object>> statements = new ArrayList<>();
        collectStatements(t, statements);

        // the bucket policy, the repository policy, the trust policy and the job role's policy
        assertThat(statements).hasSizeGreaterThan(8);
        for (Map<String, Object> s : statements) {
            Object resource = s.get("Resource");
            List<Object> resources = resource instanceof List<?> l ? new ArrayList<>(l)
                    : resource == null ? List.of() : List.of(resource);
            assertThat(resources).as("statement %s", s.get("Sid")).doesNotContain("*");
            for (Object r : resources) {
                if (r instanceof String arn) {
                    assertThat(arn).as("statement %s", s.get("Sid")).doesNotEndWith(":*").isNotEqualTo("arn:aws:s3:::*");
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void collectStatements(Object node, List<Map<String, Object>> out) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("Statement") instanceof List<?> l) {
                l.forEach(s -> out.add((Map<String, Object>) s));
            }
            m.values().forEach(v -> collectStatements(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectStatements(v, out));
        }
    }

    @Test
    void theApplicationsVcpuIsTheAccountsQuotaByDefault() {
        // setup.max-vcpu auto: emr.max-vcpu, the limit every run's capacity check counts against too
        assertThat(properties(parsed(PIPELINE, Map.of()), "Application"))
                .containsEntry("MaximumCapacity", Map.of("Cpu", "16 vCPU", "Memory", "128 GB"));
        assertThat(properties(parsed(PIPELINE, Map.of("emr.max-vcpu", "48")), "Application"))
                .containsEntry("MaximumCapacity", Map.of("Cpu", "48 vCPU", "Memory", "128 GB"));
    }

    @Test
    void theApplicationIsArmOnTheReleaseWithCapacityFromConfig() {
        Map<String, Object> p = properties(parsed(PIPELINE, Map.of("setup.max-vcpu", "16", "setup.max-memory", "64g",
                "setup.idle-timeout", "30m")), "Application");

        assertThat(p).containsEntry("Name", "quant").containsEntry("ReleaseLabel", "emr-7.11.0")
                .containsEntry("Type", "Spark").containsEntry("Architecture", "ARM64")
                .containsEntry("MaximumCapacity", Map.of("Cpu", "16 vCPU", "Memory", "64 GB"))
                .containsEntry("AutoStartConfiguration", Map.of("Enabled", true))
                .containsEntry("AutoStopConfiguration", Map.of("Enabled", true, "IdleTimeoutMinutes", 30))
                .doesNotContainKey("ImageConfiguration");
    }

    @Test
    void aBuiltImageIsKeptOnTheApplication() {
        Map<String, Object> p = properties(parse(template(PIPELINE, Map.of(), Optional.of(IMAGE))), "Application");

        assertThat(p.get("ImageConfiguration")).isEqualTo(Map.of("ImageUri", IMAGE));
    }

    @Test
    void glueDatabasesAreLeftOutWhenTheyExistOrTheCatalogIsNotGlue() {
        assertThat(map(parsed(PIPELINE, Map.of("setup.glue-databases", "false")), "Resources"))
                .doesNotContainKeys("GlueDatabaseBronze", "GlueDatabaseGold");
        Map<String, Object> hive = parsed(PIPELINE, Map.of("catalog.type", "hive"));
        assertThat(map(hive, "Resources")).doesNotContainKey("GlueDatabaseSilver");
    }

    @Test
    void theOutputsAreWhatTheOtherGoalsNeed() {
        Map<String, Object> outputs = map(parsed(PIPELINE, Map.of()), "Outputs");

        Map<String, Object> values = new LinkedHashMap<>();
        outputs.forEach((k, v) -> values.put(k, map(v).get("Value")));
        assertThat(values).containsExactly(
                Map.entry("ApplicationId", Map.of("Fn::GetAtt", List.of("Application", "ApplicationId"))),
                Map.entry("JobRoleArn", Map.of("Fn::GetAtt", List.of("JobRole", "Arn"))),
                Map.entry("BucketName", Map.of("Ref", "Bucket")),
                Map.entry("ArtifactsUri", Map.of("Fn::Sub", "s3://${Bucket}/artifacts")),
                Map.entry("LogsUri", Map.of("Fn::Sub", "s3://${Bucket}/logs")),
                Map.entry("RepositoryUri", Map.of("Fn::GetAtt", List.of("Repository", "RepositoryUri"))));
    }

    @Test
    void everyReferenceNamesAResourceOfTheTemplateOrAPseudoParameter() {
        Map<String, Object> t = parsed(PIPELINE, Map.of());
        Set<String> referenced = new TreeSet<>();
        collectReferences(t, referenced);

        Set<String> known = new TreeSet<>(map(t, "Resources").keySet());
        known.addAll(List.of("AWS::AccountId", "AWS::Region", "AWS::Partition"));
        assertThat(referenced).contains("Bucket", "Repository", "JobRole", "Application", "AWS::AccountId");
        assertThat(known).containsAll(referenced);
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}.!]+)(?:\\.[^}]+)?}");

    private static void collectReferences(Object node, Set<String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("Ref".equals(k)) {
                    out.add((String) v);
                } else if ("Fn::GetAtt".equals(k)) {
                    out.add((String) ((List<?>) v).get(0));
                } else if ("Fn::Sub".equals(k)) {
                    Matcher matcher = SUB_VARIABLE.matcher((String) v);
                    while (matcher.find()) {
                        out.add(matcher.group(1));
                    }
                } else {
                    collectReferences(v, out);
                }
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectReferences(v, out));
        }
    }

    @Test
    void theSameConfigurationGivesTheSameTemplate() {
        assertThat(template(PIPELINE, Map.of(), Optional.empty()).yaml())
                .isEqualTo(template(PIPELINE, Map.of(), Optional.empty()).yaml());
    }

    @Test
    void aConfigurationWithoutS3PathsCannotGiveTheRolesPolicy() {
        assertThatThrownBy(() -> template("target: emr\n", Map.of(), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("trading:setup derives the job role's policy")
                .hasMessageContaining("paths.landing")
                .hasMessageContaining("paths.warehouse");
    }
}
