package io.firefly.offlineaws.template.serverless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code Globals} section. As SAM documents it, a resource's own value wins for a plain value, maps are
 * merged key by key (the resource's keys win), and lists are added: the global entries first, then the
 * resource's. An intrinsic function counts as a plain value.
 */
record Globals(JsonNode function, JsonNode simpleTable) {

    static Globals of(JsonNode section) {
        JsonNode globals = section == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : section;
        return new Globals(globals.path("Function"), globals.path("SimpleTable"));
    }

    JsonNode applyToFunction(JsonNode resource) {
        return apply(function, resource);
    }

    JsonNode applyToSimpleTable(JsonNode resource) {
        return apply(simpleTable, resource);
    }

    private static JsonNode apply(JsonNode global, JsonNode resource) {
        if (!global.isObject()) {
            return resource;
        }
        ObjectNode merged = resource.deepCopy();
        JsonNode own = resource.path("Properties");
        merged.set("Properties", merge(global, own.isObject() ? own : merged.objectNode()));
        return merged;
    }

    private static JsonNode merge(JsonNode global, JsonNode own) {
        if (isPlainObject(global) && isPlainObject(own)) {
            ObjectNode result = global.deepCopy();
            own.fields().forEachRemaining(e -> result.set(e.getKey(),
                    result.has(e.getKey()) ? merge(result.get(e.getKey()), e.getValue()) : e.getValue().deepCopy()));
            return result;
        }
        if (global.isArray() && own.isArray()) {
            ArrayNode result = global.deepCopy();
            own.forEach(item -> result.add(item.deepCopy()));
            return result;
        }
        return own.deepCopy();
    }

    private static boolean isPlainObject(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        if (node.size() != 1) {
            return true;
        }
        String key = node.fieldNames().next();
        return !key.equals("Ref") && !key.startsWith("Fn::");
    }
}
