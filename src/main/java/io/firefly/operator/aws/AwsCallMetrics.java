package io.firefly.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS call by operation and outcome (ok, throttled, or AWS's error code) as
 * {@code firefly_aws_calls_total}. Registered on every SDK client, so a new call cannot go uncounted.
 */
@ApplicationScoped
public class AwsCallMetrics implements ExecutionInterceptor {
    private final MeterRegistry registry;

    public AwsCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(attributes, "ok");
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        count(attributes, AwsFailures.outcome(context.exception()));
    }

    private void count(ExecutionAttributes attributes, String outcome) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        registry.counter("firefly.aws.calls", "operation", String.valueOf(operation), "outcome", outcome).increment();
    }
}
