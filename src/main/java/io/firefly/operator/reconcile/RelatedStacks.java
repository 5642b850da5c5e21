package io.firefly.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.KeyRef;
import io.firefly.operator.api.StackParameter;
import io.firefly.operator.reconcile.inputs.StackGraph;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.HashSet;
import java.util.Set;

/** Which FireflyStacks to reconcile when another FireflyStack or a ConfigMap changes. */
final class RelatedStacks {
    private RelatedStacks() {
    }

    /** A FireflyStack changed: its dependents may deploy now; if it is going away, its dependencies may delete. */
    static Set<ResourceID> of(FireflyStack changed, IndexerResourceCache<FireflyStack> cache) {
        String namespace = changed.getMetadata().getNamespace();
        String name = changed.getMetadata().getName();
        Set<ResourceID> ids = new HashSet<>();
        cache.list(s -> namespace.equals(s.getMetadata().getNamespace())
                        && StackGraph.dependenciesOf(s).contains(name))
                .forEach(s -> ids.add(ResourceID.fromResource(s)));
        if (changed.getMetadata().getDeletionTimestamp() != null) {
            StackGraph.dependenciesOf(changed).forEach(d -> ids.add(new ResourceID(d, namespace)));
        }
        return ids;
    }

    /** A ConfigMap changed: the FireflyStacks that read their template or a parameter from it. */
    static Set<ResourceID> referencing(ConfigMap configMap, IndexerResourceCache<FireflyStack> cache) {
        String namespace = configMap.getMetadata().getNamespace();
        String name = configMap.getMetadata().getName();
        Set<ResourceID> ids = new HashSet<>();
        cache.list(s -> namespace.equals(s.getMetadata().getNamespace()) && references(s, name))
                .forEach(s -> ids.add(ResourceID.fromResource(s)));
        return ids;
    }

    private static boolean references(FireflyStack stack, String configMapName) {
        KeyRef template = stack.getSpec().getTemplate().getConfigMapKeyRef();
        if (template != null && template.name().equals(configMapName)) {
            return true;
        }
        return stack.getSpec().getParameters().stream()
                .map(StackParameter::valueFrom)
                .anyMatch(from -> from != null && from.configMapKeyRef() != null
                        && from.configMapKeyRef().name().equals(configMapName));
    }
}
