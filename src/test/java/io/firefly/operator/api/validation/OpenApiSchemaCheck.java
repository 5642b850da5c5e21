package io.firefly.operator.api.validation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The apiserver's OpenAPI schema validation of a custom resource (kube-openapi's SchemaValidator, with the
 * error conversion of apiextensions-apiserver): type, required, pattern, minLength/maxLength,
 * minItems/maxItems, minProperties/maxProperties, enum, items and additionalProperties, in kube-openapi's
 * order, including its quirk that a string reports only the first of maxLength, minLength, pattern to fail.
 *
 * <p>On update a value whose old value can be paired with it (through object fields and map keys, never
 * list items) and that did not change is not checked: the apiserver ratchets, so an object stored before
 * the schema got stricter can still be updated elsewhere.
 */
final class OpenApiSchemaCheck {
    private final List<FieldError> errors;

    private OpenApiSchemaCheck(List<FieldError> errors) {
        this.errors = errors;
    }

    /** Adds the errors of {@code value} to {@code errors}; {@code old} is {@link OldValue#NONE} on create. */
    static void check(Object value, SchemaNode schema, FieldPath path, Object old, List<FieldError> errors) {
        new OpenApiSchemaCheck(errors).node(value, schema, path, old);
    }

    private void node(Object value, SchemaNode schema, FieldPath path, Object old) {
        if (old != OldValue.NONE && Objects.equals(old, value)) {
            return;
        }
        String name = path.openApiName();
        String field = name.isEmpty() ? "<nil>" : name;
        String actualType = JsonTypes.of(value);
        if (value == null) {
            if (schema.type() != null && !schema.nullable()) {
                errors.add(FieldError.typeInvalid(field, "null", typeMessage(name, schema.type(), "null")));
            }
        } else if (schema.type() != null && !JsonTypes.matches(schema.type(), value)) {
            errors.add(FieldError.typeInvalid(field, actualType, typeMessage(name, schema.type(), actualType)));
        }
        if (value instanceof String text) {
            string(text, schema, name, field);
        }
        if (value instanceof List<?> list) {
            list(list, schema, path, name, field);
        }
        if (schema.enumValues() != null && !schema.enumValues().contains(value)) {
            errors.add(FieldError.notSupported(field, value, schema.enumValues()));
        }
        if (value instanceof Map<?, ?> map) {
            object(map, schema, path, name, field, old);
        }
    }

    private void string(String text, SchemaNode schema, String name, String field) {
        long length = text.codePointCount(0, text.length());
        if (schema.maxLength() != null && length > schema.maxLength()) {
            errors.add(FieldError.tooLong(field, schema.maxLength()));
        } else if (schema.minLength() != null && length < schema.minLength()) {
            errors.add(FieldError.invalid(field, text,
                    name + " in body should be at least " + schema.minLength() + " chars long"));
        } else if (schema.pattern() != null && !schema.pattern().matcher(text).find()) {
            errors.add(FieldError.invalid(field, text,
                    name + " in body should match '" + schema.patternText() + "'"));
        }
    }

    private void list(List<?> list, SchemaNode schema, FieldPath path, String name, String field) {
        if (schema.items() != null) {
            for (int i = 0; i < list.size(); i++) {
                // list items have no old value to pair with: the lists here are atomic
                node(list.get(i), schema.items(), path.index(i), OldValue.NONE);
            }
        }
        if (schema.minItems() != null && list.size() < schema.minItems()) {
            errors.add(FieldError.invalid(field, (long) list.size(),
                    name + " in body should have at least " + schema.minItems() + " items"));
        }
        if (schema.maxItems() != null && list.size() > schema.maxItems()) {
            errors.add(FieldError.tooMany(field, list.size(), schema.maxItems()));
        }
    }

    private void object(Map<?, ?> map, SchemaNode schema, FieldPath path, String name, String field, Object old) {
        if (schema.minProperties() != null && map.size() < schema.minProperties()) {
            errors.add(FieldError.invalid(field, (long) map.size(),
                    name + " in body should have at least " + schema.minProperties() + " properties"));
            return;
        }
        if (schema.maxProperties() != null && map.size() > schema.maxProperties()) {
            errors.add(FieldError.tooMany(field, map.size(), schema.maxProperties()));
            return;
        }
        if (schema.additionalProperties() != null) {
            map.forEach((key, entry) -> {
                if (!schema.properties().containsKey((String) key)) {
                    node(entry, schema.additionalProperties(), path.key((String) key), OldValue.child(old, key));
                }
            });
        }
        schema.properties().forEach((property, child) -> {
            if (map.containsKey(property)) {
                node(map.get(property), child, path.child(property), OldValue.child(old, property));
            }
        });
        for (String property : schema.required()) {
            if (!map.containsKey(property)) {
                errors.add(FieldError.required(path.child(property).openApiName(), ""));
            }
        }
    }

    private static String typeMessage(String name, String expected, String actual) {
        return name + " in body must be of type " + expected + ": " + FieldError.goQuote(actual);
    }
}
