package io.firefly.offlineaws.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * An intrinsic function in its long form: an object with exactly one key, {@code Ref} or {@code Fn::*}.
 * Any other object is plain data, so an IAM statement's {@code Condition} block is never mistaken for one.
 */
record FunctionCall(String name, JsonNode argument) {

    static Optional<FunctionCall> of(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            return Optional.empty();
        }
        Map.Entry<String, JsonNode> only = node.fields().next();
        String name = only.getKey();
        if (name.equals("Ref") || name.startsWith("Fn::")) {
            return Optional.of(new FunctionCall(name, only.getValue()));
        }
        return Optional.empty();
    }

    /** The i-th argument of a list-form function, or a {@code Template error} naming the function. */
    JsonNode arg(int index, int arity) {
        if (!argument.isArray() || argument.size() != arity) {
            throw new TemplateException("Template error: " + name + " requires a list of " + arity + " arguments");
        }
        return argument.get(index);
    }
}
