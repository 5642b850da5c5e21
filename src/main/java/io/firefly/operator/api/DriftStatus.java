package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * What CloudFormation drift detection last found on the stack's resources.
 *
 * @param checkedAt        when the last detection finished (ISO-8601)
 * @param stackDriftStatus DRIFTED, IN_SYNC, UNKNOWN or NOT_CHECKED, as CloudFormation reports it
 * @param detectionId      the detection under way, if one is
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DriftStatus(
        @JsonPropertyDescription("When the last drift detection finished.") String checkedAt,
        @JsonPropertyDescription("DRIFTED, IN_SYNC, UNKNOWN or NOT_CHECKED, as CloudFormation reports it.") String stackDriftStatus,
        @JsonPropertyDescription("The drift detection under way, if one is.") String detectionId,
        @JsonPropertyDescription("Why the last detection could not finish, when it could not.") String reason,
        @JsonPropertyDescription("The resources that differ from the template.") List<ResourceDrift> resources) {

    /** A resource that differs from the template, and how. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ResourceDrift(String logicalId, String physicalId, String resourceType,
                                @JsonPropertyDescription("MODIFIED or DELETED.") String driftStatus,
                                List<PropertyDrift> properties) {
    }

    /** One property: its path in the resource's properties, the value the template sets, the value in AWS. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PropertyDrift(String path, String expected, String actual,
                                @JsonPropertyDescription("ADD, REMOVE or NOT_EQUAL.") String differenceType) {
    }
}
