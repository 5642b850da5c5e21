package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A stack resource that CloudFormation could not create, update or delete, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailedResource(String logicalId, String physicalId, String type, String status, String reason) {
}
