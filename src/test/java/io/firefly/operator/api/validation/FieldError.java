package io.firefly.operator.api.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * One validation error as the apiserver words it ({@code k8s.io/apimachinery/pkg/util/validation/field}):
 * {@code <field>: <type>[: <value>][: <detail>]}, for example
 * {@code spec.deletionPolicy: Unsupported value: "Keep": supported values: "Delete", "Retain"}.
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

    /** Marks an error whose value the apiserver leaves out (CEL failures on objects and arrays). */
    public static final Object OMITTED = new Object() {
        @Override
        public String toString() {
            return "<omitted>";
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The apiserver's error types, with the words it prints for them. */
    public enum Type {
        REQUIRED("Required value", false),
        FORBIDDEN("Forbidden", false),
        TOO_LONG("Too long", false),
        INVALID("Invalid value", true),
        TYPE_INVALID("Invalid value", true),
        NOT_SUPPORTED("Unsupported value", true),
        DUPLICATE("Duplicate value", true),
        TOO_MANY("Too many", true);

        private final String words;
        private final boolean showsValue;

        Type(String words, boolean showsValue) {
            this.words = words;
            this.showsValue = showsValue;
        }

        /**
         * The apiserver skips the CEL rules when the schema already found one of these: the object does not
         * have the shape the rules were written for (apiextensions-apiserver's hasBlockingErr).
         */
        boolean blocksCelRules() {
            return this == NOT_SUPPORTED || this == REQUIRED || this == TOO_LONG || this == TOO_MANY
                    || this == TYPE_INVALID;
        }
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(Type.REQUIRED, field, "", detail);
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(Type.INVALID, field, value, detail);
    }

    public static FieldError typeInvalid(String field, Object value, String detail) {
        return new FieldError(Type.TYPE_INVALID, field, value, detail);
    }

    public static FieldError notSupported(String field, Object value, List<Object> supported) {
        StringBuilder detail = new StringBuilder();
        for (Object allowed : supported) {
            detail.append(detail.length() == 0 ? "supported values: " : ", ")
                    .append(goQuote(allowed instanceof String text ? text : json(allowed)));
        }
        return new FieldError(Type.NOT_SUPPORTED, field, value, detail.toString());
    }

    /** kube's TooLong: the limit is counted in characters, yet the message has always said bytes. */
    public static FieldError tooLong(String field, long maxLength) {
        return new FieldError(Type.TOO_LONG, field, OMITTED,
                "may not be more than " + maxLength + (maxLength == 1 ? " byte" : " bytes"));
    }

    public static FieldError tooMany(String field, long actual, long max) {
        return new FieldError(Type.TOO_MANY, field, actual, "must have at most " + max + (max == 1 ? " item" : " items"));
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(Type.FORBIDDEN, field, "", detail);
    }

    public static FieldError duplicate(String field, Object value) {
        return new FieldError(Type.DUPLICATE, field, value, "");
    }

    @Override
    public String toString() {
        StringBuilder body = new StringBuilder(type.words);
        if (type.showsValue && badValue != OMITTED) {
            body.append(": ").append(render(badValue));
        }
        if (detail != null && !detail.isEmpty()) {
            body.append(": ").append(detail);
        }
        return field + ": " + body;
    }

    /** Go's rendering of a bad value: %q for strings, %v for numbers and booleans, JSON for the rest. */
    private static String render(Object value) {
        if (value instanceof String text) {
            return goQuote(text);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return json(value);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value instanceof Map<?, ?> || value instanceof List<?> || value == null
                    ? value : String.valueOf(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value, e);
        }
    }

    /** Go's %q: a double-quoted string with Go escapes; printable non-ASCII characters stay as they are. */
    static String goQuote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\x%02x", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }
}
