package io.firefly.soak;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches every FireflyStack of the soak from outside the operator, on its own connection (the API's
 * faults never touch it): when each object disappears from the API, and every status the operator
 * writes, checking at once that no object is reported Ready for a stack that is not in a complete state.
 */
final class Observer implements AutoCloseable {
    /** The stack states in which a stack holds its resources as its template says: the only ones Ready may report. */
    static final Set<String> COMPLETE = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE",
            "UPDATE_ROLLBACK_COMPLETE", "IMPORT_ROLLBACK_COMPLETE");

    static boolean complete(String stackStatus) {
        return stackStatus != null && COMPLETE.contains(stackStatus);
    }

    private final SharedIndexInformer<FireflyStack> informer;
    private final Map<String, List<Instant>> goneAt = new ConcurrentHashMap<>();
    private final List<String> readyViolations = new ArrayList<>();
    private volatile long statusesSeen;

    Observer(KubernetesClient client) {
        this.informer = client.resources(FireflyStack.class).inNamespace(Member.NAMESPACE).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(FireflyStack stack) {
                check(stack);
            }

            @Override
            public void onUpdate(FireflyStack before, FireflyStack after) {
                check(after);
            }

            @Override
            public void onDelete(FireflyStack stack, boolean finalStateUnknown) {
                goneAt.computeIfAbsent(stack.getMetadata().getName(), n -> new ArrayList<>()).add(Instant.now());
            }
        }, 0);
    }

    private void check(FireflyStack stack) {
        if (stack.getStatus() == null) {
            return;
        }
        statusesSeen++;
        if (stack.getStatus().getPhase() == Phase.Ready && !complete(stack.getStatus().getStackStatus())) {
            synchronized (readyViolations) {
                readyViolations.add("%s %s: Ready while its stack %s is %s".formatted(Instant.now(),
                        stack.getMetadata().getName(), stack.getSpec().getStackName(), stack.getStatus().getStackStatus()));
            }
        }
    }

    /** The times the soak saw the object leave the API, in order. */
    List<Instant> goneTimes(String object) {
        return List.copyOf(goneAt.getOrDefault(object, List.of()));
    }

    List<String> readyViolations() {
        synchronized (readyViolations) {
            return List.copyOf(readyViolations);
        }
    }

    long statusesSeen() {
        return statusesSeen;
    }

    /** The objects as the soak's informer has them now. */
    List<FireflyStack> current() {
        return informer.getStore().list();
    }

    boolean exists(String object) {
        return informer.getStore().getByKey(Member.NAMESPACE + "/" + object) != null;
    }

    @Override
    public void close() {
        informer.close();
    }
}
