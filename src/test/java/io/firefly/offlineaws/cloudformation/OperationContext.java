package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.control.Faults;
import io.firefly.offlineaws.control.TemplateBucket;
import io.firefly.offlineaws.resources.ResourceProvider;
import io.firefly.offlineaws.resources.ResourceProviders;
import io.firefly.offlineaws.template.PseudoParameters;
import io.firefly.offlineaws.template.TemplateEvaluator;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** What every stack operation works with: the resource providers, the faults, the S3 templates, the clock and the account. */
public record OperationContext(ResourceProviders providers, Faults faults, TemplateBucket templates, Clock clock, String region,
                               String accountId) {

    Instant now() {
        return clock.instant();
    }

    ResourceProvider provider(String type) {
        return providers.forType(type);
    }

    PseudoParameters pseudo(Stack stack) {
        return PseudoParameters.of(region, accountId, stack.stackName(), stack.stackId());
    }

    /** The template of a definition bound to its parameter values for this stack. */
    TemplateEvaluator evaluator(Stack stack, StackDefinition definition) {
        return evaluator(stack, definition, definition.parameters());
    }

    TemplateEvaluator evaluator(Stack stack, StackDefinition definition, Map<String, String> parameters) {
        return new TemplateEvaluator(definition.template(), parameters, pseudo(stack));
    }
}
