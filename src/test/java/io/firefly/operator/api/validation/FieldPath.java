package io.firefly.operator.api.validation;

/**
 * A path into a custom resource, printed the way the apiserver prints it: {@code spec.parameters[0].name},
 * and {@code <nil>} for the object itself (a root-level rule's error reads {@code <nil>: ...}).
 *
 * <p>The apiserver names map entries two ways: CEL errors use {@code spec.tags[project]} (its field.Path),
 * OpenAPI schema errors use {@code spec.tags.project} (kube-openapi joins names with dots). {@link #toString()}
 * gives the first, {@link #openApiName()} the second.
 */
public final class FieldPath {
    private static final FieldPath ROOT = new FieldPath(null, null);

    private sealed interface Segment permits Field, Index, Key {}

    private record Field(String name) implements Segment {}

    private record Index(int index) implements Segment {}

    private record Key(String key) implements Segment {}

    private final FieldPath parent;
    private final Segment segment;

    private FieldPath(FieldPath parent, Segment segment) {
        this.parent = parent;
        this.segment = segment;
    }

    public static FieldPath root() {
        return ROOT;
    }

    public FieldPath child(String name) {
        return new FieldPath(this, new Field(name));
    }

    public FieldPath index(int index) {
        return new FieldPath(this, new Index(index));
    }

    public FieldPath key(String key) {
        return new FieldPath(this, new Key(key));
    }

    public boolean isRoot() {
        return segment == null;
    }

    @Override
    public String toString() {
        return isRoot() ? "<nil>" : render(false);
    }

    /** The name kube-openapi gives the value: map keys joined with dots, the root as the empty string. */
    public String openApiName() {
        return isRoot() ? "" : render(true);
    }

    private String render(boolean mapKeysAsFields) {
        String prefix = parent.isRoot() ? "" : parent.render(mapKeysAsFields);
        if (segment instanceof Index index) {
            return prefix + "[" + index.index() + "]";
        }
        if (segment instanceof Key key && !mapKeysAsFields) {
            return prefix + "[" + key.key() + "]";
        }
        String name = segment instanceof Field field ? field.name() : ((Key) segment).key();
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
