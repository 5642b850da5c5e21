package io.firefly.offlineaws.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small conversions shared by the template classes; every tree they build uses exact decimals. */
final class Json {

    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private Json() {
    }

    /** Text of a scalar as CloudFormation renders it (5 → "5", true → "true"); empty for objects, arrays, null. */
    static Optional<String> scalarText(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            return Optional.empty();
        }
        return Optional.of(node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText());
    }

    /** A string, or a list of strings, as written in DependsOn or Transform. */
    static List<String> stringOrList(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isArray()) {
            node.forEach(item -> scalarText(item).ifPresent(values::add));
        } else {
            scalarText(node).ifPresent(values::add);
        }
        return values;
    }
}
