package io.firefly.operator.reconcile.delete;

import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.DeletionPolicy;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.firefly.operator.port.AwsPort;
import io.firefly.operator.port.ObservedStack;
import io.firefly.operator.port.ResourceFailure;
import io.firefly.operator.port.StackStatus;
import io.firefly.operator.reconcile.deploy.Durations;
import io.firefly.operator.reconcile.deploy.FailureText;
import io.firefly.operator.reconcile.inputs.StackOwner;
import io.firefly.operator.reconcile.status.StatusReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The delete workflow, one step per call: wait for dependents to go, then leave the stack (Retain, or a
 * suspended FireflyStack) or delete it and follow it to the end. The operator never calls DynamoDB
 * DeleteTable: a table goes only with its stack, when CloudFormation and the table's own protection allow it.
 */
public final class DeleteConverger {
    private final AwsPort aws;
    private final Durations durations;

    public DeleteConverger(AwsPort aws, Durations durations) {
        this.aws = aws;
        this.durations = durations;
    }

    /** What happens next: come back after a while, or the finalizer may go. */
    public sealed interface Next permits Wait, Done {
    }

    public record Wait(Duration after) implements Next {
    }

    public record Done(String message) implements Next {
    }

    public Next converge(FireflyStack resource, List<String> dependents, String region, StatusReport report) {
        String stackName = resource.getSpec().getStackName();
        if (!dependents.isEmpty()) {
            String message = "deletion waits for " + String.join(", ", dependents)
                    + " to be deleted first: they still use this stack";
            report.deletionBlocked(dependents, message);
            report.progressing(Phase.DeletionBlocked, ConditionReason.DeletionBlocked, message);
            return new Wait(durations.stable());
        }
        report.deletionBlocked(List.of(), "no FireflyStack depends on this one any more");
        if (resource.getSpec().getDeletionPolicy() == DeletionPolicy.Retain) {
            return new Done("deletionPolicy is Retain: stack " + stackName + " stays in AWS");
        }
        if (resource.getSpec().isSuspend()) {
            return new Done("spec.suspend is true: the operator leaves stack " + stackName + " in AWS as it is");
        }
        Optional<ObservedStack> observed = aws.stack(region, stackName);
        report.observed(observed);
        if (observed.isEmpty()) {
            report.status().setStackStatus(StackStatus.DELETE_COMPLETE.name());
            return new Done("stack " + stackName + " is deleted");
        }
        ObservedStack stack = observed.get();
        // A stack tagged for another FireflyStack, even one that is gone, was never this one's to delete.
        Optional<String> owner = StackOwner.other(stack, resource);
        if (owner.isPresent()) {
            return new Done("stack " + stackName + " belongs to FireflyStack " + owner.get() + ": left in AWS");
        }
        if (stack.status() == StackStatus.DELETE_IN_PROGRESS) {
            if (report.status().getPhase() == Phase.DeleteFailed) {
                return new Wait(durations.inProgress()); // a retry is under way: keep showing what a person must fix
            }
            report.progressing(Phase.Deleting, ConditionReason.Deleting, "CloudFormation is deleting stack " + stackName);
            return new Wait(durations.inProgress());
        }
        return switch (stack.status().situation()) {
            case IN_PROGRESS -> {
                report.progressing(Phase.Deleting, ConditionReason.Deleting, "waiting for " + stack.status()
                        + " on stack " + stackName + " to end before deleting it");
                yield new Wait(durations.inProgress());
            }
            case DELETE_FAILED -> deleteFailed(resource, region, stackName, report);
            case UNKNOWN -> {
                report.stalled(Phase.DeleteFailed, ConditionReason.UnknownStatus, "stack " + stackName + " has status "
                        + stack.rawStatus() + ", which this operator version does not know; it does not delete the stack"
                        + " while it stays so. Upgrade the operator, or delete the stack in AWS.");
                yield new Wait(durations.backoff(resource));
            }
            case ABSENT, REVIEW, STABLE, CREATE_ROLLED_BACK, ROLLBACK_FAILED, UPDATE_ROLLBACK_FAILED -> {
                aws.deleteStack(region, stackName);
                report.progressing(Phase.Deleting, ConditionReason.Deleting, "deleting stack " + stackName);
                yield new Wait(durations.inProgress());
            }
        };
    }

    /** AWS refused: say what to do, and try again with backoff so it ends by itself once it is done. */
    private Next deleteFailed(FireflyStack resource, String region, String stackName, StatusReport report) {
        List<ResourceFailure> failed = aws.failedResources(region, stackName);
        report.status().setFailedResources(FailureText.statusOf(failed));
        String remedy = failed.isEmpty() ? "fix the cause in AWS, the operator will retry"
                : failed.stream().map(FailureText::deleteRemedy).distinct().collect(Collectors.joining("; "));
        report.stalled(Phase.DeleteFailed, ConditionReason.DeleteFailed, "deleting stack " + stackName + " failed: "
                + FailureText.resources(FailureText.statusOf(failed)) + ". To finish: " + remedy + ".");
        aws.deleteStack(region, stackName);
        return new Wait(durations.backoff(resource));
    }
}
