package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where a parameter's value is read from. A stackOutput also orders the two stacks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.stackOutput) ? 1 : 0) + (has(self.configMapKeyRef) ? 1 : 0) + (has(self.secretKeyRef) ? 1 : 0) == 1",
        message = "spec.parameters[].valueFrom must set exactly one of stackOutput, configMapKeyRef or secretKeyRef: keep one source and remove the others")
public record ParameterSource(
        @JsonPropertyDescription("An output of another FireflyStack in this namespace; implies dependsOn.") StackOutputRef stackOutput,
        @JsonPropertyDescription("A key of a ConfigMap in this namespace.") KeyRef configMapKeyRef,
        @JsonPropertyDescription("A key of a Secret in this namespace.") KeyRef secretKeyRef) {
}
