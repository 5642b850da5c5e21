package io.firefly.soak;

import io.firefly.operator.api.FireflyStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetSummary;
import software.amazon.awssdk.services.cloudformation.model.ExecutionStatus;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** What AWS holds once the soak has settled, read with the soak's own client after the faults are off. */
final class EndState {
    private final CloudFormationClient cloudFormation;
    private final Fleet fleet;

    EndState(CloudFormationClient cloudFormation, Fleet fleet) {
        this.cloudFormation = cloudFormation;
        this.fleet = fleet;
    }

    /** Every change set still waiting to be executed, or left failed, on any stack AWS has. */
    List<String> unexecutedChangeSets() {
        List<String> left = new ArrayList<>();
        for (Stack stack : cloudFormation.describeStacksPaginator(b -> { }).stacks()) {
            for (ChangeSetSummary summary : cloudFormation.listChangeSetsPaginator(b -> b.stackName(stack.stackName())).summaries()) {
                if (summary.executionStatus() == ExecutionStatus.AVAILABLE || summary.executionStatus() == ExecutionStatus.UNAVAILABLE) {
                    left.add("stack %s (%s): change set %s %s/%s %s".formatted(stack.stackName(), stack.stackStatusAsString(),
                            summary.changeSetName(), summary.statusAsString(), summary.executionStatusAsString(),
                            Optional.ofNullable(summary.statusReason()).orElse("")));
                }
            }
        }
        return left;
    }

    /** A Ready object's stack exists in a complete state and holds the parameter value its manifest gives. */
    List<String> disagreements(List<FireflyStack> ready) {
        List<String> found = new ArrayList<>();
        for (FireflyStack object : ready) {
            Member member = fleet.named(object.getMetadata().getName());
            Optional<Stack> stack = describe(member.stackName());
            if (stack.isEmpty()) {
                found.add(member.name() + " is Ready but stack " + member.stackName() + " does not exist");
                continue;
            }
            String status = stack.get().stackStatusAsString();
            if (!Observer.complete(status)) {
                found.add(member.name() + " is Ready but stack " + member.stackName() + " is " + status);
            }
            String actual = stack.get().parameters().stream().filter(p -> p.parameterKey().equals(member.literalName()))
                    .map(Parameter::parameterValue).findFirst().orElse(null);
            if (!member.literal().equals(actual)) {
                found.add("%s is Ready but stack %s has %s=%s where the manifest says %s".formatted(member.name(),
                        member.stackName(), member.literalName(), actual, member.literal()));
            }
        }
        return found;
    }

    /** Stacks AWS still has: after the teardown, only those whose FireflyStack said deletionPolicy Retain may remain. */
    List<String> leftBehind() {
        List<String> found = new ArrayList<>();
        for (Stack stack : cloudFormation.describeStacksPaginator(b -> { }).stacks()) {
            Optional<Member> member = fleet.byStackName(stack.stackName());
            if (member.isEmpty() || member.get().deletionPolicy() != io.firefly.operator.api.DeletionPolicy.Retain) {
                found.add("stack " + stack.stackName() + " (" + stack.stackStatusAsString() + ") is left after its FireflyStack, "
                        + "which said deletionPolicy Delete, was deleted");
            }
        }
        return found;
    }

    private Optional<Stack> describe(String stackName) {
        try {
            return cloudFormation.describeStacks(b -> b.stackName(stackName)).stacks().stream().findFirst();
        } catch (CloudFormationException missing) {
            return Optional.empty();
        }
    }
}
