package io.firefly.offlineaws;

import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/** Waiting for the asynchronous statuses of the offline CloudFormation, by polling as a client would. */
public final class CloudFormationWaits {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(20);

    private final CloudFormationClient cfn;

    public CloudFormationWaits(CloudFormationClient cfn) {
        this.cfn = cfn;
    }

    /** Waits until the stack is no longer in progress; returns it in the status it settled in. */
    public Stack settled(String stackName) {
        AtomicReference<Stack> last = new AtomicReference<>();
        await().atMost(TIMEOUT).pollInterval(POLL).until(() -> {
            Stack stack = cfn.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
            last.set(stack);
            return !stack.stackStatusAsString().endsWith("_IN_PROGRESS") || stack.stackStatus() == StackStatus.REVIEW_IN_PROGRESS;
        });
        return last.get();
    }

    /** Waits until the stack reaches one of the statuses. */
    public Stack status(String stackName, StackStatus... statuses) {
        Set<StackStatus> wanted = EnumSet.of(statuses[0], statuses);
        AtomicReference<Stack> last = new AtomicReference<>();
        await().atMost(TIMEOUT).pollInterval(POLL).until(() -> {
            Stack stack = cfn.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
            last.set(stack);
            return wanted.contains(stack.stackStatus());
        });
        return last.get();
    }

    /** Waits until the change set is computed: CREATE_COMPLETE or FAILED. */
    public DescribeChangeSetResponse changeSetComputed(String stackName, String changeSetName) {
        AtomicReference<DescribeChangeSetResponse> last = new AtomicReference<>();
        await().atMost(TIMEOUT).pollInterval(POLL).until(() -> {
            DescribeChangeSetResponse changeSet = cfn.describeChangeSet(r -> r.stackName(stackName).changeSetName(changeSetName));
            last.set(changeSet);
            return changeSet.status() == ChangeSetStatus.CREATE_COMPLETE || changeSet.status() == ChangeSetStatus.FAILED;
        });
        return last.get();
    }
}
