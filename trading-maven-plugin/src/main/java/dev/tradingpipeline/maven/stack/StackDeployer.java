package dev.tradingpipeline.maven.stack;

import dev.tradingpipeline.maven.emr.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * Creates or updates a stack through a change set, and deletes one, printing as it goes: the
 * change set's changes before it is applied, then one line per stack event until the stack
 * settles. A change set with no changes is success; a stack that rolls back is a
 * {@link StackException} naming the resources that failed and why. Polls back off from
 * {@value #POLL_BASE_SECONDS} s to {@value #POLL_MAX_SECONDS} s while nothing happens.
 */
public final class StackDeployer {

    static final long POLL_BASE_SECONDS = 2;
    static final long POLL_MAX_SECONDS = 20;
    private static final DateTimeFormatter CHANGE_SET_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * What a deploy left.
     *
     * @param changed false when the stack already matched the template
     * @param status  the stack's status at the end
     */
    public record Result(String stackId, String status, boolean changed, Map<String, String> outputs) {
    }

    private final CloudFormationClient cfn;
    private final Consumer<String> log;
    private final Clock clock;
    private final Sleeper sleeper;

    public StackDeployer(CloudFormationClient cfn, Consumer<String> log, Clock clock, Sleeper sleeper) {
        this.cfn = Objects.requireNonNull(cfn);
        this.log = Objects.requireNonNull(log);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
    }

    /** The stack, or empty when there is none of that name (or id). */
    public Optional<Stack> describe(String stack) {
        try {
            List<Stack> stacks = cfn.describeStacks(r -> r.stackName(stack)).stacks();
            return stacks.isEmpty() ? Optional.empty() : Optional.of(stacks.get(0));
        } catch (CloudFormationException e) {
            if (isValidationError(e) && message(e).contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Creates the stack, or updates it, to the template: CreateChangeSet (CREATE when the stack
     * does not exist, else UPDATE), its changes printed, ExecuteChangeSet, then the stack's events
     * until it settles.
     *
     * @throws StackException when the stack cannot be changed now, the change set fails, the stack
     *                        rolls back, or the timeout passes
     */
    public Result deploy(String stackName, String templateBody, Duration timeout) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        Optional<Stack> existing = describe(stackName);
        ChangeSetType type = ChangeSetType.CREATE;
        if (existing.isPresent()) {
            String status = existing.get().stackStatusAsString();
            if (status.equals("REVIEW_IN_PROGRESS")) {
                // only a change set was ever made: the stack has no resources yet
                log.accept("Stack " + stackName + " exists without resources (REVIEW_IN_PROGRESS): creating it");
            } else if (status.equals("ROLLBACK_COMPLETE") || status.equals("ROLLBACK_FAILED")) {
                throw new StackException("Stack " + stackName + " is " + status + ": its creation failed and it cannot"
                        + " be updated. Delete it with mvn trading:teardown -Dtrading.teardown.confirm=" + stackName
                        + ", then run trading:setup again");
            } else if (status.endsWith("_IN_PROGRESS")) {
                throw new StackException("Stack " + stackName + " is " + status + ": another operation is under way;"
                        + " run trading:setup again when it has finished");
            } else if (status.equals("DELETE_COMPLETE")) {
                log.accept("Stack " + stackName + " was deleted: creating it again");
            } else {
                type = ChangeSetType.UPDATE;
            }
        }
        String changeSetName = "trading-setup-" + CHANGE_SET_TIME.format(clock.instant());
        log.accept((type == ChangeSetType.CREATE ? "Creating" : "Updating") + " stack " + stackName
                + ": change set " + changeSetName);
        ChangeSetType changeSetType = type;
        CreateChangeSetResponse created = cfn.createChangeSet(r -> r.stackName(stackName)
                .changeSetName(changeSetName)
                .changeSetType(changeSetType)
                .templateBody(templateBody)
                .capabilities(Capability.CAPABILITY_IAM)
                .description("trading:setup"));
        String changeSetId = created.id();
        String stackId = created.stackId() != null ? created.stackId() : stackName;

        DescribeChangeSetResponse changeSet = awaitChangeSet(changeSetId, deadline);
        if (changeSet.statusAsString().equals("FAILED")) {
            String reason = Optional.ofNullable(changeSet.statusReason()).orElse("");
            if (isNoChange(reason)) {
                log.accept("Stack " + stackName + " is up to date: the change set has no changes");
                deleteChangeSet(changeSetId);
                Stack stack = describe(stackId).orElseThrow(() -> new StackException("Stack " + stackName
                        + " disappeared"));
                return new Result(stack.stackId(), stack.stackStatusAsString(), false, outputs(stack));
            }
            throw new StackException("The change set of stack " + stackName + " failed: " + reason
                    + ". Nothing was changed");
        }
        List<Change> changes = allChanges(changeSetId, changeSet);
        log.accept("Change set " + changeSetName + ": " + changes.size() + (changes.size() == 1 ? " change" : " changes"));
        changes.forEach(c -> log.accept("  " + describe(c)));

        Set<String> before = Set.copyOf(eventIds(stackId));
        log.accept("Executing change set " + changeSetName);
        cfn.executeChangeSet(r -> r.changeSetName(changeSetId));
        String operation = type == ChangeSetType.CREATE ? "creation" : "update";
        Stack stack = await(stackName, stackId, operation, new HashSet<>(before), deadline);
        String status = stack.stackStatusAsString();
        if (!status.equals("CREATE_COMPLETE") && !status.equals("UPDATE_COMPLETE")) {
            throw failure(stackName, operation, stack, before);
        }
        log.accept("Stack " + stackName + " is " + status);
        return new Result(stack.stackId(), status, true, outputs(stack));
    }

    /**
     * Deletes the stack and waits until it is gone.
     *
     * @throws StackException when the deletion fails (with the resources' reasons) or the timeout passes
     */
    public void delete(String stackName, String stackId, Duration timeout) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        Set<String> before = Set.copyOf(eventIds(stackId));
        log.accept("Deleting stack " + stackName);
        cfn.deleteStack(r -> r.stackName(stackId));
        Stack stack = await(stackName, stackId, "deletion", new HashSet<>(before), deadline);
        if (stack != null && !stack.stackStatusAsString().equals("DELETE_COMPLETE")) {
            throw failure(stackName, "deletion", stack, before);
        }
        log.accept("Stack " + stackName + " is deleted");
    }

    // --- change sets --------------------------------------------------------------------------------

    private DescribeChangeSetResponse awaitChangeSet(String changeSetId, Instant deadline) throws InterruptedException {
        long wait = POLL_BASE_SECONDS;
        while (true) {
            DescribeChangeSetResponse cs = cfn.describeChangeSet(r -> r.changeSetName(changeSetId));
            String status = cs.statusAsString();
            if (status.equals("CREATE_COMPLETE") || status.equals("FAILED") || status.equals("DELETE_COMPLETE")) {
                return cs;
            }
            wait = sleep(wait, false, deadline, "the change set is still " + status);
        }
    }

    private List<Change> allChanges(String changeSetId, DescribeChangeSetResponse first) {
        List<Change> changes = new ArrayList<>(first.changes());
        String next = first.nextToken();
        while (next != null && !next.isEmpty()) {
            String token = next;
            DescribeChangeSetResponse page = cfn.describeChangeSet(r -> r.changeSetName(changeSetId).nextToken(token));
            changes.addAll(page.changes());
            next = page.nextToken();
        }
        return changes;
    }

    private void deleteChangeSet(String changeSetId) {
        try {
            cfn.deleteChangeSet(r -> r.changeSetName(changeSetId));
        } catch (SdkException e) {
            // an empty change set left behind does no harm
            log.accept("[warning] Could not delete the empty change set: " + e.getMessage());
        }
    }

    static boolean isNoChange(String reason) {
        return reason.contains("didn't contain changes") || reason.contains("No updates are to be performed");
    }

    /** {@code Add Bucket (AWS::S3::Bucket)}, {@code Modify JobRole (AWS::IAM::Role) arn..., replacement: True}. */
    static String describe(Change change) {
        ResourceChange rc = change.resourceChange();
        if (rc == null) {
            return change.typeAsString();
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-7s %s (%s)", rc.actionAsString(),
                rc.logicalResourceId(), rc.resourceType()));
        if (rc.physicalResourceId() != null && !rc.physicalResourceId().isEmpty()) {
            sb.append(' ').append(rc.physicalResourceId());
        }
        String replacement = rc.replacementAsString();
        if (replacement != null && !replacement.equals("False") && "Modify".equals(rc.actionAsString())) {
            sb.append(", replacement: ").append(replacement);
        }
        return sb.toString();
    }

    // --- waiting on the stack -----------------------------------------------------------------------

    /**
     * Prints new events until the stack is no longer in progress; the stack as it ended, or null
     * when it is gone (a deleted stack described by name).
     */
    private Stack await(String stackName, String stackId, String operation, Set<String> seen, Instant deadline)
            throws InterruptedException {
        long wait = POLL_BASE_SECONDS;
        log.accept("Waiting for the " + operation + " of stack " + stackName + " (one line per resource event)");
        while (true) {
            boolean news = printNewEvents(stackId, seen);
            Optional<Stack> stack = describe(stackId);
            if (stack.isEmpty()) {
                return null;
            }
            String status = stack.get().stackStatusAsString();
            if (!status.endsWith("_IN_PROGRESS")) {
                printNewEvents(stackId, seen);
                return stack.get();
            }
            wait = sleep(wait, news, deadline, "stack " + stackName + " is still " + status
                    + "; CloudFormation carries on: follow it in the console, or with the stack's events");
        }
    }

    /** Prints the events not seen yet, oldest first; true when there were any. */
    private boolean printNewEvents(String stackId, Set<String> seen) {
        List<StackEvent> fresh = newEvents(stackId, seen);
        for (StackEvent e : fresh) {
            seen.add(e.eventId());
            log.accept(format(e));
        }
        return !fresh.isEmpty();
    }

    /** Events not in {@code seen}, oldest first; pages are read until one holds a seen event. */
    private List<StackEvent> newEvents(String stackId, Set<String> seen) {
        List<StackEvent> fresh = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            DescribeStackEventsResponse page = cfn.describeStackEvents(r -> r.stackName(stackId).nextToken(t));
            boolean reachedSeen = false;
            for (StackEvent e : page.stackEvents()) {
                if (seen.contains(e.eventId())) {
                    reachedSeen = true;
                    break;
                }
                fresh.add(e);
            }
            token = reachedSeen ? null : page.nextToken();
        } while (token != null && !token.isEmpty());
        Collections.reverse(fresh);
        return fresh;
    }

    private List<String> eventIds(String stackId) {
        try {
            return cfn.describeStackEvents(r -> r.stackName(stackId)).stackEvents().stream()
                    .map(StackEvent::eventId).toList();
        } catch (CloudFormationException e) {
            if (isValidationError(e)) {
                return List.of(); // no stack yet: no events
            }
            throw e;
        }
    }

    /** One line per event: time, logical id, type, status and reason. */
    static String format(StackEvent e) {
        String time = e.timestamp() == null ? "" : e.timestamp().truncatedTo(ChronoUnit.SECONDS).toString();
        String reason = e.resourceStatusReason() == null || e.resourceStatusReason().isBlank() ? ""
                : "  " + e.resourceStatusReason().trim();
        return String.format(Locale.ROOT, "%s  %-24s %-34s %s%s", time, e.logicalResourceId(), e.resourceType(),
                e.resourceStatusAsString(), reason);
    }

    private StackException failure(String stackName, String operation, Stack stack, Set<String> seenBefore) {
        String status = stack.stackStatusAsString();
        List<StackEvent> failed = failedEvents(stack.stackId(), seenBefore);
        String reasons = failed.isEmpty() ? Optional.ofNullable(stack.stackStatusReason()).orElse("no reason given")
                : failed.stream().map(e -> e.logicalResourceId() + " (" + e.resourceType() + ") "
                        + e.resourceStatusAsString() + ": " + e.resourceStatusReason()).collect(Collectors.joining("; "));
        String consequence;
        switch (status) {
            case "UPDATE_ROLLBACK_COMPLETE":
                consequence = "The update was rolled back: the stack is as it was before.";
                break;
            case "ROLLBACK_COMPLETE":
                consequence = "The creation was rolled back and the stack holds no resources; delete it with"
                        + " mvn trading:teardown -Dtrading.teardown.confirm=" + stackName + " before running trading:setup"
                        + " again.";
                break;
            case "DELETE_FAILED":
                consequence = "The resources named are still there; deal with them and run trading:teardown again.";
                break;
            default:
                consequence = "The stack needs a look in the CloudFormation console.";
        }
        return new StackException("The " + operation + " of stack " + stackName + " failed (" + status + "): "
                + reasons + ". " + consequence);
    }

    /**
     * The events of this operation where a resource failed, with a reason other than the
     * cancellation CloudFormation reports for resources it stopped because another one failed.
     */
    private List<StackEvent> failedEvents(String stackId, Set<String> seenBefore) {
        Map<String, StackEvent> byResource = new LinkedHashMap<>();
        for (StackEvent e : newEvents(stackId, seenBefore)) {
            String status = e.resourceStatusAsString();
            String reason = e.resourceStatusReason();
            if (status != null && status.endsWith("_FAILED") && reason != null && !reason.isBlank()
                    && !reason.toLowerCase(Locale.ROOT).contains("cancelled")
                    && !Objects.equals(e.physicalResourceId(), stackId)
                    && !Objects.equals(e.resourceType(), "AWS::CloudFormation::Stack")) {
                byResource.putIfAbsent(e.logicalResourceId(), e);
            }
        }
        return List.copyOf(byResource.values());
    }

    // --- helpers ------------------------------------------------------------------------------------

    /**
     * Sleeps for {@code wait} seconds (the base again after news) and returns the next wait, doubled
     * up to the cap; fails when the deadline has passed.
     */
    private long sleep(long wait, boolean news, Instant deadline, String stillWhat) throws InterruptedException {
        Instant now = clock.instant();
        if (!now.isBefore(deadline)) {
            throw new StackException("Gave up waiting: " + stillWhat);
        }
        long seconds = news ? POLL_BASE_SECONDS : wait;
        Duration d = Duration.ofSeconds(seconds);
        Duration left = Duration.between(now, deadline);
        try {
            sleeper.sleep(d.compareTo(left) < 0 ? d : left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
        return Math.min(POLL_MAX_SECONDS, seconds * 2);
    }

    static Map<String, String> outputs(Stack stack) {
        Map<String, String> outputs = new LinkedHashMap<>();
        stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
        return outputs;
    }

    private static boolean isValidationError(CloudFormationException e) {
        return e.awsErrorDetails() != null && "ValidationError".equals(e.awsErrorDetails().errorCode());
    }

    private static String message(CloudFormationException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : String.valueOf(e.getMessage());
    }
}
