package io.firefly.operator.api;

/** Condition types of a FireflyStack, following kstatus. */
public enum ConditionType {
    /** The stack matches the current generation. */
    Ready,
    /** An AWS operation is under way. */
    Reconciling,
    /** A person must act; the message says what to do. */
    Stalled,
    /** Every stack this one depends on is Ready. */
    DependenciesReady,
    /** Deletion waits for dependents listed in status.blockedBy. */
    DeletionBlocked,
    /** CloudFormation drift detection found resources changed outside CloudFormation (status.drift says which). */
    Drifted,
    /** The spec sets fields this operator version does not know; it reconciles without them. */
    FieldsIgnored
}
