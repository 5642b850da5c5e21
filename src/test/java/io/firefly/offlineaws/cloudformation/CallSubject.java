package io.firefly.offlineaws.cloudformation;

/** The stack and change set a CloudFormation call concerns, for the call log; each part may be null. */
public record CallSubject(String stackName, String changeSetName, String changeSetType) {
}
