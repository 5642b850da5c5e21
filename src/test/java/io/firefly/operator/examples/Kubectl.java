package io.firefly.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code kubectl kustomize}, the renderer behind {@code kubectl apply -k}. */
final class Kubectl {
    private Kubectl() {}

    static boolean installed() {
        return ExternalCommand.onPath("kubectl").isPresent();
    }

    static List<JsonNode> kustomize(Path directory) {
        ExternalCommand.Result result = ExternalCommand.of("kubectl", "kustomize", directory.toString())
                .run(directory, Duration.ofMinutes(1));
        if (!result.succeeded()) {
            throw new IllegalStateException("kubectl could not render " + directory + ":\n" + result.describe());
        }
        return YamlDocuments.parse(result.stdout(), "output of kubectl kustomize " + directory);
    }
}
