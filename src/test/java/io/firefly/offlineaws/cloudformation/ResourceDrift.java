package io.firefly.offlineaws.cloudformation;

import java.time.Instant;
import java.util.List;

/**
 * What one drift detection found for one resource.
 *
 * @param status             IN_SYNC, MODIFIED, DELETED or UNKNOWN (the resource could not be read)
 * @param expectedProperties the template's properties as compact JSON; null unless IN_SYNC or MODIFIED
 * @param actualProperties   the resource's properties as compact JSON; null unless IN_SYNC or MODIFIED
 * @param timestamp          when the resource was read
 * @param reason             why the status is UNKNOWN; null otherwise
 */
public record ResourceDrift(String stackId, String logicalId, String physicalId, String type, String status,
                            String expectedProperties, String actualProperties, List<PropertyDifference> differences,
                            Instant timestamp, String reason) {

    boolean drifted() {
        return status.equals("MODIFIED") || status.equals("DELETED");
    }

    DriftInformation information() {
        return new DriftInformation(status, timestamp);
    }
}
