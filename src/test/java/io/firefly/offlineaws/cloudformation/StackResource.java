package io.firefly.offlineaws.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A resource of a stack: what the template declared for it when it was last deployed, and what exists.
 *
 * @param properties the resolved properties it was created or last updated with
 * @param attributes what {@code Fn::GetAtt} yields for it
 */
public record StackResource(String logicalId, String type, String physicalId, JsonNode properties,
                            Map<String, String> attributes, Optional<String> deletionPolicy,
                            Optional<String> updateReplacePolicy, String status, String statusReason, Instant timestamp) {

    public StackResource withStatus(String newStatus, String reason, Instant at) {
        return new StackResource(logicalId, type, physicalId, properties, attributes, deletionPolicy,
                updateReplacePolicy, newStatus, reason, at);
    }

    /** Retained when the stack is deleted or the resource removed (RetainExceptOnCreate too, once created). */
    public boolean retainedOnDelete() {
        return deletionPolicy.filter(p -> p.equals("Retain") || p.equals("RetainExceptOnCreate")).isPresent();
    }
}
