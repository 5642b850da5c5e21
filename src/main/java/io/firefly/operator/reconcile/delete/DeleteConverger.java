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
import java.util.function.Supplier;
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

    /**
     * The FireflyStacks that still use the stack being deleted (they name it in dependsOn or read its outputs).
     */
    public interface Dependents {
        /** As the operator's cache shows them: enough to wait on, no request. */
        List<String> cached();

        /**
         * As the API server lists them now: asked before a step that takes the stack from whoever uses it, since a
         * cache can miss a FireflyStack created while its watch was down. Empty when the API server did not answer.
         */
        Optional<List<String>> listed();
    }

    /**
     * What a step does, decided from what AWS shows. A step that takes the stack from whoever uses it (DeleteStack,
     * or letting the finalizer go while the stack stays in AWS) is taken only once the API server's list confirms
     * that no FireflyStack uses it. Following CloudFormation's work, or letting go of a stack that is already
     * gone, needs no list: a thousand deletions under way do not each list their namespace at every poll.
     */
    private record Step(boolean ifUnused, Supplier<Next> take) {
        static Step anyway(Next next) {
            return new Step(false, () -> next);
        }

        static Step ifUnused(Supplier<Next> take) {
            return new Step(true, take);
        }
    }

    public Next converge(FireflyStack resource, Dependents dependents, String region, StatusReport report) {
        List<String> cached = dependents.cached();
        if (!cached.isEmpty()) {
            return blocked(cached, report);
        }
        Step step = decide(resource, region, report);
        if (step.ifUnused()) {
            Optional<List<String>> listed = dependents.listed();
            if (listed.isEmpty()) {
                report.progressing(Phase.Deleting, ConditionReason.DeletionBlocked, "the operator could not list the"
                        + " FireflyStacks of namespace " + resource.getMetadata().getNamespace() + " to check that none still"
                        + " uses stack " + resource.getSpec().getStackName() + "; it lists them again before deleting anything");
                return new Wait(durations.backoff(resource));
            }
            if (!listed.get().isEmpty()) {
                return blocked(listed.get(), report);
            }
            report.deletionBlocked(List.of(), "no FireflyStack depends on this one any more");
        } else {
            report.deletionBlocked(List.of(), "no FireflyStack in the operator's cache depends on this one any more");
        }
        return step.take().get();
    }

    private Next blocked(List<String> dependents, StatusReport report) {
        String message = "deletion waits for " + String.join(", ", dependents)
                + " to be deleted first: they still use this stack";
        report.deletionBlocked(dependents, message);
        report.progressing(Phase.DeletionBlocked, ConditionReason.DeletionBlocked, message);
        return new Wait(durations.stable());
    }

    private Step decide(FireflyStack resource, String region, StatusReport report) {
        String stackName = resource.getSpec().getStackName();
        if (resource.getSpec().getDeletionPolicy() == DeletionPolicy.Retain) {
            return Step.ifUnused(() -> new Done("deletionPolicy is Retain: stack " + stackName + " stays in AWS"));
        }
        if (resource.getSpec().isSuspend()) {
            return Step.ifUnused(() -> new Done("spec.suspend is true: the operator leaves stack " + stackName
                    + " in AWS as it is"));
        }
        Optional<ObservedStack> observed = aws.stack(region, stackName);
        report.observed(observed);
        if (observed.isEmpty()) {
            report.status().setStackStatus(StackStatus.DELETE_COMPLETE.name());
            return Step.anyway(new Done("stack " + stackName + " is deleted"));
        }
        ObservedStack stack = observed.get();
        // A stack tagged for another FireflyStack, even one that is gone, was never this one's to delete.
        Optional<String> owner = StackOwner.other(stack, resource);
        if (owner.isPresent()) {
            return Step.ifUnused(() -> new Done("stack " + stackName + " belongs to FireflyStack " + owner.get()
                    + ": left in AWS"));
        }
        if (stack.status() == StackStatus.DELETE_IN_PROGRESS) {
            if (report.status().getPhase() != Phase.DeleteFailed) { // a retry under way keeps showing what a person must fix
                report.progressing(Phase.Deleting, ConditionReason.Deleting, "CloudFormation is deleting stack " + stackName);
            }
            return Step.anyway(new Wait(durations.inProgress()));
        }
        return switch (stack.status().situation()) {
            case IN_PROGRESS -> {
                report.progressing(Phase.Deleting, ConditionReason.Deleting, "waiting for " + stack.status()
                        + " on stack " + stackName + " to end before deleting it");
                yield Step.anyway(new Wait(durations.inProgress()));
            }
            case DELETE_FAILED -> Step.ifUnused(() -> deleteFailed(resource, region, stackName, report));
            case UNKNOWN -> {
                report.stalled(Phase.DeleteFailed, ConditionReason.UnknownStatus, "stack " + stackName + " has status "
                        + stack.rawStatus() + ", which this operator version does not know; it does not delete the stack"
                        + " while it stays so. Upgrade the operator, or delete the stack in AWS.");
                yield Step.anyway(new Wait(durations.backoff(resource)));
            }
            case ABSENT, REVIEW, STABLE, CREATE_ROLLED_BACK, ROLLBACK_FAILED, UPDATE_ROLLBACK_FAILED -> Step.ifUnused(() -> {
                aws.deleteStack(region, stackName);
                report.progressing(Phase.Deleting, ConditionReason.Deleting, "deleting stack " + stackName);
                return new Wait(durations.inProgress());
            });
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
