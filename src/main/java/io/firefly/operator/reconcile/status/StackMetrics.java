package io.firefly.operator.reconcile.status;

import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * FireflyStack metrics for Prometheus: stacks by phase, stacks whose deletion waits for dependents, and the
 * time from a spec change (a new generation) to Ready.
 */
public final class StackMetrics {
    private final Timer specToReady;
    /** By FireflyStack uid: the generation not yet Ready and when the operator first saw it. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public StackMetrics(MeterRegistry registry, Supplier<Stream<FireflyStack>> stacks) {
        // A gauge registered again under the same id keeps its first supplier; after a restart within one
        // JVM (dev mode, tests) that would read a stopped informer's cache, so the old gauges go first.
        registry.find("firefly.stacks").meters().forEach(registry::remove);
        registry.find("firefly.stacks.deletion.blocked").meters().forEach(registry::remove);
        registry.find("firefly.stacks.drifted").meters().forEach(registry::remove);
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
        Gauge.builder("firefly.stacks.drifted", () -> stacks.get()
                        .filter(s -> s.getStatus() != null && s.getStatus().isTrue(ConditionType.Drifted)).count())
                .description("FireflyStacks whose resources CloudFormation drift detection found changed outside CloudFormation")
                .register(registry);
        specToReady = Timer.builder("firefly.stack.ready.duration")
                .description("Time from a FireflyStack generation first seen to Ready")
                .register(registry);
    }

    /** The stack is not Ready; a generation seen for the first time starts the clock again. */
    public void seen(FireflyStack stack) {
        Long generation = stack.getMetadata().getGeneration();
        pending.compute(stack.getMetadata().getUid(), (uid, known) ->
                known != null && Objects.equals(known.generation(), generation) ? known : new Pending(generation, Instant.now()));
    }

    public void ready(FireflyStack stack) {
        Pending since = pending.remove(stack.getMetadata().getUid());
        if (since != null && Objects.equals(since.generation(), stack.getMetadata().getGeneration())) {
            specToReady.record(Duration.between(since.at(), Instant.now()));
        }
    }

    /** The FireflyStack is gone: nothing of it is kept. */
    public void forget(FireflyStack stack) {
        pending.remove(stack.getMetadata().getUid());
    }

    private record Pending(Long generation, Instant at) {
    }
}
