package io.firefly.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The other applications' objects the benchmark fills the cluster with. */
class UnrelatedObjectsTest {

    @Test
    void theyAreSpreadOverTwentyNamespacesOfTheirOwnAndTheStacksOnes() {
        List<String> namespaces = UnrelatedObjects.namespaces(List.of("bench-0", "bench-1"));

        assertThat(namespaces).hasSize(22).startsWith("other-0", "other-1").endsWith("other-19", "bench-0", "bench-1");
        assertThat(IntStream.range(0, 2200).mapToObj(i -> UnrelatedObjects.configMap(i, namespaces).getMetadata().getNamespace())
                .filter("bench-1"::equals).count()).as("an even share in each namespace").isEqualTo(100);
    }

    @Test
    void eachHoldsAFewKibibytesOfItsOwnData() {
        List<String> namespaces = UnrelatedObjects.namespaces(List.of("bench"));
        List<Integer> configMapSizes = IntStream.range(0, 8).mapToObj(i -> UnrelatedObjects.configMap(i, namespaces))
                .map(ConfigMap::getData).map(data -> data.get("application.properties").length()).toList();
        Secret secret = UnrelatedObjects.secret(3, namespaces);

        assertThat(configMapSizes).allSatisfy(size -> assertThat(size).isBetween(1024, 4 * 1024 + 100));
        assertThat(configMapSizes.stream().map(size -> size / 1024).distinct().count()).as("1, 2, 3 and 4 KiB").isEqualTo(4);
        assertThat(Base64.getDecoder().decode(secret.getData().get("tls.key"))).hasSize(1536);
        assertThat(secret.getData().get("tls.key")).isNotEqualTo(UnrelatedObjects.secret(4, namespaces).getData().get("tls.key"));
        assertThat(UnrelatedObjects.configMap(5, namespaces).getMetadata().getName()).isEqualTo("app-config-5");
    }
}
