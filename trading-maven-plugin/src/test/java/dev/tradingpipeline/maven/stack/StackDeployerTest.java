package dev.tradingpipeline.maven.stack;

import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.STACK;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.STACK_ID;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.action;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.change;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.changeSet;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.created;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.error;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.event;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.events;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.noSuchStack;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.stacks;
import static dev.tradingpipeline.maven.stack.CloudFormationStub.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tradingpipeline.maven.emr.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/** The CloudFormation calls of trading:setup, made by the real SDK against WireMock. */
class StackDeployerTest {

    static final String TEMPLATE = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n"
            + "    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: quant-lake & more\n";
    static final Map<String, String> OUTPUTS = Map.of("ApplicationId", "00app", "BucketName", "quant-lake",
            "JobRoleArn", "arn:aws:iam::123456789012:role/quant-JobRole-1A2B");
    static final String STACK_TYPE = "AWS::CloudFormation::Stack";
    static final Duration TIMEOUT = Duration.ofHours(1);

    final CloudFormationStub stub = new CloudFormationStub();
    final WireMockServer s = stub.server;
    final FakeTime time = new FakeTime(Instant.parse("2024-03-05T14:30:07Z"));
    final List<String> log = new ArrayList<>();

    @AfterEach
    void stop() {
        stub.close();
    }

    StackDeployer deployer() {
        return new StackDeployer(stub.clients.cloudFormation(), log::add, time, time);
    }

    @Test
    void aNewStackIsCreatedThroughAChangeSetWithOneLinePerEvent() throws Exception {
        String review = event("e0", "14:30:08", STACK, STACK_TYPE, "REVIEW_IN_PROGRESS", "User Initiated");
        String e1 = event("e1", "14:30:20", STACK, STACK_TYPE, "CREATE_IN_PROGRESS", "User Initiated");
        String e2 = event("e2", "14:30:22", "Bucket", "AWS::S3::Bucket", "CREATE_IN_PROGRESS", null);
        String e3 = event("e3", "14:30:45", "Bucket", "AWS::S3::Bucket", "CREATE_COMPLETE", null);
        String e4 = event("e4", "14:30:46", STACK, STACK_TYPE, "CREATE_COMPLETE", null);
        s.stubFor(action("DescribeStacks").inScenario("s").whenScenarioStateIs(STARTED).willReturn(noSuchStack(STACK)));
        s.stubFor(action("CreateChangeSet").inScenario("s").willReturn(created()).willSetStateTo("pending"));
        s.stubFor(action("DescribeChangeSet").inScenario("s").whenScenarioStateIs("pending")
                .willReturn(changeSet("CREATE_PENDING", null)).willSetStateTo("ready"));
        s.stubFor(action("DescribeChangeSet").inScenario("s").whenScenarioStateIs("ready")
                .willReturn(changeSet("CREATE_COMPLETE", null,
                        change("Add", "Bucket", "AWS::S3::Bucket", null, null),
                        change("Add", "Application", "AWS::EMRServerless::Application", null, null))));
        s.stubFor(action("DescribeStackEvents").inScenario("s").whenScenarioStateIs("ready").willReturn(events(review)));
        s.stubFor(action("ExecuteChangeSet").inScenario("s").willReturn(xml("ExecuteChangeSet", ""))
                .willSetStateTo("executing"));
        s.stubFor(action("DescribeStackEvents").inScenario("s").whenScenarioStateIs("executing")
                .willReturn(events(review, e1, e2)).willSetStateTo("polled"));
        s.stubFor(action("DescribeStacks").inScenario("s").whenScenarioStateIs("polled")
                .willReturn(stacks("CREATE_IN_PROGRESS", Map.of())).willSetStateTo("done"));
        s.stubFor(action("DescribeStackEvents").inScenario("s").whenScenarioStateIs("done")
                .willReturn(events(review, e1, e2, e3, e4)));
        s.stubFor(action("DescribeStacks").inScenario("s").whenScenarioStateIs("done")
                .willReturn(stacks("CREATE_COMPLETE", OUTPUTS)));

        StackDeployer.Result result = deployer().deploy(STACK, TEMPLATE, TIMEOUT);

        assertThat(result).isEqualTo(new StackDeployer.Result(STACK_ID, "CREATE_COMPLETE", true, OUTPUTS));
        assertThat(stub.actions()).containsExactly("DescribeStacks", "CreateChangeSet", "DescribeChangeSet",
                "DescribeChangeSet", "DescribeStackEvents", "ExecuteChangeSet",
                "DescribeStackEvents", "DescribeStacks", "DescribeStackEvents", "DescribeStacks", "DescribeStackEvents");
        Map<String, String> create = stub.requests("CreateChangeSet").get(0);
        assertThat(create).containsEntry("StackName", STACK)
                .containsEntry("ChangeSetType", "CREATE")
                .containsEntry("ChangeSetName", "trading-setup-20240305-143007")
                .containsEntry("Capabilities.member.1", "CAPABILITY_IAM")
                .containsEntry("TemplateBody", TEMPLATE);
        assertThat(stub.requests("DescribeChangeSet")).allSatisfy(r ->
                assertThat(r).containsEntry("ChangeSetName", CloudFormationStub.CHANGE_SET_ID));
        assertThat(stub.requests("ExecuteChangeSet").get(0)).containsEntry("ChangeSetName",
                CloudFormationStub.CHANGE_SET_ID);
        // after the change set, the stack is followed by its id
        assertThat(stub.requests("DescribeStacks")).extracting(r -> r.get("StackName"))
                .containsExactly(STACK, STACK_ID, STACK_ID);
        assertThat(log).containsExactly(
                "Creating stack quant: change set trading-setup-20240305-143007",
                "Change set trading-setup-20240305-143007: 2 changes",
                "  Add     Bucket (AWS::S3::Bucket)",
                "  Add     Application (AWS::EMRServerless::Application)",
                "Executing change set trading-setup-20240305-143007",
                "Waiting for the creation of stack quant (one line per resource event)",
                line("14:30:20", STACK, STACK_TYPE, "CREATE_IN_PROGRESS  User Initiated"),
                line("14:30:22", "Bucket", "AWS::S3::Bucket", "CREATE_IN_PROGRESS"),
                line("14:30:45", "Bucket", "AWS::S3::Bucket", "CREATE_COMPLETE"),
                line("14:30:46", STACK, STACK_TYPE, "CREATE_COMPLETE"),
                "Stack quant is CREATE_COMPLETE");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    static String line(String time, String logicalId, String type, String statusAndReason) {
        return String.format("2024-03-05T%sZ  %-24s %-34s %s", time, logicalId, type, statusAndReason);
    }

    @Test
    void anUnchangedStackIsSuccessWithoutExecuting() throws Exception {
        s.stubFor(action("DescribeStacks").willReturn(stacks("UPDATE_COMPLETE", OUTPUTS)));
        s.stubFor(action("CreateChangeSet").willReturn(created()));
        s.stubFor(action("DescribeChangeSet").willReturn(changeSet("FAILED", "The submitted information didn't"
                + " contain changes. Submit different information to create a change set.")));
        s.stubFor(action("DeleteChangeSet").willReturn(xml("DeleteChangeSet", "")));

        StackDeployer.Result result = deployer().deploy(STACK, TEMPLATE, TIMEOUT);

        assertThat(result).isEqualTo(new StackDeployer.Result(STACK_ID, "UPDATE_COMPLETE", false, OUTPUTS));
        assertThat(stub.requests("CreateChangeSet").get(0)).containsEntry("ChangeSetType", "UPDATE");
        assertThat(stub.actions()).containsExactly("DescribeStacks", "CreateChangeSet", "DescribeChangeSet",
                "DeleteChangeSet", "DescribeStacks");
        assertThat(log).containsExactly("Updating stack quant: change set trading-setup-20240305-143007",
                "Stack quant is up to date: the change set has no changes");
    }

    @Test
    void aFailedUpdateThatRollsBackNamesTheResourceAndItsReason() {
        String reason = "Resource handler returned message: \"User is not authorized to perform: iam:PutRolePolicy\"";
        String e0 = event("e0", "14:00:00", STACK, STACK_TYPE, "CREATE_COMPLETE", null);
        List<String> after = List.of(
                event("e1", "14:31:00", STACK, STACK_TYPE, "UPDATE_IN_PROGRESS", "User Initiated"),
                event("e2", "14:31:02", "JobRole", "AWS::IAM::Role", "UPDATE_IN_PROGRESS", null),
                event("e3", "14:31:09", "JobRole", "AWS::IAM::Role", "UPDATE_FAILED", reason),
                event("e4", "14:31:09", "Application", "AWS::EMRServerless::Application", "UPDATE_FAILED",
                        "Resource update cancelled"),
                event("e5", "14:31:10", STACK, STACK_TYPE, "UPDATE_ROLLBACK_IN_PROGRESS",
                        "The following resource(s) failed to update: [JobRole]."),
                event("e6", "14:31:30", "JobRole", "AWS::IAM::Role", "UPDATE_COMPLETE", null),
                event("e7", "14:31:31", STACK, STACK_TYPE, "UPDATE_ROLLBACK_COMPLETE", null));
        s.stubFor(action("DescribeStacks").inScenario("s").whenScenarioStateIs(STARTED)
                .willReturn(stacks("UPDATE_COMPLETE", OUTPUTS)));
        s.stubFor(action("CreateChangeSet").inScenario("s").willReturn(created()));
        s.stubFor(action("DescribeChangeSet").inScenario("s").willReturn(changeSet("CREATE_COMPLETE", null,
                change("Modify", "JobRole", "AWS::IAM::Role", "quant-JobRole-1A2B", "False"),
                change("Modify", "Application", "AWS::EMRServerless::Application", "00app", "True"))));
        s.stubFor(action("DescribeStackEvents").inScenario("s").whenScenarioStateIs(STARTED).willReturn(events(e0)));
        s.stubFor(action("ExecuteChangeSet").inScenario("s").willReturn(xml("ExecuteChangeSet", ""))
                .willSetStateTo("executing"));
        s.stubFor(action("DescribeStackEvents").inScenario("s").whenScenarioStateIs("executing")
                .willReturn(events(e0, after.get(0), after.get(1))).willSetStateTo("rolling-back"));
        s.stubFor(action("DescribeStacks").inScenario("s").whenScenarioStateIs("rolling-back")
                .willReturn(stacks("UPDATE_IN_PROGRESS", OUTPUTS)).willSetStateTo("rolled-back"));
        List<String> all = new ArrayList<>(List.of(e0));
        all.addAll(after);
        s.stubFor(action("DescribeStackEvents").inScenario("s").whenScenarioStateIs("rolled-back")
                .willReturn(events(all.toArray(String[]::new))));
        s.stubFor(action("DescribeStacks").inScenario("s").whenScenarioStateIs("rolled-back")
                .willReturn(stacks("UPDATE_ROLLBACK_COMPLETE", OUTPUTS)));

        assertThatThrownBy(() -> deployer().deploy(STACK, TEMPLATE, TIMEOUT))
                .isInstanceOf(StackException.class)
                .hasMessage("The update of stack quant failed (UPDATE_ROLLBACK_COMPLETE): JobRole (AWS::IAM::Role)"
                        + " UPDATE_FAILED: " + reason + ". The update was rolled back: the stack is as it was before.");
        assertThat(log).contains(
                "  Modify  JobRole (AWS::IAM::Role) quant-JobRole-1A2B",
                "  Modify  Application (AWS::EMRServerless::Application) 00app, replacement: True",
                line("14:31:09", "JobRole", "AWS::IAM::Role", "UPDATE_FAILED  " + reason),
                line("14:31:31", STACK, STACK_TYPE, "UPDATE_ROLLBACK_COMPLETE"));
        assertThat(log).doesNotContain(line("14:00:00", STACK, STACK_TYPE, "CREATE_COMPLETE"));
    }

    @Test
    void aStackWhoseCreationFailedMustBeDeletedFirst() {
        s.stubFor(action("DescribeStacks").willReturn(stacks("ROLLBACK_COMPLETE", Map.of())));

        assertThatThrownBy(() -> deployer().deploy(STACK, TEMPLATE, TIMEOUT))
                .isInstanceOf(StackException.class)
                .hasMessage("Stack quant is ROLLBACK_COMPLETE: its creation failed and it cannot be updated. Delete it"
                        + " with mvn trading:teardown -Dtrading.teardown.confirm=quant, then run trading:setup again");
        assertThat(stub.actions()).containsExactly("DescribeStacks");
    }

    @Test
    void aBusyStackIsLeftAlone() {
        s.stubFor(action("DescribeStacks").willReturn(stacks("UPDATE_IN_PROGRESS", Map.of())));

        assertThatThrownBy(() -> deployer().deploy(STACK, TEMPLATE, TIMEOUT))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("is UPDATE_IN_PROGRESS: another operation is under way");
        assertThat(stub.actions()).containsExactly("DescribeStacks");
    }

    @Test
    void aChangeSetThatFailsChangesNothing() {
        s.stubFor(action("DescribeStacks").willReturn(noSuchStack(STACK)));
        s.stubFor(action("CreateChangeSet").willReturn(created()));
        s.stubFor(action("DescribeChangeSet").willReturn(changeSet("FAILED",
                "Template format error: Unresolved resource dependencies [Bucket] in the Resources block")));

        assertThatThrownBy(() -> deployer().deploy(STACK, TEMPLATE, TIMEOUT))
                .isInstanceOf(StackException.class)
                .hasMessage("The change set of stack quant failed: Template format error: Unresolved resource"
                        + " dependencies [Bucket] in the Resources block. Nothing was changed");
        assertThat(stub.actions()).doesNotContain("ExecuteChangeSet");
    }

    @Test
    void aRefusedCallIsTheSdksErrorAndNothingElseIsTried() {
        s.stubFor(action("DescribeStacks").willReturn(error(403, "AccessDenied",
                "User is not authorized to perform: cloudformation:DescribeStacks")));

        assertThatThrownBy(() -> deployer().deploy(STACK, TEMPLATE, TIMEOUT))
                .isInstanceOf(CloudFormationException.class)
                .hasMessageContaining("User is not authorized to perform: cloudformation:DescribeStacks");
        assertThat(stub.actions()).containsExactly("DescribeStacks");
    }

    @Test
    void pollsBackOffAndGiveUpAtTheTimeout() {
        s.stubFor(action("DescribeStacks").willReturn(noSuchStack(STACK)));
        s.stubFor(action("CreateChangeSet").willReturn(created()));
        s.stubFor(action("DescribeChangeSet").willReturn(changeSet("CREATE_IN_PROGRESS", null)));

        assertThatThrownBy(() -> deployer().deploy(STACK, TEMPLATE, Duration.ofMinutes(1)))
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith("Gave up waiting: the change set is still CREATE_IN_PROGRESS");
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(20), Duration.ofSeconds(10));
    }
}
