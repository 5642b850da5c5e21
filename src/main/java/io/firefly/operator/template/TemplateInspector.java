package io.firefly.operator.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the operator needs to know of a template before CloudFormation sees it: which DynamoDB tables it
 * names (the import path adopts those that already exist), and the body of an IMPORT change set.
 */
public final class TemplateInspector {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    private final JsonNode template;
    private final Map<String, String> parameters;
    private final Map<String, String> pseudo;

    /**
     * @param parameters the values the stack will get, defaults not included
     * @param pseudo pseudo parameters such as AWS::Region and AWS::StackName
     */
    public TemplateInspector(JsonNode template, Map<String, String> parameters, Map<String, String> pseudo) {
        this.template = template;
        this.parameters = parameters;
        this.pseudo = pseudo;
    }

    /** Every AWS::DynamoDB::Table whose TableName resolves without creating anything. */
    public List<NamedTable> namedTables() {
        List<NamedTable> tables = new ArrayList<>();
        JsonNode resources = template.path("Resources");
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            JsonNode body = resource.getValue();
            if ("AWS::DynamoDB::Table".equals(body.path("Type").asText())) {
                resolve(body.path("Properties").path("TableName")).ifPresent(name -> tables.add(
                        new NamedTable(resource.getKey(), name, body.has("DeletionPolicy"))));
            }
        }
        return tables;
    }

    /**
     * The IMPORT change set's template: only the resources being imported, and no Outputs, which
     * CloudFormation refuses during an import; the UPDATE that follows adds the rest.
     */
    public String importBody(Set<String> logicalIds) {
        ObjectNode copy = template.deepCopy();
        copy.remove("Outputs");
        ObjectNode resources = (ObjectNode) copy.path("Resources");
        resources.retain(logicalIds);
        return CloudFormationYaml.toJson(copy);
    }

    private Optional<String> resolve(JsonNode value) {
        if (value.isTextual()) {
            return Optional.of(value.asText());
        }
        if (value.isObject() && value.size() == 1) {
            if (value.has("Ref")) {
                return lookup(value.get("Ref").asText());
            }
            if (value.has("Fn::Sub") && value.get("Fn::Sub").isTextual()) {
                return substitute(value.get("Fn::Sub").asText());
            }
        }
        return Optional.empty();
    }

    private Optional<String> substitute(String text) {
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Optional<String> replacement = lookup(matcher.group(1));
            if (replacement.isEmpty()) {
                return Optional.empty();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.get()));
        }
        matcher.appendTail(out);
        return Optional.of(out.toString());
    }

    private Optional<String> lookup(String name) {
        if (parameters.containsKey(name)) {
            return Optional.of(parameters.get(name));
        }
        if (pseudo.containsKey(name)) {
            return Optional.of(pseudo.get(name));
        }
        JsonNode declared = template.path("Parameters").path(name).path("Default");
        return declared.isValueNode() && !declared.isNull() ? Optional.of(declared.asText()) : Optional.empty();
    }

    /** A table the template names; {@code hasDeletionPolicy} is what an import demands. */
    public record NamedTable(String logicalId, String tableName, boolean hasDeletionPolicy) {
    }
}
