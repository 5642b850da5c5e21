package io.firefly.operator.api.validation;

import java.util.List;
import java.util.Map;

/** JSON types of the plain Java values a decoded manifest is made of (see {@link PlainValues}). */
final class JsonTypes {
    private JsonTypes() {
    }

    /** The type name kube-openapi reports for a value: string, integer, number, boolean, array, object or null. */
    static String of(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Long) {
            return "integer";
        }
        if (value instanceof Double) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof List<?>) {
            return "array";
        }
        if (value instanceof Map<?, ?>) {
            return "object";
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }

    /** Whether a value has the schema's type; like kube-openapi, integers are numbers and whole numbers integers. */
    static boolean matches(String schemaType, Object value) {
        String actual = of(value);
        return schemaType.equals(actual)
                || "number".equals(schemaType) && value instanceof Long
                || "integer".equals(schemaType) && value instanceof Double number && number == Math.rint(number)
                        && !Double.isInfinite(number);
    }
}
