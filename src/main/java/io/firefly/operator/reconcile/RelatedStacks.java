package io.firefly.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.firefly.operator.api.FireflyAccount;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.KeyRef;
import io.firefly.operator.api.StackParameter;
import io.firefly.operator.reconcile.inputs.StackGraph;
import io.firefly.operator.reconcile.tenancy.AccountChoice;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Which FireflyStacks to reconcile when another FireflyStack, a ConfigMap, a FireflyAccount or a Namespace changes. */
final class RelatedStacks {
    /**
     * The index, on a cache of FireflyStacks, of the stacks each one depends on: finding a stack's dependents
     * costs a lookup instead of a pass over every FireflyStack the operator watches.
     */
    static final String DEPENDED_ON = "depended-on";

    private RelatedStacks() {
    }

    /** The index keys of a FireflyStack: namespace/name of each stack it depends on. */
    static List<String> dependedOn(FireflyStack stack) {
        String namespace = stack.getMetadata().getNamespace();
        return StackGraph.dependenciesOf(stack).stream().map(name -> key(namespace, name)).toList();
    }

    /** A namespace's FireflyStacks as a cache indexed by {@link #DEPENDED_ON} holds them. */
    static StackGraph.Stacks cachedIn(IndexerResourceCache<FireflyStack> cache, String namespace) {
        return new StackGraph.Stacks() {
            @Override
            public Optional<FireflyStack> named(String name) {
                return cache.get(new ResourceID(name, namespace));
            }

            @Override
            public List<FireflyStack> dependingOn(String name) {
                return cache.byIndex(DEPENDED_ON, key(namespace, name));
            }
        };
    }

    /**
     * A FireflyStack changed: its dependents may deploy now; if it is going away, its dependencies may delete.
     * The dependents come from a cache indexed by {@link #DEPENDED_ON}.
     */
    static Set<ResourceID> of(FireflyStack changed, IndexerResourceCache<FireflyStack> cache) {
        String namespace = changed.getMetadata().getNamespace();
        Set<ResourceID> ids = new HashSet<>();
        cachedIn(cache, namespace).dependingOn(changed.getMetadata().getName())
                .forEach(s -> ids.add(ResourceID.fromResource(s)));
        if (changed.getMetadata().getDeletionTimestamp() != null) {
            StackGraph.dependenciesOf(changed).forEach(d -> ids.add(new ResourceID(d, namespace)));
        }
        return ids;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
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

    /**
     * A FireflyAccount changed (or came, or went): the FireflyStacks that name it, by spec.accountRef or through
     * their namespace's annotation, or that were deployed into it.
     */
    static Set<ResourceID> using(FireflyAccount account, IndexerResourceCache<FireflyStack> cache,
                                 Function<String, Optional<Namespace>> namespaces) {
        String name = account.getMetadata().getName();
        return cache.list(s -> AccountChoice.accountNameOf(s, namespaces.apply(s.getMetadata().getNamespace()))
                        .filter(name::equals).isPresent()
                        || (s.getStatus() != null && Objects.equals(name, s.getStatus().getAccount())))
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    /** A Namespace changed: its labels may let it use an account, its annotation may name another. */
    static Set<ResourceID> in(Namespace namespace, IndexerResourceCache<FireflyStack> cache) {
        String name = namespace.getMetadata().getName();
        return cache.list(s -> name.equals(s.getMetadata().getNamespace()))
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }
}
