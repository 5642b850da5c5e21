package io.firefly.benchmark;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each FireflyStack was first seen Ready, by watching them: the benchmark's clock at the moment the
 * status update reached it (milliseconds, not the 1 s resolution of a condition's lastTransitionTime).
 */
final class ReadyWatch implements AutoCloseable {

    private final Map<String, Instant> firstReady = new ConcurrentHashMap<>();
    private final SharedIndexInformer<FireflyStack> informer;

    /** Watches the FireflyStacks of every namespace; their names are unique across the namespaces of a run. */
    ReadyWatch(KubernetesClient client) {
        informer = client.resources(FireflyStack.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(FireflyStack stack) {
                seen(stack);
            }

            @Override
            public void onUpdate(FireflyStack before, FireflyStack stack) {
                seen(stack);
            }

            @Override
            public void onDelete(FireflyStack stack, boolean finalStateUnknown) {
            }
        });
    }

    private void seen(FireflyStack stack) {
        if (stack.getStatus() != null && stack.getStatus().getPhase() == Phase.Ready) {
            firstReady.putIfAbsent(stack.getMetadata().getName(), Instant.now());
        }
    }

    /** By FireflyStack name. */
    Map<String, Instant> firstReady() {
        return Map.copyOf(firstReady);
    }

    @Override
    public void close() {
        informer.close();
    }
}
