package io.firefly.operator.port;

/**
 * A change set's ExecutionStatus (AWS CloudFormation API Reference, "DescribeChangeSet"): whether it can run,
 * runs, ran or never will. {@link #UNKNOWN} stands for a value this operator version does not know.
 */
public enum ExecutionStatus {
    UNAVAILABLE, AVAILABLE, EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE, EXECUTE_FAILED,
    /** Another change set ran on the stack first: this one can never run. */
    OBSOLETE,
    UNKNOWN;

    public static ExecutionStatus of(String value) {
        for (ExecutionStatus status : values()) {
            if (status.name().equals(value)) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
