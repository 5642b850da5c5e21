package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.template.ParameterDeclaration;

import java.util.List;
import java.util.Map;

/**
 * What ValidateTemplate and GetTemplateSummary tell about a template.
 *
 * @param capabilitiesReason why the capabilities are needed, null when none are
 * @param identifiers        per resource type that can be imported: its identifier property and logical ids
 */
public record TemplateSummary(List<ParameterDeclaration> parameters, String description, List<String> capabilities,
                              String capabilitiesReason, List<String> transforms, List<String> resourceTypes,
                              String version, Map<String, IdentifierSummary> identifiers) {

    public record IdentifierSummary(String resourceType, List<String> logicalIds, String identifierProperty) {
    }
}
