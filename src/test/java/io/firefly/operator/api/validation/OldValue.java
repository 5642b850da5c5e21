package io.firefly.operator.api.validation;

import java.util.Map;

/**
 * The old value paired with a new one on update. The apiserver pairs values through object fields and map
 * keys; a value with no pair (everything on create, anything new, and every list item) gets {@link #NONE}.
 */
final class OldValue {
    /** No old value: distinct from an old value that is JSON null. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "<no old value>";
        }
    };

    private OldValue() {
    }

    /** The old value of a field or map entry, if the old parent had it. */
    static Object child(Object oldParent, Object key) {
        return oldParent instanceof Map<?, ?> map && map.containsKey(key) ? map.get(key) : NONE;
    }
}
