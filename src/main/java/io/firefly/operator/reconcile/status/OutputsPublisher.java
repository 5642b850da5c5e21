package io.firefly.operator.reconcile.status;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.operator.api.FireflyStack;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Publishes a stack's Outputs in the ConfigMap {@code <name>-outputs}, owned by the FireflyStack, so
 * workloads can mount them or read them as environment variables.
 */
public final class OutputsPublisher {
    public static final String SUFFIX = "-outputs";

    private final KubernetesClient client;

    public OutputsPublisher(KubernetesClient client) {
        this.client = client;
    }

    public static String configMapName(FireflyStack stack) {
        return stack.getMetadata().getName() + SUFFIX;
    }

    public void publish(FireflyStack stack, Map<String, String> outputs) {
        String namespace = stack.getMetadata().getNamespace();
        var resource = client.configMaps().inNamespace(namespace).withName(configMapName(stack));
        ConfigMap existing = resource.get();
        Map<String, String> data = new TreeMap<>(outputs);
        if (existing != null && Objects.equals(new TreeMap<>(existing.getData() == null ? Map.of() : existing.getData()), data)) {
            return;
        }
        ConfigMap wanted = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(configMapName(stack))
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "firefly-operator")
                .addToLabels("firefly.io/fireflystack", stack.getMetadata().getName())
                .addToOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(stack.getApiVersion()).withKind(stack.getKind())
                        .withName(stack.getMetadata().getName()).withUid(stack.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withData(data)
                .build();
        if (existing == null) {
            client.configMaps().inNamespace(namespace).resource(wanted).create();
        } else {
            wanted.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.configMaps().inNamespace(namespace).resource(wanted).update();
        }
    }
}
