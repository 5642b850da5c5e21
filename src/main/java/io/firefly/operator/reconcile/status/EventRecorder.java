package io.firefly.operator.reconcile.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.firefly.operator.api.FireflyStack;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Kubernetes events for {@code kubectl describe}: one per change of what the FireflyStack reports, not
 * one per reconcile, so a stack polled for hours does not flood the namespace.
 */
@Singleton
public class EventRecorder {
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final Map<String, String> lastSaid = new ConcurrentHashMap<>();

    public EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    public void normal(FireflyStack stack, String reason, String message) {
        emit(stack, "Normal", reason, message);
    }

    public void warning(FireflyStack stack, String reason, String message) {
        emit(stack, "Warning", reason, message);
    }

    public void forget(FireflyStack stack) {
        lastSaid.remove(stack.getMetadata().getUid());
    }

    /** Whether it still keeps what it last said of this FireflyStack: until the FireflyStack goes. */
    public boolean remembers(FireflyStack stack) {
        return lastSaid.containsKey(stack.getMetadata().getUid());
    }

    private void emit(FireflyStack stack, String type, String reason, String message) {
        String key = stack.getMetadata().getUid();
        if ((reason + message).equals(lastSaid.put(key, reason + message))) {
            return;
        }
        String now = Instant.now().toString();
        try {
            client.v1().events().inNamespace(stack.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(stack.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(stack.getMetadata().getNamespace())
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(stack.getApiVersion()).withKind(stack.getKind())
                            .withName(stack.getMetadata().getName()).withNamespace(stack.getMetadata().getNamespace())
                            .withUid(stack.getMetadata().getUid()).build())
                    .withType(type)
                    .withReason(reason)
                    .withMessage(message)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withCount(1)
                    .withNewSource("firefly-operator", null)
                    .withReportingComponent("firefly-operator")
                    .build()).create();
        } catch (KubernetesClientException e) {
            // Events are best effort: a failure to record one must not stop the reconcile.
            LOG.warnf("could not record event %s for %s: %s", reason, stack.getMetadata().getName(), e.getMessage());
        }
    }
}
