package io.firefly.operator.packaging;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Renders the operator's Helm chart with the real Helm library, as `helm template` would. */
final class ChartRenderer {
    static final Path CHART = Path.of("helm", "firefly-operator");
    static final String RELEASE = "firefly";
    static final String RELEASE_NAMESPACE = "firefly-system";
    /** A current cluster; the chart declares the oldest it supports in Chart.yaml kubeVersion. */
    static final String KUBE_VERSION = "v1.31.0";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ChartRenderer() {
    }

    /** Renders with the chart's defaults overridden by {@code valuesYaml} (may be empty). */
    static RenderedChart render(Path workDir, String valuesYaml) {
        return render(workDir, valuesYaml, KUBE_VERSION);
    }

    /** Renders for a cluster of the given version, as `helm template --kube-version` does. */
    static RenderedChart render(Path workDir, String valuesYaml, String kubeVersion) {
        String manifest = new Helm(CHART).template()
                .withName(RELEASE)
                .withNamespace(RELEASE_NAMESPACE)
                .withKubeVersion(kubeVersion)
                .withValuesFile(writeValues(workDir, valuesYaml))
                .call();
        return new RenderedChart(manifest, parse(manifest));
    }

    private static Path writeValues(Path workDir, String valuesYaml) {
        try {
            return Files.writeString(Files.createTempFile(workDir, "values", ".yaml"), valuesYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<HasMetadata> parse(String manifest) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : manifest.split("(?m)^---\\s*$")) {
            if (document.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#"))) {
                objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }
}
