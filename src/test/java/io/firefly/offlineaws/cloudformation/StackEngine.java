package io.firefly.offlineaws.cloudformation;

/** The stacks and change sets of one offline account and region. */
public final class StackEngine {

    public CallSubject subjectOf(String stackName, String changeSetName, String changeSetType, boolean creating) {
        return new CallSubject(stackName, changeSetName, creating ? (changeSetType == null ? "UPDATE" : changeSetType) : null);
    }
}
