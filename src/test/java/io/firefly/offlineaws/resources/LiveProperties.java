package io.firefly.offlineaws.resources;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * Reads what a resource is now, for drift detection: its current configuration in the shape its template
 * declares it, so that the two can be compared property by property.
 */
public interface LiveProperties {

    /**
     * The resource's actual properties: {@code expected} with every property this type can read replaced by
     * the resource's current value (left out when the resource no longer has it); empty when the resource
     * itself no longer exists. A {@link ResourceFailure} when the resource cannot be read.
     */
    Optional<JsonNode> actual(String physicalId, JsonNode expected);
}
