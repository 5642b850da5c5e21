package io.firefly.operator.reconcile;

import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.FailedResource;
import java.util.List;
import java.util.stream.Collectors;

/** Turns CloudFormation's failure texts into a reason and a message that says what to do. */
final class FailureText {
    private FailureText() {
    }

    record Explained(ConditionReason reason, String message) {
    }

    /** Why CreateChangeSet was refused, or why a change set ended FAILED. */
    static Explained changeSetFailure(String changeSetName, String awsCode, String awsMessage) {
        String text = awsMessage == null ? "" : awsMessage;
        if ("InsufficientCapabilitiesException".equals(awsCode) || text.contains("Requires capabilities")) {
            return new Explained(ConditionReason.MissingCapabilities, "CloudFormation refused change set " + changeSetName
                    + ": " + text + ". Add the capability to spec.capabilities.");
        }
        if (text.startsWith("Template format error") || text.startsWith("Template error") || text.contains("Parameters:")
                || text.startsWith("Parameter '") || text.contains("Unresolved resource dependencies")) {
            return new Explained(ConditionReason.TemplateInvalid, "CloudFormation rejected the template or parameters: "
                    + text + ". Fix spec.template or spec.parameters.");
        }
        return new Explained(ConditionReason.ChangeSetFailed, "change set " + changeSetName + " failed: " + text
                + ". Fix the FireflyStack spec; the operator tries again when it changes.");
    }

    static String resources(List<FailedResource> failed) {
        if (failed.isEmpty()) {
            return "CloudFormation gave no resource reason";
        }
        return failed.stream().map(f -> f.logicalId() + " (" + f.type() + "): " + f.reason())
                .collect(Collectors.joining("; "));
    }

    /** The remedy for a resource CloudFormation could not delete, in plain words, for each seed scenario. */
    static String deleteRemedy(FailedResource failed) {
        String reason = failed.reason() == null ? "" : failed.reason().toLowerCase(java.util.Locale.ROOT);
        String table = failed.physicalId() == null ? failed.logicalId() : failed.physicalId();
        if (reason.contains("protected against deletion") || reason.contains("deletion protection")) {
            return "disable deletion protection on table " + table
                    + " (aws dynamodb update-table --table-name " + table + " --no-deletion-protection-enabled), the operator will retry";
        }
        if (reason.contains("point-in-time") || reason.contains("pitr")) {
            return "disable point-in-time recovery on table " + table
                    + " (aws dynamodb update-continuous-backups --table-name " + table
                    + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=false), the operator will retry";
        }
        if (reason.contains("not empty") || reason.contains("non-empty")) {
            return "empty or delete table " + table + " in AWS (the operator never deletes data itself), the operator will retry";
        }
        return "fix what keeps " + failed.logicalId() + " from being deleted in AWS, the operator will retry";
    }
}
