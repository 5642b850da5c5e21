package io.firefly.operator.runtime;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.firefly.operator.api.FireflyStack;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What reading a FireflyStack left out: fields this operator version does not know ({@code spec.notificationRef}),
 * and fields it knows but could not read ({@code spec.parameters: expected a list, found a string}).
 *
 * <p>The findings travel with the object as two annotations that exist only in the operator's memory. The
 * object is copied by serializing and reading it again (the Java Operator SDK hands each reconcile a copy),
 * and the copy no longer holds the fields that were left out, so the findings must be part of what is
 * serialized. The API server never sees these annotations: the operator writes a FireflyStack only through
 * the status subresource, and adds or removes its finalizer with a JSON patch computed between two copies
 * that both carry them.
 */
public record ReadFindings(List<String> ignoredFields, List<String> unreadableFields) {
    static final String IGNORED = "fireflystacks.firefly.io/ignored-fields";
    static final String UNREADABLE = "fireflystacks.firefly.io/unreadable-fields";
    private static final String FIELD_SEPARATOR = ", ";
    private static final String PROBLEM_SEPARATOR = "\n";

    public ReadFindings {
        ignoredFields = List.copyOf(new TreeSet<>(ignoredFields));
        unreadableFields = List.copyOf(unreadableFields);
    }

    public static ReadFindings of(FireflyStack stack) {
        Map<String, String> annotations = Optional.ofNullable(stack.getMetadata()).map(ObjectMeta::getAnnotations)
                .orElse(Map.of());
        return new ReadFindings(split(annotations.get(IGNORED), FIELD_SEPARATOR),
                split(annotations.get(UNREADABLE), PROBLEM_SEPARATOR));
    }

    /** The fields a person declared and this version ignores; the operator rewrites its status anyway. */
    public List<String> ignoredSpecFields() {
        return ignoredFields.stream().filter(path -> !path.equals("status") && !path.startsWith("status.")).toList();
    }

    public boolean readable() {
        return unreadableFields.isEmpty();
    }

    /**
     * Adds these findings to the object's annotations. Findings already there stay: they come from an
     * earlier read of the same object, of which this one is a copy.
     */
    void attachTo(FireflyStack stack) {
        if (ignoredFields.isEmpty() && unreadableFields.isEmpty()) {
            return;
        }
        if (stack.getMetadata() == null) {
            stack.setMetadata(new ObjectMeta());
        }
        ReadFindings earlier = of(stack);
        Map<String, String> annotations = new LinkedHashMap<>(
                Optional.ofNullable(stack.getMetadata().getAnnotations()).orElse(Map.of()));
        put(annotations, IGNORED, Stream.concat(earlier.ignoredFields.stream(), ignoredFields.stream())
                .distinct().sorted().toList(), FIELD_SEPARATOR);
        put(annotations, UNREADABLE, Stream.concat(earlier.unreadableFields.stream(), unreadableFields.stream())
                .distinct().toList(), PROBLEM_SEPARATOR);
        stack.getMetadata().setAnnotations(annotations);
    }

    private static void put(Map<String, String> annotations, String key, List<String> values, String separator) {
        if (!values.isEmpty()) {
            annotations.put(key, String.join(separator, values));
        }
    }

    private static List<String> split(String value, String separator) {
        return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split(separator));
    }
}
