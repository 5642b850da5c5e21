package io.firefly.operator.reconcile.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firefly.operator.template.CloudFormationYaml;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resources a template declares, with their types as written and, for AWS SAM resources, the types the
 * transform expands them to; and the transforms that could add resources nobody can see before CloudFormation
 * runs them (macros, AWS::Include).
 *
 * @throws io.firefly.operator.template.TemplateFormatException from {@link #of} when the text is not a template
 */
record TemplateResources(List<Resource> resources, List<String> opaqueTransforms) {
    static final String SAM_TRANSFORM = "AWS::Serverless-2016-10-31";

    /** @param generated the SAM expansion; empty for a serverless type the operator does not know */
    record Resource(String logicalId, String type, Optional<Set<String>> generated) {
    }

    static TemplateResources of(String body) {
        JsonNode template = CloudFormationYaml.parse(body).json();
        List<Resource> resources = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.path("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String type = entry.getValue().path("Type").asText();
            Optional<Set<String>> generated = ServerlessExpansion.isServerless(type)
                    ? ServerlessExpansion.expand(type, withGlobals(template, type, entry.getValue().path("Properties")))
                    : Optional.of(Set.of());
            resources.add(new Resource(entry.getKey(), type, generated));
        }
        List<String> opaque = new ArrayList<>();
        JsonNode transform = template.path("Transform");
        for (JsonNode name : transform.isArray() ? transform : List.of(transform)) {
            if (!name.isMissingNode() && !SAM_TRANSFORM.equals(name.asText())) {
                opaque.add(name.isTextual() ? name.asText() : name.path("Name").asText(name.toString()));
            }
        }
        if (!template.findParents("Fn::Transform").isEmpty()) {
            opaque.add("Fn::Transform");
        }
        return new TemplateResources(List.copyOf(resources), List.copyOf(opaque));
    }

    /** SAM's Globals section gives every function (api, table ...) the properties it does not set itself. */
    private static JsonNode withGlobals(JsonNode template, String type, JsonNode properties) {
        JsonNode globals = template.path("Globals").path(type.substring("AWS::Serverless::".length()));
        if (!globals.isObject()) {
            return properties;
        }
        ObjectNode merged = ((ObjectNode) globals).deepCopy();
        if (properties.isObject()) {
            merged.setAll((ObjectNode) properties);
        }
        return merged;
    }
}
