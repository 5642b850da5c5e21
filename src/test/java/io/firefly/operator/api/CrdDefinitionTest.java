package io.firefly.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.firefly.operator.api.validation.CrdSchemaValidator;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD is the public contract of the FireflyStack API: its names, scope, status subresource, the columns
 * {@code kubectl get fireflystacks} prints, and every spec and status field.
 */
class CrdDefinitionTest {
    private static CustomResourceDefinition crd;
    private static CustomResourceDefinitionVersion version;

    @BeforeAll
    static void readCommittedCrd() throws IOException {
        crd = new ObjectMapper(new YAMLFactory())
                .readValue(CrdSchemaValidator.COMMITTED_CRD.toFile(), CustomResourceDefinition.class);
        assertThat(crd.getSpec().getVersions()).hasSize(1);
        version = crd.getSpec().getVersions().get(0);
    }

    @Test
    void namesScopeAndVersionAreTheDesignsAndTheJavaTypes() {
        assertThat(crd.getMetadata().getName()).isEqualTo("fireflystacks.firefly.io");
        assertThat(crd.getSpec().getGroup()).isEqualTo("firefly.io").isEqualTo(HasMetadata.getGroup(FireflyStack.class));
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("FireflyStack").isEqualTo(HasMetadata.getKind(FireflyStack.class));
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("fireflystacks").isEqualTo(HasMetadata.getPlural(FireflyStack.class));
        assertThat(crd.getSpec().getNames().getSingular()).isEqualTo("fireflystack");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("ffs");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(version.getName()).isEqualTo("v1alpha1").isEqualTo(HasMetadata.getVersion(FireflyStack.class));
        assertThat(version.getServed()).isTrue();
        assertThat(version.getStorage()).isTrue();
    }

    @Test
    void statusIsASubresource() {
        assertThat(version.getSubresources()).isNotNull();
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(version.getSubresources().getScale()).isNull();
    }

    @Test
    void kubectlGetPrintsStackPhaseCfnStatusReadyAndAgeAfterTheName() {
        // kubectl prints NAME first on its own and upper-cases the column names
        assertThat(version.getAdditionalPrinterColumns())
                .extracting(column -> column.getName().toUpperCase(), CustomResourceColumnDefinition::getJsonPath,
                        CustomResourceColumnDefinition::getType, CustomResourceColumnDefinition::getPriority)
                .containsExactly(
                        tuple("STACK", ".spec.stackName", "string", 0),
                        tuple("PHASE", ".status.phase", "string", 0),
                        tuple("CFN-STATUS", ".status.stackStatus", "string", 0),
                        tuple("READY", ".status.conditions[?(@.type==\"Ready\")].status", "string", 0),
                        tuple("AGE", ".metadata.creationTimestamp", "date", 0));
    }

    @Test
    void everySpecFieldOfTheDesignIsInTheSchema() {
        JSONSchemaProps spec = property(root(), "spec");
        assertThat(spec.getProperties()).containsOnlyKeys("stackName", "region", "template", "parameters",
                "capabilities", "tags", "roleArn", "dependsOn", "adoption", "deletionPolicy", "suspend", "accountRef");
        assertThat(spec.getRequired()).containsExactlyInAnyOrder("stackName", "template");

        assertThat(property(spec, "template").getProperties()).containsOnlyKeys("body", "configMapKeyRef", "url");
        assertThat(property(property(spec, "template"), "configMapKeyRef").getProperties()).containsOnlyKeys("name", "key");

        JSONSchemaProps parameter = property(spec, "parameters").getItems().getSchema();
        assertThat(parameter.getProperties()).containsOnlyKeys("name", "value", "valueFrom");
        JSONSchemaProps valueFrom = property(parameter, "valueFrom");
        assertThat(valueFrom.getProperties()).containsOnlyKeys("stackOutput", "configMapKeyRef", "secretKeyRef");
        assertThat(property(valueFrom, "stackOutput").getProperties()).containsOnlyKeys("stack", "output");
        assertThat(property(valueFrom, "configMapKeyRef").getProperties()).containsOnlyKeys("name", "key");
        assertThat(property(valueFrom, "secretKeyRef").getProperties()).containsOnlyKeys("name", "key");

        assertThat(property(spec, "tags").getAdditionalProperties().getSchema().getType()).isEqualTo("string");
        assertThat(property(spec, "dependsOn").getItems().getSchema().getType()).isEqualTo("string");
        assertThat(property(spec, "suspend").getType()).isEqualTo("boolean");
        assertThat(property(spec, "adoption").getDefault().asText()).isEqualTo("AdoptOrCreate");
        assertThat(property(spec, "deletionPolicy").getDefault().asText()).isEqualTo("Delete");
    }

    @Test
    void everyStatusFieldOfTheDesignIsInTheSchema() {
        JSONSchemaProps status = property(root(), "status");
        assertThat(status.getProperties()).containsKeys("observedGeneration", "phase", "stackId", "stackStatus",
                "stackStatusReason", "changeSet", "outputs", "importedResources", "waitingFor", "blockedBy",
                "message", "conditions");
        assertThat(property(status, "changeSet").getProperties()).containsKeys("name", "type", "status", "executionStatus");
        assertThat(property(status, "outputs").getAdditionalProperties().getSchema().getType()).isEqualTo("string");
        assertThat(property(status, "conditions").getItems().getSchema().getProperties())
                .containsKeys("type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
        assertThat(property(status, "phase").getEnum()).extracting(node -> node.asText())
                .containsExactlyInAnyOrder(Arrays.stream(Phase.values()).map(Phase::name).toArray(String[]::new))
                .containsExactlyInAnyOrder("Pending", "WaitingForDependencies", "Creating", "Importing", "Updating",
                        "Ready", "Failed", "Deleting", "DeletionBlocked", "DeleteFailed");
    }

    private static JSONSchemaProps root() {
        return version.getSchema().getOpenAPIV3Schema();
    }

    private static JSONSchemaProps property(JSONSchemaProps parent, String name) {
        Map<String, JSONSchemaProps> properties = parent.getProperties();
        assertThat(properties).as("schema properties").containsKey(name);
        return properties.get(name);
    }
}
