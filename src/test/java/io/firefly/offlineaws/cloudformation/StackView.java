package io.firefly.offlineaws.cloudformation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stack as DescribeStacks and ListStacks show it, copied out of the engine at one moment. */
public record StackView(String stackId, String stackName, String changeSetId, String description,
                        List<ParameterView> parameters, Instant creationTime, Instant deletionTime,
                        Instant lastUpdatedTime, StackStatus status, String statusReason, boolean disableRollback,
                        List<String> notificationArns, List<String> capabilities, List<StackOutput> outputs,
                        String roleArn, Map<String, String> tags, boolean terminationProtection,
                        DriftInformation drift) {
}
