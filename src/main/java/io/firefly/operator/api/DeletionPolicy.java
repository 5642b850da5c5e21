package io.firefly.operator.api;

/** What happens to the CloudFormation stack when its FireflyStack is deleted. */
public enum DeletionPolicy {
    /** DeleteStack, followed to DELETE_COMPLETE. */
    Delete,
    /** Leave the stack and its resources in AWS. */
    Retain
}
