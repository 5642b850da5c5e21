package io.firefly.offlineaws.cloudformation;

/** A stack output as DescribeStacks shows it; description and export name may be null. */
public record StackOutput(String key, String value, String description, String exportName) {
}
