package io.firefly.offlineaws.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds what a piece of template refers to: names used by {@code Ref} and plain {@code ${X}} of
 * {@code Fn::Sub}, logical ids used by {@code Fn::GetAtt} and {@code ${X.Attr}}, and condition names used by
 * {@code Fn::If}. Functions this engine cannot evaluate are rejected here, before anything is created.
 */
final class ReferenceCollector {

    static final Set<String> SUPPORTED = Set.of("Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::Split",
            "Fn::If", "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Fn::FindInMap", "Fn::Base64", "Fn::GetAZs",
            "Fn::ImportValue");

    /** What was found; names keep their first-seen order. */
    record References(Set<String> refs, Set<String> attributeTargets, Set<String> conditions) {

        Set<String> all() {
            Set<String> all = new LinkedHashSet<>(refs);
            all.addAll(attributeTargets);
            return all;
        }
    }

    private final Predicate<String> taken;
    private final References found = new References(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());

    /**
     * @param conditions when present, only the branch of each {@code Fn::If} that its condition selects is
     *                   searched, as only that branch is ever evaluated
     */
    private ReferenceCollector(Optional<Predicate<String>> conditions) {
        this.taken = conditions.orElse(null);
    }

    static References everywhere(JsonNode node) {
        ReferenceCollector collector = new ReferenceCollector(Optional.empty());
        collector.walk(node);
        return collector.found;
    }

    static References selectedBranches(JsonNode node, Predicate<String> conditions) {
        ReferenceCollector collector = new ReferenceCollector(Optional.of(conditions));
        collector.walk(node);
        return collector.found;
    }

    private void walk(JsonNode node) {
        if (node == null) {
            return;
        }
        Optional<FunctionCall> call = FunctionCall.of(node);
        if (call.isPresent()) {
            visit(call.get());
        } else if (node.isContainerNode()) {
            node.forEach(this::walk);
        }
    }

    private void visit(FunctionCall call) {
        JsonNode argument = call.argument();
        switch (call.name()) {
            case "Ref" -> found.refs().add(refName(argument));
            case "Fn::GetAtt" -> {
                found.attributeTargets().add(GetAtt.target(argument));
                walk(GetAtt.attributeNode(argument));
            }
            case "Fn::Sub" -> sub(argument);
            case "Fn::If" -> {
                String condition = Json.scalarText(call.arg(0, 3)).orElseThrow(() ->
                        new TemplateException("Template error: Fn::If requires a condition name as its first argument"));
                found.conditions().add(condition);
                if (taken == null) {
                    walk(argument.get(1));
                    walk(argument.get(2));
                } else {
                    walk(argument.get(taken.test(condition) ? 1 : 2));
                }
            }
            default -> {
                if (!SUPPORTED.contains(call.name())) {
                    throw new TemplateException("Template format error: Encountered unsupported function: " + call.name()
                            + " Supported functions are: " + SUPPORTED.stream().sorted().toList());
                }
                walk(argument);
            }
        }
    }

    private void sub(JsonNode argument) {
        JsonNode text = argument.isArray() ? argument.get(0) : argument;
        JsonNode variables = argument.isArray() && argument.size() == 2 ? argument.get(1) : Json.NODES.objectNode();
        if (text == null || !text.isTextual() || !variables.isObject() || (argument.isArray() && argument.size() != 2)) {
            throw new TemplateException("Template error: One or more Fn::Sub intrinsic functions don't specify "
                    + "expected arguments. Specify a string as first argument, and an optional second argument to "
                    + "specify a mapping of values to replace in the string");
        }
        for (SubString.Variable variable : SubString.parse(text.asText()).variables()) {
            if (variables.has(variable.name())) {
                continue;
            }
            if (variable.isAttribute()) {
                found.attributeTargets().add(variable.target());
            } else {
                found.refs().add(variable.name());
            }
        }
        for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) variables::fields) {
            walk(entry.getValue());
        }
    }

    static String refName(JsonNode argument) {
        return Json.scalarText(argument).filter(name -> argument.isTextual()).orElseThrow(() ->
                new TemplateException("Template format error: Every Ref object must have a single String value."));
    }
}
