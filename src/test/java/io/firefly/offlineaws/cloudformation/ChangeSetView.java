package io.firefly.offlineaws.cloudformation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A change set as DescribeChangeSet and ListChangeSets show it, copied out of the engine at one moment. */
public record ChangeSetView(String changeSetId, String changeSetName, String stackId, String stackName, String type,
                            String description, List<ParameterView> parameters, Instant creationTime,
                            String executionStatus, String status, String statusReason, List<String> capabilities,
                            Map<String, String> tags, List<String> notificationArns, List<ResourceChange> changes) {
}
