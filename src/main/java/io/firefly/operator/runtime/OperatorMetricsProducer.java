package io.firefly.operator.runtime;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * JOSDK's reconcile metrics aggregated per controller. quarkus-operator-sdk's default tags every meter
 * with the resource's name and namespace, one set of histograms per FireflyStack: series that grow with
 * the number of stacks and outlive deleted ones. Per-stack state is in the {@code firefly_stacks} gauges
 * and the FireflyStack's status instead.
 */
@Singleton
public class OperatorMetricsProducer {
    @Produces
    @Singleton
    public Metrics operatorMetrics(MeterRegistry registry) {
        return MicrometerMetrics.withoutPerResourceMetrics(registry);
    }
}
