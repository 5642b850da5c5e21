package io.firefly.operator.runtime;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A field's path as a person writes it in a manifest: {@code spec.parameters[1].valueFrom}. */
final class FieldPath {
    private FieldPath() {
    }

    /** The path of a field that could not be read, from the FireflyStack down. */
    static String of(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /**
     * The path of the field the parser has just read the name of, within the document being read.
     *
     * @param context the context of the object that holds the field (its current name is the field's). An
     *                object context without a name is skipped: Jackson inserts one when it replays the fields
     *                of a record that it buffered while looking for the record's constructor arguments.
     */
    static String of(JsonStreamContext context) {
        Deque<String> steps = new ArrayDeque<>();
        for (JsonStreamContext step = context; step != null && !step.inRoot(); step = step.getParent()) {
            if (step.inObject() && step.getCurrentName() != null) {
                steps.push("." + step.getCurrentName());
            } else if (step.inArray()) {
                steps.push("[" + step.getCurrentIndex() + "]");
            }
        }
        String path = String.join("", steps);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
