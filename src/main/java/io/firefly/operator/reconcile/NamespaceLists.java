package io.firefly.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.firefly.operator.api.FireflyStack;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The FireflyStacks of a namespace as the API server lists them, for deletions, shared between the deletion
 * steps that ask at the same time. Deleting a namespace's thousand FireflyStacks at once would otherwise make
 * a LIST of all thousand per step, several at a time: the API server answers them ever slower, and the
 * operator holds a thousand objects per LIST in flight, which ran a 128 MiB heap out.
 *
 * <p>One LIST per namespace runs at a time; a step takes a LIST that started after it asked, which is as
 * fresh as one of its own would be (any FireflyStack created before the step asked is in it), and otherwise
 * waits for the next one, which every step waiting meanwhile shares. The last list is dropped once no step
 * waits for it.
 */
final class NamespaceLists {
    private final Clock clock;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

    private record Listed(Instant startedAt, List<FireflyStack> stacks) {
    }

    private static final class Namespace {
        private final ReentrantLock lock = new ReentrantLock();
        private final AtomicInteger asking = new AtomicInteger();
        private Listed last;
    }

    NamespaceLists(Clock clock) {
        this.clock = clock;
    }

    /**
     * The namespace's FireflyStacks, listed no earlier than this call, each with what a deletion reads of it: its
     * name, dependsOn and parameters, without its status and template. Throws what the client throws.
     */
    List<FireflyStack> list(KubernetesClient client, String namespace) {
        Instant asked = clock.instant();
        Namespace ns = namespaces.computeIfAbsent(namespace, n -> new Namespace());
        ns.asking.incrementAndGet();
        ns.lock.lock();
        try {
            if (ns.last == null || ns.last.startedAt().isBefore(asked)) {
                Instant started = clock.instant();
                ns.last = new Listed(started, listDependencies(client, namespace));
            }
            return ns.last.stacks();
        } finally {
            if (ns.asking.decrementAndGet() == 0) {
                ns.last = null;
            }
            ns.lock.unlock();
        }
    }

    /**
     * The namespace's FireflyStacks with what a deletion reads of them: names, dependsOn and parameters. Their
     * status and template, most of a LIST's bytes, are dropped before the FireflyStacks are read: reading a
     * thousand whole FireflyStacks per LIST was a third of the operator's CPU while it deleted them.
     */
    private static List<FireflyStack> listDependencies(KubernetesClient client, String namespace) {
        KubernetesSerialization serialization = client.getKubernetesSerialization();
        return client.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(FireflyStack.class))
                .inNamespace(namespace).list().getItems().stream()
                .map(item -> {
                    item.getAdditionalProperties().remove("status");
                    if (item.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec) {
                        spec.remove("template");
                    }
                    return serialization.convertValue(item, FireflyStack.class);
                })
                .toList();
    }
}
