package io.firefly.operator.api.validation;

import java.util.List;
import java.util.Map;

/**
 * What the apiserver does to a custom resource before validating it: a JSON null in a field that is not
 * nullable is dropped, or replaced by the field's default when it has one, and every absent field with a
 * default gets it. Defaults are applied top down, so a default object gets its own fields' defaults too.
 */
final class StructuralDefaulting {
    private StructuralDefaulting() {
    }

    @SuppressWarnings("unchecked")
    static void apply(Object value, SchemaNode schema) {
        if (schema == null) {
            return;
        }
        if (value instanceof Map<?, ?> raw) {
            Map<String, Object> object = (Map<String, Object>) raw;
            schema.properties().forEach((name, child) -> fill(object, name, child));
            if (schema.additionalProperties() != null) {
                object.keySet().stream()
                        .filter(key -> !schema.properties().containsKey(key))
                        .toList()
                        .forEach(key -> fill(object, key, schema.additionalProperties()));
            }
            object.forEach((key, child) -> apply(child, schema.properties().getOrDefault(key, schema.additionalProperties())));
        } else if (value instanceof List<?> list) {
            list.forEach(item -> apply(item, schema.items()));
        }
    }

    private static void fill(Map<String, Object> object, String name, SchemaNode child) {
        boolean nonNullableNull = object.containsKey(name) && object.get(name) == null && !child.nullable();
        if (!object.containsKey(name) || nonNullableNull) {
            if (child.defaultValue() != null) {
                object.put(name, PlainValues.copy(child.defaultValue()));
            } else if (nonNullableNull) {
                object.remove(name);
            }
        }
    }
}
