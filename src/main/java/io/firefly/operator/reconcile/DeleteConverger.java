package io.firefly.operator.reconcile;

import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.DeletionPolicy;
import io.firefly.operator.api.FailedResource;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.firefly.operator.aws.ObservedStack;
import io.firefly.operator.aws.StackGateway;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The delete workflow of the seeds, one step per call: wait for dependents to go, then leave the stack
 * (Retain) or delete it and follow it to the end. The operator never calls DynamoDB DeleteTable: a table
 * goes only with its stack, when CloudFormation and the table's own protection allow it.
 */
final class DeleteConverger {
    private final StackGateway aws;
    private final DeployConverger.Durations durations;

    DeleteConverger(StackGateway aws, DeployConverger.Durations durations) {
        this.aws = aws;
        this.durations = durations;
    }

    /** What happens next: come back after a while, or the finalizer may go. */
    sealed interface Next permits Wait, Done {
    }

    record Wait(Duration after) implements Next {
    }

    record Done(String message) implements Next {
    }

    Next converge(FireflyStack resource, List<String> dependents, String region, StatusReport report) {
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
        Optional<ObservedStack> observed = aws.stack(region, stackName);
        report.status().setStackStatus(observed.map(ObservedStack::status).orElse("DELETE_COMPLETE"));
        report.status().setStackStatusReason(observed.map(ObservedStack::statusReason).orElse(null));
        if (observed.isEmpty()) {
            return new Done("stack " + stackName + " is deleted");
        }
        ObservedStack stack = observed.get();
        Optional<String> owner = StackOwner.other(stack, resource);
        if (owner.isPresent()) {
            return new Done("stack " + stackName + " belongs to FireflyStack " + owner.get() + ": left in AWS");
        }
        String status = stack.status();
        if (status.equals("DELETE_IN_PROGRESS")) {
            if (report.status().getPhase() == Phase.DeleteFailed) {
                return new Wait(durations.inProgress()); // a retry is under way: keep showing what a person must fix
            }
            report.progressing(Phase.Deleting, ConditionReason.Deleting, "CloudFormation is deleting stack " + stackName);
            return new Wait(durations.inProgress());
        }
        if (stack.state() == io.firefly.operator.aws.StackStatuses.StackState.IN_PROGRESS) {
            report.progressing(Phase.Deleting, ConditionReason.Deleting, "waiting for " + status + " on stack " + stackName
                    + " to end before deleting it");
            return new Wait(durations.inProgress());
        }
        if (stack.state() == io.firefly.operator.aws.StackStatuses.StackState.DELETE_FAILED) {
            return deleteFailed(resource, region, stackName, report);
        }
        aws.deleteStack(region, stackName);
        report.progressing(Phase.Deleting, ConditionReason.Deleting, "deleting stack " + stackName);
        return new Wait(durations.inProgress());
    }

    /** AWS refused: say what to do, and try again with backoff so it ends by itself once it is done. */
    private Next deleteFailed(FireflyStack resource, String region, String stackName, StatusReport report) {
        List<FailedResource> failed = aws.failedResources(region, stackName);
        report.status().setFailedResources(failed);
        String remedy = failed.isEmpty() ? "fix the cause in AWS, the operator will retry"
                : failed.stream().map(FailureText::deleteRemedy).distinct().collect(Collectors.joining("; "));
        report.stalled(Phase.DeleteFailed, ConditionReason.DeleteFailed, "deleting stack " + stackName + " failed: "
                + FailureText.resources(failed) + ". To finish: " + remedy + ".");
        aws.deleteStack(region, stackName);
        return new Wait(durations.backoff(resource));
    }
}
