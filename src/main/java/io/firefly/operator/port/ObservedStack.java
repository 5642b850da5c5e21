package io.firefly.operator.port;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stack as one DescribeStacks reply showed it.
 *
 * @param rawStatus     the status text AWS sent, kept for the user when {@code status} is UNKNOWN
 * @param parameters    parameter values as CloudFormation holds them (NoEcho values are masked by AWS)
 * @param lastUpdatedAt when the stack was last updated, by anyone; its creation time before any update
 * @param readAt        when the operator read it
 */
public record ObservedStack(String name, String id, StackStatus status, String rawStatus, String statusReason,
                            Map<String, String> outputs, Map<String, String> tags, Map<String, String> parameters,
                            List<String> capabilities, String roleArn, Instant lastUpdatedAt, Instant readAt) {

    public ObservedStack {
        outputs = Map.copyOf(outputs);
        tags = Map.copyOf(tags);
        parameters = Map.copyOf(parameters);
        capabilities = List.copyOf(capabilities);
    }
}
