package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The change set the operator is working with. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeSetStatus(String name, String type, String status, String executionStatus, String statusReason) {
}
