package dev.tradingpipeline.maven;

import dev.tradingpipeline.maven.config.ProjectConfig;
import dev.tradingpipeline.maven.iam.IamPolicies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Prints least-privilege IAM policy documents for the configured pipeline and writes them to
 * {@code target/trading/iam-policy-deployer.json} and {@code target/trading/iam-policy-job-role.json}.
 * Derived from the configuration alone; no AWS call, no credentials needed.
 *
 * <p>The deployer policy is for whoever runs the plugin (a person or CI): read and write of
 * {@code emr.artifacts-uri}, read of {@code emr.logs-uri} (the driver's log tail), the EMR
 * Serverless calls of submit, watch and build-image on the configured application,
 * {@code iam:PassRole} of {@code emr.execution-role-arn} to EMR Serverless only, ECR push to
 * {@code image.repository}, and the KMS key of {@code aws.s3.kms-key-id} through S3. The job role
 * policy is for {@code emr.execution-role-arn}: read of {@code paths.landing} and the artifacts,
 * read and write of {@code paths.warehouse} and {@code paths.reports}, write of the run's logs,
 * the pipeline's Glue databases (catalog type glue) and ECR pull of the image.
 *
 * <p>ARNs take the region from {@code aws.region} and the account from {@code aws.account-id},
 * else from {@code emr.execution-role-arn}; what is not configured is left as a CloudFormation
 * placeholder (AWS::Region, AWS::AccountId, JobRole.Arn, written as Fn::Sub references), listed in
 * the output. Only the actions AWS authorizes on no narrower resource
 * (ecr:GetAuthorizationToken, sts:GetCallerIdentity, emr-serverless:ListApplications) are granted on "*".
 */
@Mojo(name = "iam-policy", threadSafe = true)
public class IamPolicyMojo extends AbstractTradingMojo {

    @Override
    protected void run(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        Path deployer = stateDir().resolve(IamPolicies.DEPLOYER_FILE);
        Path jobRole = stateDir().resolve(IamPolicies.JOB_ROLE_FILE);
        IamPolicies.Policies policies = IamPolicies.from(config.config());
        Failures.during("writing the IAM policies to " + stateDir(), () -> {
            Files.createDirectories(stateDir());
            Files.writeString(deployer, policies.deployerJson(), StandardCharsets.UTF_8);
            Files.writeString(jobRole, policies.jobRoleJson(), StandardCharsets.UTF_8);
        });
        print("IAM policy of the deployer (whoever runs this plugin), written to " + deployer + ":",
                policies.deployerJson());
        print("IAM policy of the job role (emr.execution-role-arn), written to " + jobRole + ":",
                policies.jobRoleJson());
        policies.notes().forEach(n -> getLog().warn("iam-policy: " + n));
    }

    private void print(String title, String json) {
        getLog().info(title);
        json.lines().forEach(getLog()::info);
    }
}
