package io.firefly.operator.reconcile.deploy;

import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.FailedResource;
import io.firefly.operator.port.DeleteBlocker;
import io.firefly.operator.port.Rejection;
import io.firefly.operator.port.ResourceFailure;
import java.util.List;
import java.util.stream.Collectors;

/** Turns CloudFormation's failures into a condition reason and a message that says what to do. */
public final class FailureText {
    private FailureText() {
    }

    public record Explained(ConditionReason reason, String message) {
    }

    /** Why CreateChangeSet was refused, or why a change set ended FAILED. */
    public static Explained changeSetFailure(String changeSetName, Rejection rejection, String awsMessage) {
        String text = awsMessage == null ? "" : awsMessage;
        return switch (rejection == null ? Rejection.OTHER : rejection) {
            case MISSING_CAPABILITIES -> new Explained(ConditionReason.MissingCapabilities, "CloudFormation refused change set "
                    + changeSetName + ": " + text + ". Add the capability to spec.capabilities.");
            case TEMPLATE_INVALID -> new Explained(ConditionReason.TemplateInvalid, "CloudFormation rejected the template or"
                    + " parameters: " + text + ". Fix spec.template or spec.parameters.");
            case NO_CHANGES, OTHER -> new Explained(ConditionReason.ChangeSetFailed, "change set " + changeSetName + " failed: "
                    + text + ". Fix the FireflyStack spec; the operator tries again when it changes.");
        };
    }

    public static String resources(List<FailedResource> failed) {
        if (failed.isEmpty()) {
            return "CloudFormation gave no resource reason";
        }
        return failed.stream().map(f -> f.logicalId() + " (" + f.type() + "): " + f.reason())
                .collect(Collectors.joining("; "));
    }

    public static List<FailedResource> statusOf(List<ResourceFailure> failures) {
        return failures.stream().map(ResourceFailure::resource).toList();
    }

    /** The remedy for a resource CloudFormation could not delete, in plain words. */
    public static String deleteRemedy(ResourceFailure failure) {
        FailedResource failed = failure.resource();
        String table = failed.physicalId() == null ? failed.logicalId() : failed.physicalId();
        DeleteBlocker blocker = failure.blocker();
        return switch (blocker) {
            case DELETION_PROTECTION -> "disable deletion protection on table " + table
                    + " (aws dynamodb update-table --table-name " + table + " --no-deletion-protection-enabled), the operator will retry";
            case POINT_IN_TIME_RECOVERY -> "disable point-in-time recovery on table " + table
                    + " (aws dynamodb update-continuous-backups --table-name " + table
                    + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=false), the operator will retry";
            case NOT_EMPTY -> "empty or delete table " + table
                    + " in AWS (the operator never deletes data itself), the operator will retry";
            case OTHER -> "fix what keeps " + failed.logicalId() + " from being deleted in AWS, the operator will retry";
        };
    }
}
