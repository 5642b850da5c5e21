package io.firefly.operator.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest as the apiserver decodes JSON: objects, arrays, strings, 64-bit integers, doubles, booleans and
 * null, always as a fresh copy (defaulting changes it). Anything Jackson can serialize is accepted: a parsed
 * YAML map, a JsonNode, or a Fabric8 FireflyStack.
 */
final class PlainValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlainValues() {
    }

    static Object of(Object manifest) {
        JsonNode tree = manifest instanceof JsonNode node ? node : JSON.valueToTree(manifest);
        return plain(tree);
    }

    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> object = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> object.put(field.getKey(), plain(field.getValue())));
            return object;
        }
        if (node.isArray()) {
            List<Object> array = new ArrayList<>();
            node.forEach(item -> array.add(plain(item)));
            return array;
        }
        if (node.isIntegralNumber()) {
            BigInteger integer = node.bigIntegerValue();
            return integer.bitLength() < 64 ? (Object) integer.longValue() : (Object) integer.doubleValue();
        }
        if (node.isNumber()) {
            BigDecimal decimal = node.decimalValue();
            return decimal.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }

    /** A deep copy of a plain value, so a schema default is never shared between objects. */
    @SuppressWarnings("unchecked")
    static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, entry) -> copy.put(key, copy(entry)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(copy(item)));
            return copy;
        }
        return value;
    }
}
