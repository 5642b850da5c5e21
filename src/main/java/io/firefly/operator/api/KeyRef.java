package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A key of a ConfigMap or Secret in the FireflyStack's namespace. */
public record KeyRef(
        @Required @Pattern(FireflyStackSpec.OBJECT_NAME_PATTERN)
        @JsonPropertyDescription("Name of the object in the FireflyStack's namespace.") String name,
        @Required @Pattern("^[-._a-zA-Z0-9]+$")
        @JsonPropertyDescription("Key inside the object's data.") String key) {
}
