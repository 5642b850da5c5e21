package io.firefly.offlineaws.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Conditions block evaluated once for a stack's parameter values. Every condition is evaluated up front,
 * so an unknown condition, a reference to a resource or a cycle between conditions fails the stack before
 * anything is created.
 */
final class Conditions {

    private final JsonNode definitions;
    private final IntrinsicResolver resolver;
    private final Map<String, Boolean> values = new LinkedHashMap<>();
    private final Set<String> evaluating = new LinkedHashSet<>();

    Conditions(JsonNode template, IntrinsicResolver.StackContext stack) {
        JsonNode section = template.path("Conditions");
        this.definitions = section.isObject() ? section : Json.NODES.objectNode();
        this.resolver = IntrinsicResolver.forConditions(stack);
        definitions.fieldNames().forEachRemaining(this::holds);
    }

    boolean exists(String name) {
        return definitions.has(name);
    }

    /** The value of a declared condition; {@link TemplateException} for an unknown name. */
    boolean holds(String name) {
        Boolean known = values.get(name);
        if (known != null) {
            return known;
        }
        if (!definitions.has(name)) {
            throw new TemplateException("Template format error: Unresolved condition dependency " + name
                    + " in the Conditions block of the template");
        }
        if (!evaluating.add(name)) {
            throw new TemplateException("Template error: Circular dependency between conditions: "
                    + new ArrayList<>(evaluating));
        }
        boolean value = evaluate(definitions.get(name), name);
        evaluating.remove(name);
        values.put(name, value);
        return value;
    }

    private boolean evaluate(JsonNode expression, String condition) {
        if (expression.isObject() && expression.size() == 1 && expression.has("Condition")) {
            return holds(Json.scalarText(expression.get("Condition")).orElseThrow(() -> invalid(condition)));
        }
        Optional<FunctionCall> call = FunctionCall.of(expression);
        if (call.isEmpty()) {
            throw invalid(condition);
        }
        JsonNode argument = call.get().argument();
        return switch (call.get().name()) {
            case "Fn::Equals" -> equal(resolver.resolve(call.get().arg(0, 2)), resolver.resolve(argument.get(1)));
            case "Fn::Not" -> !evaluate(call.get().arg(0, 1), condition);
            case "Fn::And" -> operands(argument, "Fn::And").stream().allMatch(c -> evaluate(c, condition));
            case "Fn::Or" -> operands(argument, "Fn::Or").stream().anyMatch(c -> evaluate(c, condition));
            default -> throw invalid(condition);
        };
    }

    /** Equals compares as CloudFormation does: the Number parameter "1" equals the literal 1. */
    private static boolean equal(JsonNode left, JsonNode right) {
        Optional<String> leftText = Json.scalarText(left);
        Optional<String> rightText = Json.scalarText(right);
        if (leftText.isPresent() && rightText.isPresent()) {
            return leftText.get().equals(rightText.get());
        }
        return left.equals(right);
    }

    private static List<JsonNode> operands(JsonNode argument, String function) {
        if (!argument.isArray() || argument.size() < 2 || argument.size() > 10) {
            throw new TemplateException("Template error: " + function + " requires between 2 and 10 conditions");
        }
        List<JsonNode> operands = new ArrayList<>();
        argument.forEach(operands::add);
        return operands;
    }

    private static TemplateException invalid(String condition) {
        return new TemplateException("Template error: condition " + condition + " must be built from Fn::Equals, "
                + "Fn::Not, Fn::And, Fn::Or and {\"Condition\": name}");
    }
}
