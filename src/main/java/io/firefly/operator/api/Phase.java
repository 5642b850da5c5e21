package io.firefly.operator.api;

/** Where a FireflyStack stands, as {@code kubectl get fireflystacks} shows it. */
public enum Phase {
    Pending, WaitingForDependencies, Creating, Importing, Updating, Ready, Failed, Deleting, DeletionBlocked, DeleteFailed
}
