package io.firefly.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Counts every AWS call by operation and outcome (ok, throttled, or the AWS error code). */
@ApplicationScoped
public class AwsCallMeter {
    private final MeterRegistry registry;

    public AwsCallMeter(MeterRegistry registry) {
        this.registry = registry;
    }

    public <T> T call(String operation, Supplier<T> call) {
        try {
            T result = call.get();
            count(operation, "ok");
            return result;
        } catch (AwsServiceException e) {
            count(operation, AwsErrors.isThrottling(e) ? "throttled" : String.valueOf(AwsErrors.code(e)));
            throw e;
        } catch (RuntimeException e) {
            count(operation, "client_error");
            throw e;
        }
    }

    private void count(String operation, String outcome) {
        registry.counter("firefly.aws.calls", "operation", operation, "outcome", outcome).increment();
    }
}
