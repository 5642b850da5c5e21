package io.firefly.offlineaws.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * An EventBridge event pattern (Amazon EventBridge User Guide, "Event patterns"): every field the pattern
 * names must match. A field's array lists the values that match, exactly, or as {@code {"prefix": "..."}}
 * or {@code {"exists": true|false}}; an object descends into the event's object of that name. Other content
 * filters are not implemented here and match nothing.
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

    private static boolean fieldMatches(JsonNode allowed, JsonNode value) {
        if (value != null && value.isArray()) {
            for (JsonNode element : value) {
                if (fieldMatches(allowed, element)) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode option : allowed) {
            if (option.isObject()) {
                if (option.has("exists") && option.get("exists").asBoolean() == (value != null)) {
                    return true;
                }
                if (option.has("prefix") && value != null && value.isTextual()
                        && value.asText().startsWith(option.get("prefix").asText())) {
                    return true;
                }
            } else if (value != null && option.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
