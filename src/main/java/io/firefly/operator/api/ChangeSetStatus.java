package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The change set the operator made last, as CloudFormation reported it.
 *
 * @param noChanges      CloudFormation found nothing to change: the stack already matched
 * @param stackUpdatedAt the stack's LastUpdatedTime once this change set was applied: a later one means
 *                       someone else updated the stack since
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeSetStatus(String name, String type, String status, String executionStatus, String statusReason,
                              @JsonPropertyDescription("True when CloudFormation found nothing to change: the stack already matched.")
                              Boolean noChanges,
                              @JsonPropertyDescription("The stack's LastUpdatedTime when the operator saw this change set applied.")
                              String stackUpdatedAt) {
}
