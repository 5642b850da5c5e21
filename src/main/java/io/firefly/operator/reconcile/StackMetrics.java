package io.firefly.operator.reconcile;

import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * FireflyStack metrics for Prometheus: stacks by phase, stacks whose deletion waits for dependents, and the
 * time from a spec change (a new generation) to Ready.
 */
final class StackMetrics {
    private final Timer specToReady;
    private final Map<String, Instant> pendingSince = new ConcurrentHashMap<>();

    StackMetrics(MeterRegistry registry, Supplier<Stream<FireflyStack>> stacks) {
        // A gauge registered again under the same id keeps its first supplier; after a restart within one
        // JVM (dev mode, tests) that would read a stopped informer's cache, so the old gauges go first.
        registry.find("firefly.stacks").meters().forEach(registry::remove);
        registry.find("firefly.stacks.deletion.blocked").meters().forEach(registry::remove);
        for (Phase phase : Phase.values()) {
            Gauge.builder("firefly.stacks", () -> stacks.get()
                            .filter(s -> s.getStatus() != null && s.getStatus().getPhase() == phase).count())
                    .tag("phase", phase.name())
                    .description("FireflyStacks by phase")
                    .register(registry);
        }
        Gauge.builder("firefly.stacks.deletion.blocked", () -> stacks.get()
                        .filter(s -> s.getStatus() != null && !s.getStatus().getBlockedBy().isEmpty()).count())
                .description("FireflyStacks whose deletion waits for dependents")
                .register(registry);
        specToReady = Timer.builder("firefly.stack.ready.duration")
                .description("Time from a FireflyStack generation first seen to Ready")
                .register(registry);
    }

    void seen(FireflyStack stack) {
        pendingSince.putIfAbsent(key(stack), Instant.now());
    }

    void ready(FireflyStack stack) {
        Instant since = pendingSince.remove(key(stack));
        if (since != null) {
            specToReady.record(Duration.between(since, Instant.now()));
        }
    }

    private static String key(FireflyStack stack) {
        return stack.getMetadata().getUid() + "/" + stack.getMetadata().getGeneration();
    }
}
