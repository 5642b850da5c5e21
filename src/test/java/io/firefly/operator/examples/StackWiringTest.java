package io.firefly.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firefly.operator.api.Capability;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.StackParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The manifests and the templates agree: every parameter a manifest passes is one its template
 * declares, every required one is passed, and every stack output it reads is one the other
 * stack's template publishes. A mismatch here is a stack that CloudFormation rejects.
 */
class StackWiringTest {
    private final Map<String, FireflyStack> stacks = FireflyExamples.render().stream()
            .filter(FireflyStack.class::isInstance).map(FireflyStack.class::cast)
            .collect(Collectors.toMap(stack -> stack.getMetadata().getName(), Function.identity()));

    @Test
    void manifestsPassExactlyTheParametersTheirTemplatesDeclareWithoutDefault() {
        for (FireflyStack stack : stacks.values()) {
            JsonNode declared = template(stack).path("Parameters");
            List<String> passed = stack.getSpec().getParameters().stream().map(StackParameter::name).toList();
            List<String> required = new ArrayList<>();
            declared.fields().forEachRemaining(parameter -> {
                if (!parameter.getValue().has("Default")) {
                    required.add(parameter.getKey());
                }
            });
            assertThat(passed).as("parameters %s passes", stack.getMetadata().getName())
                    .allMatch(declared::has, "declared in the template")
                    .containsAll(required);
        }
    }

    @Test
    void everyStackOutputReadIsPublishedByTheStackItNames() {
        for (FireflyStack stack : stacks.values()) {
            for (StackParameter parameter : stack.getSpec().getParameters()) {
                if (parameter.valueFrom() == null || parameter.valueFrom().stackOutput() == null) {
                    continue;
                }
                var output = parameter.valueFrom().stackOutput();
                assertThat(stacks).as("FireflyStack %s read by %s", output.stack(), stack.getMetadata().getName())
                        .containsKey(output.stack());
                assertThat(template(stacks.get(output.stack())).path("Outputs").has(output.output()))
                        .as("%s publishes output %s that %s reads", output.stack(), output.output(), stack.getMetadata().getName())
                        .isTrue();
                assertThat(stack.getSpec().getDependsOn()).as("dependsOn of %s", stack.getMetadata().getName())
                        .contains(output.stack());
            }
        }
    }

    @Test
    void templatesWithATransformAreAcknowledgedWithAutoExpandAndIam() {
        for (FireflyStack stack : stacks.values()) {
            boolean serverless = template(stack).has("Transform");
            List<Capability> capabilities = stack.getSpec().getCapabilities();
            if (serverless) {
                // SAM expands each function into an IAM role, created only with CAPABILITY_IAM.
                assertThat(capabilities).as("capabilities of %s", stack.getMetadata().getName())
                        .contains(Capability.CAPABILITY_AUTO_EXPAND, Capability.CAPABILITY_IAM);
            } else {
                assertThat(capabilities).as("capabilities of %s", stack.getMetadata().getName()).isEmpty();
            }
        }
    }

    private static JsonNode template(FireflyStack stack) {
        return CloudFormationTemplates.read(stack.getMetadata().getName());
    }
}
