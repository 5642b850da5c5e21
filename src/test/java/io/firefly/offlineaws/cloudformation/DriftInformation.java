package io.firefly.offlineaws.cloudformation;

import java.time.Instant;

/**
 * Whether a stack or a resource has been checked for drift, the result and when: the DriftInformation
 * element of DescribeStacks, ListStacks and the stack resource actions.
 *
 * @param status             StackDriftStatus or StackResourceDriftStatus
 * @param lastCheckTimestamp when it was last checked; null while NOT_CHECKED
 */
public record DriftInformation(String status, Instant lastCheckTimestamp) {

    static final DriftInformation NOT_CHECKED = new DriftInformation("NOT_CHECKED", null);
}
