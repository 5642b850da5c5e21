package io.firefly.operator.api;

/** Reasons of a FireflyAccount's Ready condition. */
public enum AccountConditionReason {
    /** The operator holds a session of the role: STS AssumeRole answered. */
    RoleAssumed,
    /** STS refused to let the operator assume the role; the message carries STS's answer. */
    AssumeRoleFailed
}
