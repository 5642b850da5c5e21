package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The FireflyAccount a FireflyStack deploys into. */
public record AccountRef(
        @Required @Pattern(FireflyStackSpec.OBJECT_NAME_PATTERN) @Size(max = 253)
        @JsonPropertyDescription("Name of the (cluster-scoped) FireflyAccount.") String name) {
}
