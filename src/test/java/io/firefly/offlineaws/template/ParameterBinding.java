package io.firefly.offlineaws.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The parameter values of one stack: supplied values checked against the declarations, defaults filled in.
 * The checks run in CloudFormation's order (unknown names, then missing values, then each parameter's
 * constraints) and fail with its texts.
 *
 * <p>Values of {@code AWS::SSM::Parameter::Value<...>} parameters are used as given: there is no parameter
 * store offline to look them up in.
 */
final class ParameterBinding {

    private final LinkedHashMap<String, String> values = new LinkedHashMap<>();
    private final Map<String, JsonNode> referenceValues = new LinkedHashMap<>();

    ParameterBinding(Template template, Map<String, String> supplied) {
        Map<String, ParameterDeclaration> declarations = template.parameters();
        List<String> unknown = supplied.keySet().stream().filter(name -> !declarations.containsKey(name)).toList();
        if (!unknown.isEmpty()) {
            throw new TemplateException("Parameters: " + unknown + " do not exist in the template");
        }
        List<String> missing = new ArrayList<>();
        declarations.forEach((name, declaration) -> {
            Optional<String> value = Optional.ofNullable(supplied.get(name)).or(declaration::defaultValue);
            value.ifPresentOrElse(v -> values.put(name, v), () -> missing.add(name));
        });
        if (!missing.isEmpty()) {
            throw new TemplateException("Parameters: " + missing + " must have values");
        }
        JsonNode section = template.json().path("Parameters");
        declarations.forEach((name, declaration) -> {
            String value = values.get(name);
            check(declaration, section.path(name), value);
            referenceValues.put(name, declaration.isList() ? list(value) : Json.NODES.textNode(value));
        });
    }

    /** Effective values as text; list parameters as their comma-separated text. */
    LinkedHashMap<String, String> values() {
        return new LinkedHashMap<>(values);
    }

    /** What {@code Ref} of a parameter yields: a string, or an array for list types. */
    Optional<JsonNode> referenceValue(String name) {
        return Optional.ofNullable(referenceValues.get(name)).map(JsonNode::deepCopy);
    }

    private static ArrayNode list(String value) {
        ArrayNode array = Json.NODES.arrayNode();
        if (!value.isEmpty()) {
            // CloudFormation trims the spaces around each member of a comma-delimited list
            Arrays.stream(value.split(",", -1)).map(String::strip).forEach(array::add);
        }
        return array;
    }

    private static void check(ParameterDeclaration declaration, JsonNode constraints, String value) {
        String name = declaration.name();
        List<String> members = declaration.isList() ? Json.stringOrList(list(value)) : List.of(value);
        boolean numeric = declaration.type().equals("Number") || declaration.type().equals("List<Number>");
        if (numeric && !members.stream().allMatch(ParameterBinding::isNumber)) {
            throw new TemplateException("Parameter '" + name + "' must be a number.");
        }
        if (!declaration.allowedValues().isEmpty() && !declaration.allowedValues().containsAll(members)) {
            throw violated(name, constraints, "Parameter '" + name + "' must be one of AllowedValues");
        }
        Optional<String> pattern = Json.scalarText(constraints.get("AllowedPattern"));
        if (pattern.isPresent() && !members.stream().allMatch(m -> matches(name, pattern.get(), m))) {
            throw violated(name, constraints, "Parameter '" + name + "' must match pattern " + pattern.get());
        }
        Optional<Integer> minLength = number(constraints, "MinLength").map(BigDecimal::intValue);
        if (minLength.isPresent() && value.length() < minLength.get()) {
            throw violated(name, constraints,
                    "Parameter '" + name + "' must contain at least " + minLength.get() + " characters");
        }
        Optional<Integer> maxLength = number(constraints, "MaxLength").map(BigDecimal::intValue);
        if (maxLength.isPresent() && value.length() > maxLength.get()) {
            throw violated(name, constraints,
                    "Parameter '" + name + "' must contain at most " + maxLength.get() + " characters");
        }
        if (numeric) {
            Optional<BigDecimal> min = number(constraints, "MinValue");
            Optional<BigDecimal> max = number(constraints, "MaxValue");
            for (String member : members) {
                BigDecimal n = new BigDecimal(member.strip());
                if (min.isPresent() && n.compareTo(min.get()) < 0) {
                    throw violated(name, constraints, "Parameter '" + name + "' must be a number not less than "
                            + min.get().toPlainString());
                }
                if (max.isPresent() && n.compareTo(max.get()) > 0) {
                    throw violated(name, constraints, "Parameter '" + name + "' must be a number not greater than "
                            + max.get().toPlainString());
                }
            }
        }
    }

    /** A ConstraintDescription replaces CloudFormation's own reason. */
    private static TemplateException violated(String name, JsonNode constraints, String reason) {
        return new TemplateException(Json.scalarText(constraints.get("ConstraintDescription"))
                .map(description -> "Parameter " + name + " failed to satisfy constraint: " + description)
                .orElse(reason));
    }

    private static boolean matches(String name, String pattern, String value) {
        try {
            return Pattern.compile(pattern).matcher(value).matches();
        } catch (PatternSyntaxException e) {
            throw new TemplateException("Template format error: AllowedPattern of parameter " + name
                    + " is not a valid regular expression: " + e.getDescription());
        }
    }

    private static Optional<BigDecimal> number(JsonNode constraints, String field) {
        return Json.scalarText(constraints.get(field)).map(text -> {
            if (!isNumber(text)) {
                throw new TemplateException("Template format error: " + field + " must be a number, got '" + text + "'");
            }
            return new BigDecimal(text.strip());
        });
    }

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
