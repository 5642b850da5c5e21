package io.firefly.operator.port;

/**
 * A change set's Status (AWS CloudFormation API Reference, "DescribeChangeSet"): whether CloudFormation
 * finished computing it. {@link #UNKNOWN} stands for a value this operator version does not know.
 */
public enum ChangeSetState {
    CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, DELETE_PENDING, DELETE_IN_PROGRESS, DELETE_COMPLETE,
    DELETE_FAILED, FAILED, UNKNOWN;

    public static ChangeSetState of(String value) {
        for (ChangeSetState state : values()) {
            if (state.name().equals(value)) {
                return state;
            }
        }
        return UNKNOWN;
    }

    /** CloudFormation is still computing the changes. */
    public boolean isBeingCreated() {
        return this == CREATE_PENDING || this == CREATE_IN_PROGRESS;
    }
}
