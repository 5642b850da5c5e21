package io.firefly.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.firefly.operator.template.CloudFormationYaml;

/** Reads the example templates as CloudFormation reads them, with the operator's own template reader. */
final class CloudFormationTemplates {

    private CloudFormationTemplates() {}

    static JsonNode read(String stack) {
        return CloudFormationYaml.parse(YamlDocuments.text(ExpectedStacks.template(stack))).json();
    }

    /** The only resource of a template that must declare exactly one. */
    static JsonNode onlyResource(JsonNode template, String stack) {
        JsonNode resources = template.path("Resources");
        if (resources.size() != 1) {
            throw new AssertionError(stack + " must declare exactly one resource, declares " + resources.size());
        }
        return resources.elements().next();
    }
}
