package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Argo CD files users apply carry the health checks the tests run, and point at the example stacks. */
class ArgoCdManifestsTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void argocdCmPatchCarriesTheHealthCheckVerbatim() throws IOException {
        JsonNode patch = YAML.readTree(Path.of("deploy", "argocd", "argocd-cm-patch.yaml").toFile());

        assertThat(patch.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(patch.path("metadata").path("name").asText()).isEqualTo("argocd-cm");
        assertThat(patch.path("data").path("resource.customizations.health.firefly.io_FireflyStack").asText())
                .as("deploy/argocd/argocd-cm-patch.yaml must embed %s unchanged", ArgoCdHealthCheck.SCRIPT)
                .isEqualTo(Files.readString(ArgoCdHealthCheck.SCRIPT));
        assertThat(patch.path("data").path("resource.customizations.health.firefly.io_FireflyAccount").asText())
                .as("deploy/argocd/argocd-cm-patch.yaml must embed %s unchanged", ArgoCdHealthCheck.ACCOUNT_SCRIPT)
                .isEqualTo(Files.readString(ArgoCdHealthCheck.ACCOUNT_SCRIPT));
    }

    @Test
    void exampleApplicationSyncsTheFireflyStacksWithPrune() throws IOException {
        JsonNode application = YAML.readTree(Path.of("examples", "argocd", "firefly-application.yaml").toFile());

        assertThat(application.path("apiVersion").asText()).isEqualTo("argoproj.io/v1alpha1");
        assertThat(application.path("kind").asText()).isEqualTo("Application");
        JsonNode spec = application.path("spec");
        assertThat(spec.path("source").path("path").asText()).isEqualTo("examples/firefly");
        assertThat(spec.path("destination").path("namespace").asText()).isEqualTo("firefly");
        assertThat(spec.path("syncPolicy").path("automated").path("prune").asBoolean()).isTrue();
        assertThat(application.path("metadata").path("finalizers").toString())
                .contains("resources-finalizer.argocd.argoproj.io");
    }
}
