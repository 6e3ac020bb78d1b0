package dev.tradingpipeline.maven.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tradingpipeline.core.config.ConfigException;
import dev.tradingpipeline.core.config.TradingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The policies are read back as JSON, as IAM would read them: every statement is checked for
 * what it grants and on what.
 */
class IamPoliciesTest {

    private static final String FULL = """
            target: emr
            paths:
              landing: s3://vendor-drop/cboe/eod
              warehouse: s3://quant-lake/warehouse
              reports: s3://quant-lake/reports
            aws:
              region: eu-west-1
              s3:
                kms-key-id: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
            emr:
              application-id: 00fabc123def
              execution-role-arn: arn:aws:iam::111122223333:role/trading-job
              artifacts-uri: s3://quant-lake/artifacts/trading
              logs-uri: s3://quant-logs/emr
            image:
              repository: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/trading/jobs
            """;

    private static final String APP = "arn:aws:emr-serverless:eu-west-1:111122223333:/applications/00fabc123def";
    private static final String ROLE = "arn:aws:iam::111122223333:role/trading-job";
    private static final String REPO = "arn:aws:ecr:eu-west-1:111122223333:repository/trading/jobs";
    private static final String KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One statement as IAM sees it. */
    private record Statement(String sid, String effect, List<String> actions, List<String> resources,
            JsonNode condition) {
    }

    @Test
    void onlyTheActionsAwsAuthorizesOnNoResourceAreGrantedOnStar() throws Exception {
        IamPolicies.Policies p = IamPolicies.from(config(FULL));
        List<Statement> all = new ArrayList<>(statements(p.deployerJson()));
        all.addAll(statements(p.jobRoleJson()));
        Set<String> grantedOnStar = new TreeSet<>();
        for (Statement s : all) {
            assertThat(s.effect()).isEqualTo("Allow");
            assertThat(s.actions()).as(s.sid()).isNotEmpty().allMatch(a -> !a.contains("*"), "no wildcard action");
            if (s.resources().contains("*")) {
                assertThat(s.resources()).as(s.sid()).containsExactly("*");
                assertThat(IamPolicies.UNSCOPED_ACTIONS).as(s.sid()).containsAll(s.actions());
                grantedOnStar.addAll(s.actions());
            } else {
                assertThat(s.actions()).as(s.sid()).noneMatch(IamPolicies.UNSCOPED_ACTIONS::contains);
            }
        }
        // found by name, the application needs ListApplications; here the id is configured
        assertThat(grantedOnStar).containsExactly("ecr:GetAuthorizationToken", "sts:GetCallerIdentity");
    }

    @Test
    void theDeployerIsScopedToTheArtifactsLogsApplicationRoleRepositoryAndKey() throws Exception {
        IamPolicies.Policies p = IamPolicies.from(config(FULL));
        Map<String, Statement> d = bySid(statements(p.deployerJson()));

        Statement list1 = d.get("DeployerList1");
        assertThat(list1.actions()).containsExactly("s3:ListBucket");
        assertThat(list1.resources()).containsExactly("arn:aws:s3:::quant-lake");
        assertThat(strings(list1.condition().path("StringLike").path("s3:prefix")))
                .containsExactly("artifacts/trading", "artifacts/trading/*");
        assertThat(d.get("DeployerList2").resources()).containsExactly("arn:aws:s3:::quant-logs");
        assertThat(strings(d.get("DeployerList2").condition().path("StringLike").path("s3:prefix")))
                .containsExactly("emr", "emr/*");
        assertThat(d.get("ArtifactsReadWrite").actions()).containsExactly("s3:GetObject", "s3:PutObject",
                "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts");
        assertThat(d.get("ArtifactsUnfinishedUploads").actions()).containsExactly("s3:ListBucketMultipartUploads");
        assertThat(d.get("ArtifactsUnfinishedUploads").resources()).containsExactly("arn:aws:s3:::quant-lake");
        assertThat(d.get("ArtifactsReadWrite").resources()).containsExactly("arn:aws:s3:::quant-lake/artifacts/trading/*");
        assertThat(d.get("DriverLogsRead").actions()).containsExactly("s3:GetObject");
        assertThat(d.get("DriverLogsRead").resources()).containsExactly("arn:aws:s3:::quant-logs/emr/*");

        assertThat(d.get("EmrServerlessApplication").resources()).containsExactly(APP);
        assertThat(d.get("EmrServerlessApplication").actions()).contains("emr-serverless:StartJobRun",
                "emr-serverless:GetApplication", "emr-serverless:UpdateApplication");
        assertThat(d.get("EmrServerlessJobRuns").resources()).containsExactly(APP + "/jobruns/*");
        assertThat(d.get("EmrServerlessJobRuns").actions()).contains("emr-serverless:GetJobRun",
                "emr-serverless:CancelJobRun");

        Statement pass = d.get("PassJobRole");
        assertThat(pass.actions()).containsExactly("iam:PassRole");
        assertThat(pass.resources()).containsExactly(ROLE);
        assertThat(pass.condition().path("StringEquals").path("iam:PassedToService").asText())
                .isEqualTo("emr-serverless.amazonaws.com");

        assertThat(d.get("ImagePush").resources()).containsExactly(REPO);
        assertThat(d.get("ImagePush").actions()).contains("ecr:PutImage", "ecr:InitiateLayerUpload",
                "ecr:CompleteLayerUpload", "ecr:DescribeRepositories");

        Statement key = d.get("UploadEncryptionKey");
        assertThat(key.actions()).containsExactly("kms:GenerateDataKey", "kms:Decrypt");
        assertThat(key.resources()).containsExactly(KEY);
        assertThat(key.condition().path("StringEquals").path("kms:ViaService").asText())
                .isEqualTo("s3.eu-west-1.amazonaws.com");

        // every resource of the deployer is one of those, or "*"
        assertAllResources(statements(p.deployerJson()), r -> r.equals("*") || r.equals("arn:aws:s3:::quant-lake")
                || r.equals("arn:aws:s3:::quant-logs") || r.startsWith("arn:aws:s3:::quant-lake/artifacts/trading/")
                || r.startsWith("arn:aws:s3:::quant-logs/emr/") || r.startsWith(APP) || r.equals(ROLE)
                || r.equals(REPO) || r.equals(KEY));
        assertThat(p.notes()).isEmpty();
    }

    @Test
    void theJobRoleReadsLandingAndArtifactsAndWritesWarehouseReportsAndLogs() throws Exception {
        IamPolicies.Policies p = IamPolicies.from(config(FULL));
        Map<String, Statement> j = bySid(statements(p.jobRoleJson()));

        assertThat(j.get("LandingAndArtifactsRead").actions()).containsExactly("s3:GetObject");
        assertThat(j.get("LandingAndArtifactsRead").resources()).containsExactly(
                "arn:aws:s3:::vendor-drop/cboe/eod/*", "arn:aws:s3:::quant-lake/artifacts/trading/*");
        assertThat(j.get("WarehouseAndReportsReadWrite").resources()).containsExactly(
                "arn:aws:s3:::quant-lake/warehouse/*", "arn:aws:s3:::quant-lake/reports/*");
        assertThat(j.get("WarehouseAndReportsReadWrite").actions()).contains("s3:PutObject", "s3:DeleteObject");
        assertThat(j.get("RunLogsWrite").actions()).containsExactly("s3:PutObject");
        assertThat(j.get("RunLogsWrite").resources()).containsExactly("arn:aws:s3:::quant-logs/emr/*");
        // landing is never written, artifacts never written by the job
        for (Statement s : j.values()) {
            if (s.actions().contains("s3:PutObject") || s.actions().contains("s3:DeleteObject")) {
                assertThat(s.resources()).as(s.sid()).noneMatch(r -> r.contains("vendor-drop")
                        || r.contains("/artifacts/"));
            }
        }
        assertThat(j.get("JobList1").resources()).containsExactly("arn:aws:s3:::vendor-drop");
        assertThat(strings(j.get("JobList1").condition().path("StringLike").path("s3:prefix")))
                .containsExactly("cboe/eod", "cboe/eod/*");
        assertThat(strings(j.get("JobList2").condition().path("StringLike").path("s3:prefix"))).containsExactly(
                "artifacts/trading", "artifacts/trading/*", "warehouse", "warehouse/*", "reports", "reports/*");

        // glue is the catalog on emr by default: the pipeline's four databases and their tables only
        Statement glue = j.get("GlueCatalog");
        assertThat(glue.actions()).contains("glue:GetTable", "glue:CreateTable", "glue:UpdateTable");
        assertThat(glue.resources()).contains("arn:aws:glue:eu-west-1:111122223333:catalog",
                "arn:aws:glue:eu-west-1:111122223333:database/silver",
                "arn:aws:glue:eu-west-1:111122223333:table/silver/*",
                "arn:aws:glue:eu-west-1:111122223333:table/gold/*").hasSize(9);
        assertThat(j.get("ImagePull").resources()).containsExactly(REPO);
        assertThat(j.get("ImagePull").actions()).doesNotContain("ecr:PutImage");
        assertThat(j.get("ArtifactsDecrypt").actions()).containsExactly("kms:Decrypt");
        assertThat(j.get("ArtifactsDecrypt").resources()).containsExactly(KEY);
        assertThat(j.values()).noneMatch(s -> s.resources().contains("*"));
    }

    @Test
    void whatIsNotConfiguredIsLeftAsPlaceholdersAndSaidSo() throws Exception {
        IamPolicies.Policies p = IamPolicies.from(config("""
                paths:
                  landing: s3://b-landing/in
                  warehouse: s3://b-lake/wh
                catalog:
                  type: hadoop
                emr:
                  application-name: trading
                  artifacts-uri: s3://b-lake/artifacts
                """));
        Map<String, Statement> d = bySid(statements(p.deployerJson()));
        assertThat(d.get("EmrServerlessApplication").resources())
                .containsExactly("arn:aws:emr-serverless:${AWS::Region}:${AWS::AccountId}:/applications/*");
        assertThat(d.get("PassJobRole").resources()).containsExactly("${JobRole.Arn}");
        assertThat(d.get("OnlyOnAnyResource").actions())
                .containsExactly("sts:GetCallerIdentity", "emr-serverless:ListApplications");
        assertThat(d).doesNotContainKeys("ImagePush", "UploadEncryptionKey", "DriverLogsRead");
        Map<String, Statement> j = bySid(statements(p.jobRoleJson()));
        assertThat(j).doesNotContainKeys("GlueCatalog", "ImagePull", "RunLogsWrite", "ArtifactsDecrypt");
        // local reports: no access for them
        assertThat(j.get("WarehouseAndReportsReadWrite").resources()).containsExactly("arn:aws:s3:::b-lake/wh/*");
        assertThat(String.join("\n", p.notes())).contains("${AWS::Region}", "${AWS::AccountId}", "${JobRole.Arn}",
                "/applications/*", "paths.reports is not an s3:// location");
    }

    @Test
    void aLogGroupLetsTheDeployerReadItAndTheJobRoleWriteIt() throws Exception {
        IamPolicies.Policies p = IamPolicies.from(config(FULL.replace("  logs-uri: s3://quant-logs/emr\n",
                "  logs-uri: s3://quant-logs/emr\n  cloudwatch-log-group: /trading/emr-runs\n")));
        String group = "arn:aws:logs:eu-west-1:111122223333:log-group:/trading/emr-runs";

        Statement tail = bySid(statements(p.deployerJson())).get("DriverLogsTail");
        assertThat(tail.actions()).containsExactly("logs:GetLogEvents", "logs:FilterLogEvents");
        assertThat(tail.resources()).containsExactly(group, group + ":log-stream:*");
        Map<String, Statement> j = bySid(statements(p.jobRoleJson()));
        assertThat(j.get("RunLogsToCloudWatch").actions())
                .containsExactly("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams");
        assertThat(j.get("RunLogsToCloudWatch").resources()).containsExactly(group, group + ":log-stream:*");
        assertThat(j.get("RunLogGroups").resources())
                .containsExactly("arn:aws:logs:eu-west-1:111122223333:log-group:*");
        // the job role only writes, the deployer only reads
        assertThat(j.values()).noneMatch(s -> s.actions().contains("logs:GetLogEvents"));
        assertThat(bySid(statements(p.deployerJson())).values())
                .noneMatch(s -> s.actions().contains("logs:PutLogEvents"));

        Map<String, Statement> without = bySid(statements(IamPolicies.from(config(FULL)).deployerJson()));
        assertThat(without).doesNotContainKey("DriverLogsTail");
        assertThat(bySid(statements(IamPolicies.from(config(FULL)).jobRoleJson())))
                .doesNotContainKeys("RunLogsToCloudWatch", "RunLogGroups");
    }

    @Test
    void aLogGroupNameWithAWildcardIsRefused() {
        assertThatThrownBy(() -> IamPolicies.from(config(FULL.replace("  logs-uri: s3://quant-logs/emr\n",
                "  logs-uri: s3://quant-logs/emr\n  cloudwatch-log-group: /trading/*\n"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("emr.cloudwatch-log-group must be a CloudWatch Logs group name")
                .hasMessageContaining("'/trading/*'");
    }

    @Test
    void theAccountKeyWinsAndAnAliasIsMatchedThroughKmsResourceAliases() throws Exception {
        IamPolicies.Policies p = IamPolicies.from(config(FULL
                .replace("  region: eu-west-1\n", "  region: eu-west-1\n  account-id: \"444455556666\"\n")
                .replace("kms-key-id: " + KEY, "kms-key-id: alias/trading")
                .replace("application-id: 00fabc123def", "application-id: 00fxyz")));
        Statement key = bySid(statements(p.deployerJson())).get("UploadEncryptionKey");
        assertThat(key.resources()).containsExactly("arn:aws:kms:eu-west-1:444455556666:key/*");
        assertThat(key.condition().path("ForAnyValue:StringEquals").path("kms:ResourceAliases").asText())
                .isEqualTo("alias/trading");
        assertThat(bySid(statements(p.deployerJson())).get("EmrServerlessApplication").resources())
                .containsExactly("arn:aws:emr-serverless:eu-west-1:444455556666:/applications/00fxyz");
        assertThat(p.notes()).anyMatch(n -> n.contains("alias"));
    }

    @Test
    void missingOrLocalLocationsAndBadValuesFailNamingEachKey() {
        assertThatThrownBy(() -> IamPolicies.from(config("""
                aws:
                  account-id: "12345"
                emr:
                  execution-role-arn: trading-job
                """)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("emr.artifacts-uri is required")
                .hasMessageContaining("paths.landing must be an s3:// URI")
                .hasMessageContaining("paths.warehouse must be an s3:// URI")
                .hasMessageContaining("emr.execution-role-arn must be an IAM role ARN")
                .hasMessageContaining("aws.account-id must be a 12-digit AWS account id, got '12345'");
    }

    @Test
    void configuredPrefixesAreGrantedAsTextNotAsVariablesOrWildcards() throws Exception {
        IamPolicies.Policies p = IamPolicies.from(config(FULL
                .replace("landing: s3://vendor-drop/cboe/eod", "landing: s3://vendor-drop/cboe/${AWS::StackName}/eod")
                .replace("warehouse: s3://quant-lake/warehouse", "warehouse: s3://quant-lake/wh*")));
        Map<String, Statement> j = bySid(statements(p.jobRoleJson()));

        // IAM reads ${...} as a policy variable and * as a wildcard: ${$} and ${*} are its literals
        assertThat(j.get("LandingAndArtifactsRead").resources()).containsExactly(
                "arn:aws:s3:::vendor-drop/cboe/${$}{AWS::StackName}/eod/*",
                "arn:aws:s3:::quant-lake/artifacts/trading/*");
        assertThat(j.get("WarehouseAndReportsReadWrite").resources()).containsExactly(
                "arn:aws:s3:::quant-lake/wh${*}/*", "arn:aws:s3:::quant-lake/reports/*");
        assertThat(strings(j.get("JobList1").condition().path("StringLike").path("s3:prefix")))
                .containsExactly("cboe/${$}{AWS::StackName}/eod", "cboe/${$}{AWS::StackName}/eod/*");
        assertThat(strings(j.get("JobList2").condition().path("StringLike").path("s3:prefix")))
                .contains("wh${*}", "wh${*}/*");
    }

    @Test
    void anIdentifierHoldingAVariableOrWildcardIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> IamPolicies.from(config(FULL
                .replace("region: eu-west-1", "region: \"${AWS::Region}\"")
                .replace("application-id: 00fabc123def", "application-id: \"*\""))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml: aws.region must be the value itself, got '${AWS::Region}'")
                .hasMessageContaining("config.yaml: emr.application-id must be the value itself, got '*'");
    }

    @Test
    void aChinaRegionGivesItsPartition() throws Exception {
        IamPolicies.Policies p = IamPolicies.from(config(FULL.replace("eu-west-1", "cn-north-1")
                .replace("arn:aws:", "arn:aws-cn:").replace(".amazonaws.com/", ".amazonaws.com.cn/")));
        assertAllResources(statements(p.deployerJson()), r -> r.equals("*") || r.startsWith("arn:aws-cn:"));
        assertAllResources(statements(p.jobRoleJson()), r -> r.startsWith("arn:aws-cn:"));
    }

    private static TradingConfig config(String yaml) {
        return TradingConfig.parse(yaml, "config.yaml", "/project", Map.of(), "--set ");
    }

    private static List<Statement> statements(String policyJson) throws Exception {
        JsonNode doc = JSON.readTree(policyJson);
        assertThat(doc.path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(doc.path("Statement").isArray()).isTrue();
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : doc.path("Statement")) {
            out.add(new Statement(s.path("Sid").asText(), s.path("Effect").asText(), strings(s.path("Action")),
                    strings(s.path("Resource")), s.path("Condition")));
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    /** IAM takes a string or a list of strings for Action and Resource. */
    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            out.add(n.asText());
        } else {
            n.forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    private static Map<String, Statement> bySid(List<Statement> statements) {
        Map<String, Statement> out = new LinkedHashMap<>();
        statements.forEach(s -> assertThat(out.put(s.sid(), s)).as("duplicate Sid " + s.sid()).isNull());
        return out;
    }

    private static void assertAllResources(List<Statement> statements, Predicate<String> allowed) {
        for (Statement s : statements) {
            assertThat(s.resources()).as(s.sid()).isNotEmpty().allMatch(allowed);
        }
    }
}
