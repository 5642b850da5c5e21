package io.firefly.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.firefly.operator.api.FireflyStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The firefly example (examples/firefly) as the Kubernetes objects {@code kubectl apply -k} would
 * create: the Namespace, the generated template ConfigMap and the eight FireflyStacks, the latter
 * typed as {@link FireflyStack}. Tests and the demo apply these to a Kubernetes API.
 */
public final class FireflyExamples {
    private static final Path EXAMPLE = Path.of("examples", "firefly");

    private FireflyExamples() {}

    /** examples/firefly of this checkout, looked up from the working directory and its parents. */
    public static Path directory() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(EXAMPLE);
            if (Files.isRegularFile(candidate.resolve("kustomization.yaml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/firefly/kustomization.yaml is neither in " + start
                + " nor in a parent directory: run from the firefly-operator checkout");
    }

    /**
     * The rendered objects: by {@code kubectl kustomize} when kubectl is installed, otherwise by
     * {@link LocalKustomization}, which produces the same objects (names with the same hash suffix).
     */
    public static List<HasMetadata> render() {
        return render(directory());
    }

    static List<HasMetadata> render(Path directory) {
        return typed(Kubectl.installed() ? Kubectl.kustomize(directory) : LocalKustomization.render(directory));
    }

    static List<HasMetadata> typed(List<JsonNode> documents) {
        return documents.stream().map(FireflyExamples::typed).toList();
    }

    private static HasMetadata typed(JsonNode document) {
        String json = document.toString();
        if ("FireflyStack".equals(document.path("kind").asText())) {
            return Serialization.unmarshal(json, FireflyStack.class);
        }
        Object object = Serialization.unmarshal(json);
        if (object instanceof HasMetadata resource) {
            return resource;
        }
        throw new IllegalStateException("rendered document is not a Kubernetes object: " + json);
    }
}
