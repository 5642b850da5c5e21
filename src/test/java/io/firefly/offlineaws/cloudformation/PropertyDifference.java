package io.firefly.offlineaws.cloudformation;

/**
 * One property whose actual value is not the template's, as DescribeStackResourceDrifts lists it.
 *
 * @param path           a JSON pointer into the resource's properties, e.g. {@code /TimeToLiveSpecification/Enabled}
 * @param differenceType NOT_EQUAL, or REMOVE when the resource no longer has the property
 */
public record PropertyDifference(String path, String expectedValue, String actualValue, String differenceType) {
}
