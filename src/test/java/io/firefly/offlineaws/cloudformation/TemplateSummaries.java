package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.resources.ResourceProviders;
import io.firefly.offlineaws.template.ResourceDeclaration;
import io.firefly.offlineaws.template.Template;
import io.firefly.offlineaws.template.TemplateException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds what ValidateTemplate and GetTemplateSummary report about a template. */
final class TemplateSummaries {

    private TemplateSummaries() {
    }

    static TemplateSummary of(Template template, ResourceProviders providers) {
        Template expanded;
        Set<String> capabilities;
        try {
            expanded = template.expandServerless();
            capabilities = template.requiredCapabilities();
        } catch (TemplateException e) {
            throw CloudFormationError.validation(e.getMessage());
        }
        List<String> iamTypes = expanded.resources().values().stream()
                .map(ResourceDeclaration::type)
                .filter(type -> type.startsWith("AWS::IAM::"))
                .distinct()
                .toList();
        String reason = iamTypes.isEmpty() ? null : "The following resource(s) require capabilities: " + iamTypes;
        List<String> resourceTypes = template.resources().values().stream().map(ResourceDeclaration::type).distinct().toList();
        Map<String, TemplateSummary.IdentifierSummary> identifiers = new LinkedHashMap<>();
        Map<String, List<String>> logicalIdsByType = new LinkedHashMap<>();
        expanded.resources().values().forEach(r -> logicalIdsByType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r.logicalId()));
        logicalIdsByType.forEach((type, ids) -> identifiers.put(type, new TemplateSummary.IdentifierSummary(type, ids,
                providers.forType(type).identifierProperty(type))));
        String version = template.json().path("AWSTemplateFormatVersion").isValueNode()
                ? template.json().path("AWSTemplateFormatVersion").asText() : null;
        return new TemplateSummary(List.copyOf(template.parameters().values()), template.description().orElse(null),
                List.copyOf(capabilities), reason, template.transforms(), resourceTypes, version, identifiers);
    }
}
