package io.firefly.offlineaws.resources;

import com.fasterxml.jackson.databind.JsonNode;

/** One resource to create or update: where it belongs and its resolved properties. */
public record ResourceRequest(String stackName, String logicalId, String type, JsonNode properties) {
}
