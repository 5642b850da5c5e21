package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** Namespaces allowed to use a FireflyAccount: those named, and those the selector matches. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.names) || has(self.selector)",
        message = "spec.namespaces needs names, a selector, or both; selector: {} allows every namespace")
public record AccountNamespaces(
        @Size(min = 1, max = 500)
        @JsonPropertyDescription("Namespaces allowed by name.")
        List<@Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") @Size(max = 63) String> names,
        @JsonPropertyDescription("Namespaces allowed by their labels; {} matches every namespace.")
        LabelSelector selector) {
}
