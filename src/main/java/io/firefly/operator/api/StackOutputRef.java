package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An output of another FireflyStack in the same namespace. */
public record StackOutputRef(
        @Required @Pattern(FireflyStackSpec.OBJECT_NAME_PATTERN)
        @JsonPropertyDescription("Name of the FireflyStack that publishes the output.") String stack,
        @Required @Pattern("^[a-zA-Z0-9]{1,255}$")
        @JsonPropertyDescription("Output key as the other stack's template declares it.") String output) {
}
