package dev.tradingpipeline.maven;

import dev.tradingpipeline.maven.aws.AwsClients;
import dev.tradingpipeline.maven.aws.AwsSettings;
import dev.tradingpipeline.maven.config.ProjectConfig;
import dev.tradingpipeline.maven.emr.Sleeper;
import dev.tradingpipeline.maven.stack.StackOutputs;
import dev.tradingpipeline.maven.stack.StackSettings;
import dev.tradingpipeline.maven.stack.StackTeardown;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deletes the stack of {@code trading:setup} and everything in it. First lists every resource of
 * the stack, what the bucket and the repository hold and the application's active job runs;
 * without {@code -Dtrading.teardown.confirm=<stack name>} it stops there and fails, having changed nothing.
 * Confirmed, it cancels the job runs, stops the application, empties the bucket (every object
 * version) and the repository, deletes the stack with one line per stack event, and removes
 * {@code target/trading/stack-outputs.json}. Data outside the stack (landing files, a warehouse
 * in another bucket) is not touched; the Glue databases of the stack go with it.
 */
@Mojo(name = "teardown", threadSafe = true)
public class TeardownMojo extends AbstractTradingMojo {

    /**
     * The stack's name, to confirm the deletion; anything else deletes nothing. (Old name, deprecated:
     * {@code trading.confirm}.)
     */
    @Parameter(property = "trading.teardown.confirm", defaultValue = "${trading.confirm}")
    private String confirm;

    /** Longest wait for the job runs to end, the application to stop and the stack to go, e.g. 30m or 2h. */
    @Parameter(property = "trading.stack.timeout", defaultValue = "1h")
    private String timeout;

    private Duration stackTimeout;

    @Override
    protected boolean usesStackOutputs() {
        return false;
    }

    @Override
    protected void checkParameters() throws MojoFailureException {
        stackTimeout = SetupMojo.parseTimeout(timeout);
    }

    @Override
    protected void run(ProjectConfig config) throws MojoExecutionException, MojoFailureException {
        String stackName = StackSettings.stackName(config.config(), project.getArtifactId());
        Failures.during("tearing down stack " + stackName, () -> {
            try (AwsClients aws = new AwsClients(AwsSettings.from(config.config()))) {
                String region = aws.cloudFormation().serviceClientConfiguration().region().id();
                getLog().info("AWS " + aws.callerIdentity() + ", region " + region);
                StackTeardown teardown = new StackTeardown(aws.cloudFormation(), aws.emrServerless(), aws.s3(), aws.ecr(),
                        getLog()::info, Clock.systemUTC(), Sleeper.THREAD);
                Optional<StackTeardown.Plan> plan = teardown.plan(stackName);
                if (plan.isEmpty()) {
                    getLog().info("There is no stack " + stackName + " in " + region + ": nothing to delete");
                    forgetOutputs(stackName);
                    return;
                }
                plan.get().describe().forEach(getLog()::info);
                StackTeardown.checkConfirmed(plan.get(), confirm);
                teardown.execute(plan.get(), stackTimeout);
                forgetOutputs(stackName);
            }
        });
    }

    /** The outputs of a stack that is gone would send the other goals to resources that are gone. */
    private void forgetOutputs(String stackName) throws MojoExecutionException {
        Path record = stateDir().resolve(StackOutputs.FILE);
        if (!Files.isRegularFile(record)) {
            return;
        }
        try {
            if (StackOutputs.read(record).stackName().equals(stackName)) {
                Files.delete(record);
                getLog().info("Removed " + record);
            }
        } catch (IOException | RuntimeException e) {
            throw new MojoExecutionException("Cannot remove " + record + ": " + e.getMessage(), e);
        }
    }
}
