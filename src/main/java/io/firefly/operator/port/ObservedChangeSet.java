package io.firefly.operator.port;

import java.time.Instant;

/**
 * A change set as CloudFormation describes it.
 *
 * @param rejection why a FAILED change set failed; null otherwise. CloudFormation reports "nothing to change" as
 *                  a FAILED change set ({@link Rejection#NO_CHANGES}), which the operator counts as success.
 * @param createdAt its CreationTime: CloudFormation compared the template and values with the stack as it was
 *                  then, so an empty change set says nothing about a stack updated later; null when not known
 */
public record ObservedChangeSet(String name, ChangeSetState status, ExecutionStatus execution, String statusReason,
                                Rejection rejection, Instant createdAt) {

    /** The stack already matches: nothing to execute. */
    public boolean isEmpty() {
        return status == ChangeSetState.FAILED && rejection == Rejection.NO_CHANGES;
    }

    public boolean isExecutable() {
        return status == ChangeSetState.CREATE_COMPLETE && execution == ExecutionStatus.AVAILABLE;
    }

    /** CloudFormation could not compute it (a bad template, a missing capability): it will never run. */
    public boolean isRefused() {
        return status == ChangeSetState.FAILED && rejection != Rejection.NO_CHANGES;
    }

    /** Neither a status nor an execution status this operator version knows what to do with. */
    public boolean isUnknown() {
        return status == ChangeSetState.UNKNOWN || execution == ExecutionStatus.UNKNOWN;
    }
}
