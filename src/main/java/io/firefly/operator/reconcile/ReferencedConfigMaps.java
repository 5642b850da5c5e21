package io.firefly.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.reconcile.status.OutputsPublisher;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The store of the ConfigMap informer: a ConfigMap that a FireflyStack reads (its template or a parameter) is
 * kept whole, and so is one holding a FireflyStack's published outputs (small, and compared at every poll of a
 * Ready stack); every other ConfigMap of the cluster only by its name, so that a cluster's thousands of
 * unrelated ConfigMaps cost the operator their metadata, not their data. The informer still sees every change,
 * and a change of a ConfigMap a FireflyStack starts reading keeps it whole from then on.
 */
final class ReferencedConfigMaps implements ItemStore<ConfigMap> {
    private final ItemStore<ConfigMap> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
    private final IndexerResourceCache<FireflyStack> stacks;

    ReferencedConfigMaps(IndexerResourceCache<FireflyStack> stacks) {
        this.stacks = stacks;
    }

    /**
     * The ConfigMap as a FireflyStack needs it: from the cache when it is kept whole; read from the API when the
     * cache holds only its name (it was stored before any FireflyStack read it), which costs one GET per read
     * until the ConfigMap next changes.
     */
    Optional<ConfigMap> read(KubernetesClient client, String namespace, String name) {
        ConfigMap cached = store.get(Cache.namespaceKeyFunc(namespace, name));
        if (cached == null) {
            return Optional.empty();
        }
        if (holdsData(cached)) {
            return Optional.of(cached);
        }
        return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
    }

    /** The ConfigMap as the cache holds it, where it holds it whole; no request. */
    Optional<ConfigMap> cached(String namespace, String name) {
        return Optional.ofNullable(store.get(Cache.namespaceKeyFunc(namespace, name))).filter(ReferencedConfigMaps::holdsData);
    }

    @Override
    public ConfigMap put(String key, ConfigMap configMap) {
        boolean kept = OutputsPublisher.holdsOutputs(configMap) || !RelatedStacks.referencing(configMap, stacks).isEmpty();
        return store.put(key, kept ? configMap : nameOnly(configMap));
    }

    /** A ConfigMap kept by name only holds no data; neither does an empty one, which a GET reads the same. */
    private static boolean holdsData(ConfigMap configMap) {
        return configMap.getData() != null && !configMap.getData().isEmpty()
                || configMap.getBinaryData() != null && !configMap.getBinaryData().isEmpty();
    }

    private static ConfigMap nameOnly(ConfigMap configMap) {
        return new ConfigMapBuilder().withNewMetadata()
                .withNamespace(configMap.getMetadata().getNamespace())
                .withName(configMap.getMetadata().getName())
                .withUid(configMap.getMetadata().getUid())
                .withResourceVersion(configMap.getMetadata().getResourceVersion())
                .endMetadata().build();
    }

    @Override
    public String getKey(ConfigMap configMap) {
        return store.getKey(configMap);
    }

    @Override
    public ConfigMap remove(String key) {
        return store.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return store.keySet();
    }

    @Override
    public Stream<ConfigMap> values() {
        return store.values();
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public ConfigMap get(String key) {
        return store.get(key);
    }
}
