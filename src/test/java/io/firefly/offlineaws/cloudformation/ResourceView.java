package io.firefly.offlineaws.cloudformation;

/** A stack resource with the stack it belongs to and its last drift result, as DescribeStackResources shows it. */
public record ResourceView(String stackName, String stackId, StackResource resource, DriftInformation drift) {
}
