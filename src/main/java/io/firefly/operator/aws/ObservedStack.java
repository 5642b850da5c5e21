package io.firefly.operator.aws;

import io.firefly.operator.aws.StackStatuses.StackState;
import java.time.Instant;
import java.util.Map;

/** A stack as one DescribeStacks call saw it. */
public record ObservedStack(String name, String id, String status, String statusReason, Map<String, String> outputs,
                            Map<String, String> tags, Instant readAt) {
    public StackState state() {
        return StackStatuses.classify(status);
    }
}
