package io.firefly.operator.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
    /** {@code ${Name}}, or {@code ${!Literal}}, which Fn::Sub writes as {@code ${Literal}}. */
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final CloudFormationTemplate template;
    private final Map<String, String> parameters;
    private final Map<String, String> pseudo;

    /**
     * @param parameters the values the stack will get, defaults not included
     * @param pseudo pseudo parameters such as AWS::Region and AWS::StackName
     */
    public TemplateInspector(CloudFormationTemplate template, Map<String, String> parameters, Map<String, String> pseudo) {
        this.template = template;
        this.parameters = parameters;
        this.pseudo = pseudo;
    }

    /**
     * Every AWS::DynamoDB::Table whose TableName resolves without creating anything: a literal, a {@code Ref}
     * to a parameter or pseudo parameter, or a {@code Fn::Sub} of those. A name that depends on a YAML value
     * whose CloudFormation reading is uncertain (see {@link ScalarReading}) and differs between the two
     * readings is left out: the operator does not guess which table CloudFormation would name.
     */
    public List<NamedTable> namedTables() {
        JsonNode document = template.json();
        JsonNode alternative = template.json(ScalarReading.ALTERNATIVE);
        List<NamedTable> tables = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            JsonNode body = resource.getValue();
            if (!"AWS::DynamoDB::Table".equals(body.path("Type").asText())) {
                continue;
            }
            Optional<String> name = tableName(document, resource.getKey());
            if (name.isPresent() && name.equals(tableName(alternative, resource.getKey()))) {
                tables.add(new NamedTable(resource.getKey(), name.get(), body.has("DeletionPolicy")));
            }
        }
        return tables;
    }

    /**
     * The IMPORT change set's template: the user's text with the Outputs section cut out (CloudFormation
     * refuses Outputs during an import) and every resource but the imported ones (an import may not create
     * anything else); the UPDATE that follows sends the whole text. Every other character stays as written.
     */
    public String importBody(Set<String> logicalIds) {
        return template.withoutMembers(List.of(), "Outputs"::equals)
                .withoutMembers(List.of("Resources"), id -> !logicalIds.contains(id))
                .text();
    }

    private Optional<String> tableName(JsonNode document, String logicalId) {
        return resolve(document, document.path("Resources").path(logicalId).path("Properties").path("TableName"));
    }

    private Optional<String> resolve(JsonNode document, JsonNode value) {
        if (value.isValueNode() && !value.isNull()) {
            return Optional.of(value.asText());
        }
        if (value.isObject() && value.size() == 1) {
            if (value.has("Ref")) {
                return lookup(document, value.get("Ref").asText(), Map.of());
            }
            JsonNode sub = value.get("Fn::Sub");
            if (sub != null && sub.isTextual()) {
                return substitute(document, sub.asText(), Map.of());
            }
            if (sub != null && sub.isArray() && sub.size() == 2 && sub.get(0).isTextual() && sub.get(1).isObject()) {
                Map<String, JsonNode> variables = new LinkedHashMap<>();
                sub.get(1).fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue()));
                return substitute(document, sub.get(0).asText(), variables);
            }
        }
        return Optional.empty();
    }

    private Optional<String> substitute(JsonNode document, String text, Map<String, JsonNode> variables) {
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            Optional<String> replacement = name.startsWith("!")
                    ? Optional.of("${" + name.substring(1) + "}")
                    : lookup(document, name, variables);
            if (replacement.isEmpty()) {
                return Optional.empty();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.get()));
        }
        matcher.appendTail(out);
        return Optional.of(out.toString());
    }

    /** A Fn::Sub variable, a parameter's value or default, or a pseudo parameter; empty for anything else. */
    private Optional<String> lookup(JsonNode document, String name, Map<String, JsonNode> variables) {
        if (variables.containsKey(name)) {
            return resolve(document, variables.get(name));
        }
        if (parameters.containsKey(name)) {
            return Optional.of(parameters.get(name));
        }
        if (pseudo.containsKey(name)) {
            return Optional.of(pseudo.get(name));
        }
        JsonNode declared = document.path("Parameters").path(name).path("Default");
        return declared.isValueNode() && !declared.isNull() ? Optional.of(declared.asText()) : Optional.empty();
    }

    /** A table the template names; {@code hasDeletionPolicy} is what an import demands. */
    public record NamedTable(String logicalId, String tableName, boolean hasDeletionPolicy) {
    }
}
