package io.firefly.operator.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.TemplateSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads a FireflyStack as an operator older than its CRD must: a field this version does not know is
 * skipped, and a field it cannot read (a string where it expects a list, an enum value it does not know) is
 * left out, instead of failing the read. A failed read fails the informer's whole list or watch, and stops
 * the reconciling of every FireflyStack in the cluster. What was left out is attached as {@link ReadFindings},
 * so that the reconcile can report it and leave an unreadable object alone.
 */
final class LenientStackDeserializer extends DelegatingDeserializer {
    /** More broken fields than any hand-written object has; beyond this the read fails as it always did. */
    private static final int MAX_UNREADABLE = 50;

    LenientStackDeserializer(JsonDeserializer<?> beanDeserializer) {
        super(beanDeserializer);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
        return new LenientStackDeserializer(newDelegatee);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode document = ctxt.readTree(p);
        List<String> droppedStatus = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        while (true) {
            List<String> ignored = new ArrayList<>(droppedStatus);
            try {
                FireflyStack stack = readKnownFields(document, ctxt, ignored);
                if (!unreadable.isEmpty()) {
                    keepSafeForOtherStacks(stack);
                }
                new ReadFindings(ignored, unreadable).attachTo(stack);
                return stack;
            } catch (JsonMappingException e) {
                String field = FieldPath.of(e.getPath());
                if (field.isEmpty() || unreadable.size() >= MAX_UNREADABLE || !(document instanceof ObjectNode object)) {
                    throw e;
                }
                JsonNode value = remove(object, e.getPath());
                if (value == null) {
                    throw e;
                }
                if (field.equals("status") || field.startsWith("status.")) {
                    // The operator's own output, written by a newer version: it is rewritten at the next reconcile.
                    droppedStatus.add(field);
                } else {
                    unreadable.add(field + ": " + problem(e, value));
                }
            }
        }
    }

    private FireflyStack readKnownFields(JsonNode document, DeserializationContext ctxt, List<String> ignored)
            throws IOException {
        Object outer = ctxt.getAttribute(UnknownFieldCollector.IGNORED_FIELDS);
        ctxt.setAttribute(UnknownFieldCollector.IGNORED_FIELDS, ignored);
        try (JsonParser fields = document.traverse(ctxt.getParser() == null ? null : ctxt.getParser().getCodec())) {
            fields.nextToken();
            return (FireflyStack) _delegatee.deserialize(fields, ctxt);
        } finally {
            ctxt.setAttribute(UnknownFieldCollector.IGNORED_FIELDS, outer);
        }
    }

    /**
     * An unreadable FireflyStack is never reconciled, but other stacks' reconciles read it from the cache
     * (its dependsOn, its template's ConfigMap): it keeps a spec and a template even when those were the
     * fields that could not be read.
     */
    private static void keepSafeForOtherStacks(FireflyStack stack) {
        if (stack.getSpec() == null) {
            stack.setSpec(new FireflyStackSpec());
        }
        if (stack.getSpec().getTemplate() == null) {
            stack.getSpec().setTemplate(new TemplateSource());
        }
    }

    /** Removes the value at the exception's path from the document; the removed value, or null if there is none. */
    private static JsonNode remove(ObjectNode document, List<JsonMappingException.Reference> path) {
        JsonNode parent = document;
        for (JsonMappingException.Reference step : path.subList(0, path.size() - 1)) {
            parent = step.getFieldName() != null ? parent.get(step.getFieldName()) : parent.get(step.getIndex());
            if (parent == null) {
                return null;
            }
        }
        JsonMappingException.Reference last = path.get(path.size() - 1);
        if (last.getFieldName() != null && parent instanceof ObjectNode object) {
            return object.remove(last.getFieldName());
        }
        if (last.getFieldName() == null && parent instanceof ArrayNode array && last.getIndex() < array.size()) {
            return array.remove(last.getIndex());
        }
        return null;
    }

    /** What is wrong with the value, in the words of the manifest rather than of the Java types. */
    private static String problem(JsonMappingException e, JsonNode value) {
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return "%s is not one of %s".formatted(value, Arrays.toString(invalid.getTargetType().getEnumConstants()));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected %s, found %s".formatted(expected(mismatch.getTargetType()), found(value));
        }
        return e.getOriginalMessage().lines().findFirst().orElse("cannot be read");
    }

    private static String expected(Class<?> type) {
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return Map.class.isAssignableFrom(type) ? "a map" : "an object";
    }

    private static String found(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string (" + value + ")";
            case NUMBER -> "a number (" + value + ")";
            case BOOLEAN -> value.asText();
            default -> "null";
        };
    }
}
