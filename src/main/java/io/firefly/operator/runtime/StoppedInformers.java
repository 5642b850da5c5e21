package io.firefly.operator.runtime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.firefly.operator.api.FireflyStack;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Notices an informer that stopped for good. The Kubernetes client keeps retrying a list or watch that fails
 * for a while, but it gives up after some errors (an answer it cannot read), and from then on the operator no
 * longer sees changes to that resource and reconciles from a cache that goes stale. Without this handler,
 * quarkus-operator-sdk leaves such an informer stopped without a word. This names it in an ERROR log line and
 * in the {@code firefly_informers_stopped} gauge, and fails the liveness and readiness checks
 * ({@link InformerHealthCheck}), so that Kubernetes restarts the operator, whose fresh informers list everything
 * again.
 */
@Singleton
@Unremovable // quarkus-operator-sdk looks it up by type when it starts the operator
public class StoppedInformers implements InformerStoppedHandler {
    private static final Logger LOG = Logger.getLogger(StoppedInformers.class);

    private final MeterRegistry registry;
    private final Map<String, String> reasons = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public StoppedInformers(MeterRegistry registry) {
        this.registry = registry;
        // A gauge registered again under the same id keeps its first value holder; after a restart within one
        // JVM (dev mode, tests) that holder is a stopped operator's, so the old gauges go first.
        registry.find("firefly.informers.stopped").meters().forEach(registry::remove);
        // At 0 from the start for the resources the operator watches, so that an alert can tell 0 from absent.
        for (Class<? extends HasMetadata> watched : List.of(FireflyStack.class, ConfigMap.class)) {
            gauge(HasMetadata.getFullResourceName(watched));
        }
    }

    @Override
    public void onStop(SharedIndexInformer informer, Throwable error) {
        if (error == null) {
            // Stopped on purpose: the operator is shutting down, or this replica lost the leader election.
            return;
        }
        String resource = HasMetadata.getFullResourceName(informer.getApiTypeClass());
        String reason = reason(error);
        reasons.put(resource, reason);
        gauge(resource).incrementAndGet();
        LOG.errorf(error, "The informer for %s stopped: %s. The operator no longer sees changes to %s; its liveness "
                + "and readiness checks fail from now on, so that Kubernetes restarts it", resource, reason, resource);
    }

    private AtomicInteger gauge(String resource) {
        return counts.computeIfAbsent(resource, r -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("firefly.informers.stopped", count, AtomicInteger::get).tags(Tags.of("resource", r))
                    .description("Informers of the operator that stopped with an error").strongReference(true)
                    .register(registry);
            return count;
        });
    }

    /** The innermost cause says what went wrong (the wrappers say "An error has occurred"). */
    private static String reason(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return Optional.ofNullable(cause.getMessage()).flatMap(m -> m.lines().findFirst())
                .orElse(cause.getClass().getSimpleName());
    }

    /** By resource (fireflystacks.firefly.io, configmaps), why its informer stopped; empty while all run. */
    public Map<String, String> stopped() {
        return new TreeMap<>(reasons);
    }
}
