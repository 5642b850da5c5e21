package io.firefly.offlineaws.cloudformation;

import java.time.Instant;

/** One line of DescribeStackEvents: a status change of the stack itself or of one of its resources. */
public record StackEvent(String eventId, String stackId, String stackName, String logicalResourceId,
                         String physicalResourceId, String resourceType, Instant timestamp, String resourceStatus,
                         String resourceStatusReason) {
}
