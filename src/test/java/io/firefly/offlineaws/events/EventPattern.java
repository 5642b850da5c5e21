package io.firefly.offlineaws.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * An EventBridge event pattern (Amazon EventBridge User Guide, "Event patterns" and "Comparison operators for
 * use in event patterns"): every field the pattern names must match. An object descends into the event's
 * object of that name; an array lists the filters of which one must match the event's value, or one element of
 * it when the value is an array. A filter is a value, matched exactly (numbers by value), or one of
 * {@code {"prefix": "..."}}, {@code {"suffix": "..."}}, {@code {"exists": true|false}} and
 * {@code {"anything-but": ...}}, whose operand is a string or number, a list of them, {@code {"prefix": "..."}}
 * or {@code {"suffix": "..."}}. Prefix and suffix filters match strings only; anything-but matches only a field
 * that is present. Other filters ({@code numeric}, {@code equals-ignore-case}, {@code wildcard}, {@code cidr},
 * {@code $or}, and other anything-but operands) are not implemented here and match nothing.
 */
final class EventPattern {

    private EventPattern() {
    }

    static boolean matches(JsonNode pattern, JsonNode event) {
        Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = event.get(field.getKey());
            JsonNode rule = field.getValue();
            boolean ok = rule.isObject() ? value != null && value.isObject() && matches(rule, value) : fieldMatches(rule, value);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** @param value the event's value, null when the event lacks the field */
    private static boolean fieldMatches(JsonNode filters, JsonNode value) {
        if (value != null && value.isArray()) {
            for (JsonNode element : value) {
                if (fieldMatches(filters, element)) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode filter : filters) {
            if (filterMatches(filter, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean filterMatches(JsonNode filter, JsonNode value) {
        if (!filter.isObject()) {
            return value != null && sameValue(filter, value);
        }
        if (filter.size() != 1) {
            return false;
        }
        Map.Entry<String, JsonNode> operator = filter.fields().next();
        JsonNode operand = operator.getValue();
        return switch (operator.getKey()) {
            case "exists" -> operand.isBoolean() && operand.asBoolean() == (value != null);
            case "prefix" -> isText(value) && operand.isTextual() && value.asText().startsWith(operand.asText());
            case "suffix" -> isText(value) && operand.isTextual() && value.asText().endsWith(operand.asText());
            case "anything-but" -> value != null && anythingBut(operand, value);
            default -> false;
        };
    }

    /** Whether the value is none of the operand's: a value, a list of values, or one prefix or suffix. */
    private static boolean anythingBut(JsonNode excluded, JsonNode value) {
        if (isScalar(excluded)) {
            return !sameValue(excluded, value);
        }
        if (excluded.isArray()) {
            for (JsonNode one : excluded) {
                if (!isScalar(one)) {
                    return false;
                }
                if (sameValue(one, value)) {
                    return false;
                }
            }
            return true;
        }
        if (excluded.isObject() && excluded.size() == 1 && isText(value)) {
            JsonNode prefix = excluded.get("prefix");
            if (prefix != null && prefix.isTextual()) {
                return !value.asText().startsWith(prefix.asText());
            }
            JsonNode suffix = excluded.get("suffix");
            if (suffix != null && suffix.isTextual()) {
                return !value.asText().endsWith(suffix.asText());
            }
        }
        return false;
    }

    /** Equal values; numbers by value, so that 5 and 5.0 are one. */
    private static boolean sameValue(JsonNode filter, JsonNode value) {
        if (filter.isNumber() && value.isNumber()) {
            return filter.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        return filter.equals(value);
    }

    private static boolean isScalar(JsonNode node) {
        return node.isTextual() || node.isNumber();
    }

    private static boolean isText(JsonNode value) {
        return value != null && value.isTextual();
    }
}
