package io.firefly.benchmark;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * What a real cluster holds beside the FireflyStacks: other applications' ConfigMaps and Secrets, a few KiB
 * each, that no FireflyStack reads. They are spread evenly over {@value #OTHER_NAMESPACES} namespaces of their
 * own ({@code other-0} ...) and the stacks' namespaces, since a real namespace has ConfigMaps no FireflyStack
 * reads. Created before the operator starts, so that its informers list them, as an operator installed into
 * a running cluster does.
 *
 * @param configMaps how many ConfigMaps
 * @param secrets    how many Secrets
 */
record UnrelatedObjects(int configMaps, int secrets) {
    static final int OTHER_NAMESPACES = 20;
    /** The cluster the scale benchmark stands for. */
    static final UnrelatedObjects REAL_CLUSTER = new UnrelatedObjects(10_000, 2_000);
    /** Enough requests in flight to keep the embedded API busy without queueing thousands of them. */
    private static final int PARALLEL_REQUESTS = 16;

    UnrelatedObjects {
        if (configMaps < 0 || secrets < 0) {
            throw new IllegalArgumentException("unrelated object counts are not negative: " + configMaps + ", " + secrets);
        }
    }

    /** The namespaces they go to, in the order they are filled: the other namespaces first, then the stacks'. */
    static List<String> namespaces(List<String> stackNamespaces) {
        List<String> all = new ArrayList<>(IntStream.range(0, OTHER_NAMESPACES).mapToObj(i -> "other-" + i).toList());
        all.addAll(stackNamespaces);
        return all;
    }

    /**
     * Creates the other namespaces and, with parallel requests, the objects; the stacks' namespaces must exist.
     * Returns how long it took.
     */
    Duration create(KubernetesClient client, List<String> stackNamespaces) {
        Instant start = Instant.now();
        List<String> namespaces = namespaces(stackNamespaces);
        namespaces.stream().filter(ns -> !stackNamespaces.contains(ns)).forEach(ns ->
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create());
        ExecutorService requests = Executors.newFixedThreadPool(PARALLEL_REQUESTS);
        try {
            List<CompletableFuture<?>> created = new ArrayList<>();
            for (int i = 0; i < configMaps; i++) {
                int index = i;
                created.add(CompletableFuture.runAsync(() -> client.resource(configMap(index, namespaces)).create(), requests));
            }
            for (int i = 0; i < secrets; i++) {
                int index = i;
                created.add(CompletableFuture.runAsync(() -> client.resource(secret(index, namespaces)).create(), requests));
            }
            CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).join();
        } finally {
            requests.shutdownNow();
        }
        return Duration.between(start, Instant.now());
    }

    /** Between 1 and 4 KiB of an application's settings. */
    static ConfigMap configMap(int index, List<String> namespaces) {
        StringBuilder settings = new StringBuilder();
        for (int line = 0; settings.length() < 1024 * (1 + index % 4); line++) {
            settings.append("app-").append(index).append(".setting-").append(line).append('=')
                    .append(Long.toHexString(mix(index * 1_000L + line))).append('\n');
        }
        return new ConfigMapBuilder().withNewMetadata().withNamespace(namespaces.get(index % namespaces.size()))
                .withName("app-config-" + index).withLabels(Map.of("app", "app-" + index)).endMetadata()
                .withData(Map.of("application.properties", settings.toString())).build();
    }

    /** A certificate-sized key (1.5 KiB before base64) and a password, as a TLS or database Secret holds. */
    static Secret secret(int index, List<String> namespaces) {
        byte[] key = new byte[1536];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) mix(index * 10_000L + i);
        }
        Base64.Encoder base64 = Base64.getEncoder();
        return new SecretBuilder().withNewMetadata().withNamespace(namespaces.get(index % namespaces.size()))
                .withName("app-secret-" + index).endMetadata()
                .withType("Opaque")
                .withData(Map.of("tls.key", base64.encodeToString(key),
                        "password", base64.encodeToString(Long.toHexString(mix(index)).getBytes())))
                .build();
    }

    /** Spreads the bits of a counter (SplitMix64's finalizer): every object's data differs, as real ones do. */
    private static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One line for the report. */
    String describe(List<String> stackNamespaces) {
        return configMaps + " unrelated ConfigMaps and " + secrets + " Secrets, over " + namespaces(stackNamespaces).size()
                + " namespaces (" + OTHER_NAMESPACES + " of their own and the stacks')";
    }
}
