package io.firefly.operator.port;

/**
 * Why CloudFormation would not compute or accept a change set, sorted from its error code and text (which only
 * the AWS adapter reads), so the reconciler can say which field to fix.
 */
public enum Rejection {
    /** CloudFormation found nothing to change: not a failure, the stack already matches. */
    NO_CHANGES,
    /** The template needs a capability (CAPABILITY_IAM ...) the request did not acknowledge. */
    MISSING_CAPABILITIES,
    /** The template or its parameters are invalid (format error, unknown resource type, bad parameter). */
    TEMPLATE_INVALID,
    /** Anything else CloudFormation refused. */
    OTHER
}
