package io.firefly.operator.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.firefly.operator.api.FireflyStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rendering examples/firefly without kubectl gives what kubectl gives, so the demo needs no kubectl. */
class LocalKustomizationTest {

    @Test
    void rendersExactlyWhatKubectlRenders() {
        assumeTrue(Kubectl.installed(), "kubectl is not on the PATH; it is the reference to compare with");
        Path example = FireflyExamples.directory();

        assertThat(byKindAndName(LocalKustomization.render(example)))
                .isEqualTo(byKindAndName(Kubectl.kustomize(example)));
    }

    @Test
    void nameSuffixesMatchTheOnesKubectlGaveForKnownContents() {
        // Measured with kubectl v1.32 (kustomize v5.5): literals [a=b], and a file with characters
        // Go's JSON encoder escapes (<, >, &, tab).
        assertThat(KustomizeNameHash.ofConfigMap(Map.of("a", "b"))).isEqualTo("4h2mbtbbt6");
        assertThat(KustomizeNameHash.ofConfigMap(Map.of("code.py", "if a < b && c > d:\n\tpass\n")))
                .isEqualTo("d4f5h7bct5");
    }

    @Test
    void withoutKubectlEveryFireflyStackPointsAtTheHashedTemplatesConfigMap() {
        List<HasMetadata> objects = FireflyExamples.typed(LocalKustomization.render(FireflyExamples.directory()));

        ConfigMap templates = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .findFirst().orElseThrow();
        assertThat(templates.getMetadata().getName()).matches(ExpectedStacks.TEMPLATES_CONFIG_MAP + "-[a-z0-9]{10}");
        assertThat(objects).filteredOn(FireflyStack.class::isInstance).hasSize(8).allSatisfy(stack -> {
            String key = ((FireflyStack) stack).getSpec().getTemplate().getConfigMapKeyRef().key();
            assertThat(((FireflyStack) stack).getSpec().getTemplate().getConfigMapKeyRef().name())
                    .isEqualTo(templates.getMetadata().getName());
            assertThat(templates.getData()).containsKey(key);
        });
    }

    @Test
    void refusesAKustomizeFeatureItDoesNotImplementAndSaysWhatToDo(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("kustomization.yaml"), "namePrefix: staging-\nresources: []\n");

        assertThatThrownBy(() -> LocalKustomization.render(directory))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("'namePrefix'")
                .hasMessageContaining("install kubectl");
    }

    private static Map<String, JsonNode> byKindAndName(List<JsonNode> objects) {
        return objects.stream().collect(Collectors.toMap(
                object -> object.path("kind").asText() + "/" + object.path("metadata").path("name").asText(),
                Function.identity()));
    }
}
