package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One CloudFormation parameter: a literal value or a value read from elsewhere. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.value) != has(self.valueFrom)",
        message = "each spec.parameters entry must set exactly one of value or valueFrom: give a literal value or a source, not both")
public record StackParameter(
        @Required @Pattern("^[a-zA-Z0-9]+$") @Size(min = 1, max = 255)
        @JsonPropertyDescription("Parameter name as the template declares it.") String name,
        @JsonPropertyDescription("Literal value.") String value,
        @JsonPropertyDescription("Where the value comes from: exactly one of stackOutput, configMapKeyRef, secretKeyRef.")
        ParameterSource valueFrom) {

    public static StackParameter literal(String name, String value) {
        return new StackParameter(name, value, null);
    }
}
