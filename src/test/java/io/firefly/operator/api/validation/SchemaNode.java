package io.firefly.operator.api.validation;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One node of a CRD's structural openAPIV3Schema, holding only the keywords this validator implements.
 * Parsing refuses any other keyword, so a CRD that starts using one (format, minimum, oneOf,
 * x-kubernetes-list-type...) fails the tests loudly instead of being half-checked.
 */
record SchemaNode(
        String type,
        Map<String, SchemaNode> properties,
        List<String> required,
        SchemaNode items,
        SchemaNode additionalProperties,
        Pattern pattern,
        String patternText,
        Long minLength,
        Long maxLength,
        Long minItems,
        Long maxItems,
        Long minProperties,
        Long maxProperties,
        List<Object> enumValues,
        Object defaultValue,
        boolean nullable,
        boolean preserveUnknownFields,
        List<ValidationRule> rules) {

    private static final Set<String> IMPLEMENTED = Set.of(
            "type", "description", "properties", "required", "items", "additionalProperties", "pattern",
            "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "enum",
            "default", "nullable", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-validations");

    /** One entry of x-kubernetes-validations. */
    record ValidationRule(String rule, String message, String reason, String fieldPath) {
        private static final Set<String> IMPLEMENTED = Set.of("rule", "message", "reason", "fieldPath");
    }

    boolean isObject() {
        return "object".equals(type);
    }

    @SuppressWarnings("unchecked")
    static SchemaNode parse(Map<String, Object> raw, String where) {
        Set<String> unknown = new TreeSet<>(raw.keySet());
        unknown.removeAll(IMPLEMENTED);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("schema keyword(s) " + unknown + " at " + where
                    + " are not implemented by CrdSchemaValidator: implement them before relying on them");
        }
        Map<String, SchemaNode> properties = new LinkedHashMap<>();
        ((Map<String, Object>) raw.getOrDefault("properties", Map.of())).forEach((name, child) ->
                properties.put(name, parse((Map<String, Object>) child, where + ".properties." + name)));
        Object additional = raw.get("additionalProperties");
        if (additional != null && !(additional instanceof Map)) {
            throw new IllegalArgumentException("additionalProperties: " + additional + " at " + where
                    + " is not implemented by CrdSchemaValidator (only a schema is)");
        }
        String patternText = (String) raw.get("pattern");
        return new SchemaNode(
                (String) raw.get("type"),
                properties,
                (List<String>) raw.getOrDefault("required", List.of()),
                raw.containsKey("items") ? parse((Map<String, Object>) raw.get("items"), where + ".items") : null,
                additional == null ? null : parse((Map<String, Object>) additional, where + ".additionalProperties"),
                patternText == null ? null : Pattern.compile(patternText),
                patternText,
                number(raw, "minLength"),
                number(raw, "maxLength"),
                number(raw, "minItems"),
                number(raw, "maxItems"),
                number(raw, "minProperties"),
                number(raw, "maxProperties"),
                (List<Object>) raw.get("enum"),
                raw.get("default"),
                Boolean.TRUE.equals(raw.get("nullable")),
                Boolean.TRUE.equals(raw.get("x-kubernetes-preserve-unknown-fields")),
                rules((List<Map<String, Object>>) raw.getOrDefault("x-kubernetes-validations", List.of()), where));
    }

    private static Long number(Map<String, Object> raw, String keyword) {
        Object value = raw.get(keyword);
        return value == null ? null : ((Number) value).longValue();
    }

    private static List<ValidationRule> rules(List<Map<String, Object>> raw, String where) {
        List<ValidationRule> rules = new ArrayList<>();
        for (Map<String, Object> entry : raw) {
            Set<String> unknown = new TreeSet<>(entry.keySet());
            unknown.removeAll(ValidationRule.IMPLEMENTED);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("x-kubernetes-validations field(s) " + unknown + " at " + where
                        + " are not implemented by CrdSchemaValidator: implement them before relying on them");
            }
            rules.add(new ValidationRule((String) entry.get("rule"), (String) entry.get("message"),
                    (String) entry.get("reason"), (String) entry.get("fieldPath")));
        }
        return rules;
    }
}
