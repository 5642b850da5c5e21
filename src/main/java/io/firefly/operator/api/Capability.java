package io.firefly.operator.api;

/** CloudFormation capabilities a template may need acknowledged. */
public enum Capability {
    CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND
}
