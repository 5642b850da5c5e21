package io.firefly.operator.reconcile.status;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.operator.api.FireflyStack;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Publishes a stack's Outputs in the ConfigMap {@code <name>-outputs}, owned by the FireflyStack, so
 * workloads can mount them or read them as environment variables. Every reconcile of a Ready stack publishes;
 * one the operator's cache already shows published costs no request, so that a thousand Ready stacks polled
 * every few seconds do not each GET their ConfigMap from the API server. Anything else (the cache does not show
 * it, or shows other data) is read from the API server before it is written.
 */
public final class OutputsPublisher {
    public static final String SUFFIX = "-outputs";
    /** The label naming the FireflyStack whose outputs a ConfigMap holds. */
    public static final String LABEL = "firefly.io/fireflystack";

    private final KubernetesClient client;
    private final BiFunction<String, String, Optional<ConfigMap>> cached;

    /** @param cached a ConfigMap by namespace and name, as the operator's cache holds it, whole */
    public OutputsPublisher(KubernetesClient client, BiFunction<String, String, Optional<ConfigMap>> cached) {
        this.client = client;
        this.cached = cached;
    }

    /** Whether this ConfigMap holds a FireflyStack's outputs, by its label. */
    public static boolean holdsOutputs(ConfigMap configMap) {
        return configMap.getMetadata() != null && configMap.getMetadata().getLabels() != null
                && configMap.getMetadata().getLabels().containsKey(LABEL);
    }

    public static String configMapName(FireflyStack stack) {
        return stack.getMetadata().getName() + SUFFIX;
    }

    public void publish(FireflyStack stack, Map<String, String> outputs) {
        String namespace = stack.getMetadata().getNamespace();
        Map<String, String> data = new TreeMap<>(outputs);
        if (cached.apply(namespace, configMapName(stack)).filter(seen -> holds(seen, data)).isPresent()) {
            return;
        }
        ConfigMap existing = client.configMaps().inNamespace(namespace).withName(configMapName(stack)).get();
        if (existing != null && holds(existing, data)) {
            return;
        }
        ConfigMap wanted = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(configMapName(stack))
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "firefly-operator")
                .addToLabels(LABEL, stack.getMetadata().getName())
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

    private static boolean holds(ConfigMap configMap, Map<String, String> data) {
        return Objects.equals(new TreeMap<>(configMap.getData() == null ? Map.of() : configMap.getData()), data);
    }
}
