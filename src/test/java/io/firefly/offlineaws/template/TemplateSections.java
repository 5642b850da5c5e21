package io.firefly.offlineaws.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks the Parameters, Resources and Outputs sections, with CloudFormation's error texts. */
final class TemplateSections {

    private static final Set<String> RESOURCE_ATTRIBUTES = Set.of("Type", "Properties", "DependsOn", "Condition",
            "DeletionPolicy", "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy", "Version");
    private static final Pattern PARAMETER_TYPE = Pattern.compile(
            "String|Number|List<Number>|CommaDelimitedList|AWS::.+|List<AWS::.+>");

    private TemplateSections() {
    }

    static LinkedHashMap<String, ParameterDeclaration> parameters(JsonNode template) {
        LinkedHashMap<String, ParameterDeclaration> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : entries(template, "Parameters")) {
            String name = entry.getKey();
            JsonNode declaration = entry.getValue();
            if (!declaration.isObject()) {
                throw new TemplateException("Template format error: Every Parameters member must be an object.");
            }
            String type = Json.scalarText(declaration.get("Type")).orElseThrow(() ->
                    new TemplateException("Template format error: Every Parameters object must contain a Type member."));
            if (!PARAMETER_TYPE.matcher(type).matches()) {
                throw new TemplateException("Template format error: Unrecognized parameter type: " + type);
            }
            JsonNode defaultNode = declaration.get("Default");
            Optional<String> defaultValue = defaultNode != null && defaultNode.isArray()
                    ? Optional.of(String.join(",", Json.stringOrList(defaultNode)))
                    : Json.scalarText(defaultNode);
            List<String> allowed = Json.stringOrList(declaration.get("AllowedValues"));
            boolean noEcho = Json.scalarText(declaration.get("NoEcho")).map(Boolean::parseBoolean).orElse(false);
            String description = Json.scalarText(declaration.get("Description")).orElse("");
            parameters.put(name, new ParameterDeclaration(name, type, defaultValue, allowed, noEcho, description));
        }
        return parameters;
    }

    static LinkedHashMap<String, ResourceDeclaration> resources(JsonNode template) {
        JsonNode section = template.get("Resources");
        if (section == null || !section.isObject() || section.isEmpty()) {
            throw new TemplateException("Template format error: At least one Resources member must be defined.");
        }
        LinkedHashMap<String, ResourceDeclaration> resources = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : entries(template, "Resources")) {
            String id = entry.getKey();
            JsonNode resource = entry.getValue();
            if (!resource.isObject()) {
                throw new TemplateException("Template format error: Every Resources member must be an object.");
            }
            String type = Json.scalarText(resource.get("Type")).filter(t -> !t.isBlank()).orElseThrow(() ->
                    new TemplateException("Template format error: [/Resources/" + id
                            + "] Every Resources object must contain a Type member."));
            List<String> unknown = new ArrayList<>();
            resource.fieldNames().forEachRemaining(attribute -> {
                if (!RESOURCE_ATTRIBUTES.contains(attribute)) {
                    unknown.add(attribute);
                }
            });
            if (!unknown.isEmpty()) {
                throw new TemplateException("Template format error: Invalid template resource property '"
                        + String.join(", ", unknown) + "'");
            }
            JsonNode properties = resource.get("Properties");
            if (properties != null && !properties.isObject() && !properties.isNull()) {
                throw new TemplateException("Template format error: [/Resources/" + id
                        + "/Properties] Properties must be an object.");
            }
            resources.put(id, new ResourceDeclaration(id, type,
                    properties == null || properties.isNull() ? Json.NODES.objectNode() : properties.deepCopy(),
                    Json.scalarText(resource.get("DeletionPolicy")),
                    Json.scalarText(resource.get("UpdateReplacePolicy")),
                    Json.scalarText(resource.get("Condition")),
                    new LinkedHashSet<>(Json.stringOrList(resource.get("DependsOn")))));
        }
        checkOutputs(template);
        return resources;
    }

    private static void checkOutputs(JsonNode template) {
        for (Map.Entry<String, JsonNode> entry : entries(template, "Outputs")) {
            if (!entry.getValue().isObject() || !entry.getValue().has("Value")) {
                throw new TemplateException("Template format error: Every Outputs member must contain a Value object");
            }
        }
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode template, String section) {
        JsonNode node = template.get(section);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isObject()) {
            throw new TemplateException("Template format error: " + section + " must be an object.");
        }
        List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
        node.fields().forEachRemaining(list::add);
        return list;
    }
}
