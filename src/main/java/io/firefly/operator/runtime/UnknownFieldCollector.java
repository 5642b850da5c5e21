package io.firefly.operator.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.util.List;

/**
 * Skips a field the API types do not declare, and notes its path, while a FireflyStack is being read
 * ({@link LenientStackDeserializer} sets the list to note them in). Everything else the Kubernetes client
 * reads keeps Jackson's usual rule.
 */
final class UnknownFieldCollector extends DeserializationProblemHandler {
    /** The per-read attribute holding the {@code List<String>} of ignored field paths. */
    static final Object IGNORED_FIELDS = UnknownFieldCollector.class;

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) throws IOException {
        if (!(ctxt.getAttribute(IGNORED_FIELDS) instanceof List<?> ignored)) {
            return false;
        }
        JsonStreamContext holder = p.getParsingContext();
        if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
            holder = holder.getParent();
        }
        // A null is a field not set: what a merge patch leaves behind on a server that keeps it.
        if (p.currentToken() != JsonToken.VALUE_NULL) {
            @SuppressWarnings("unchecked")
            List<String> paths = (List<String>) ignored;
            paths.add(FieldPath.of(holder));
        }
        p.skipChildren();
        return true;
    }
}
