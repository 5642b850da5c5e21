package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.firefly.demo.EmbeddedKubernetes;
import io.firefly.demo.OperatorProcess;
import io.firefly.offlineaws.AwsClients;
import io.firefly.offlineaws.OfflineAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;

/**
 * The packaged operator against a FireflyStack CRD newer than itself, as during an upgrade that applies the
 * CRD first or after a rollback of the operator (Helm never rolls a CRD back): FireflyStacks that set a field
 * this version does not know are reconciled with the fields it knows and say what it ignored; a FireflyStack
 * it cannot read at all is reported and left alone; neither stops the operator or any other stack. And when
 * an informer stops anyway, the health checks turn red and say which one.
 */
class VersionSkewIT {
    private static final Path CRD = Path.of("deploy", "crds", "fireflystacks.firefly.io-v1.yml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "skew";
    private static final String ECHO = """
            Parameters:
              Greeting:
                Type: String
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  DisplayName: !Ref Greeting
            Outputs:
              Greeting:
                Value: !Ref Greeting
            """;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anOperatorOlderThanItsCrdReconcilesWhatItKnowsAndReportsTheRest() throws IOException {
        Path work = Path.of("target", "version-skew-it", "newer-crd");
        Files.createDirectories(work);
        Path log = work.resolve("operator.log");
        Files.deleteIfExists(log);
        try (OfflineAws aws = OfflineAws.start();
             EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(0, work)) {
            KubernetesClient client = kubernetes.client();
            applyCrdWithAccountRef(client);
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                    .create();
            apply(client, stack("ordinary-before", "parameters: [{name: Greeting, value: hello}]"));
            apply(client, stack("notified-before", """
                    notificationRef: {name: production}
                      parameters: [{name: Greeting, value: hello}]"""));
            apply(client, stack("unreadable-before", "parameters: oops"));

            try (OperatorProcess operator = OperatorProcess.start(kubernetes.kubeconfig(), aws.endpoint(), log, Map.of())) {
                apply(client, stack("ordinary-after", "parameters: [{name: Greeting, value: hello}]"));
                apply(client, stack("annotated-after", """
                        parameters: [{name: Greeting, value: hello, description: shown on the topic}]"""));
                apply(client, stack("unreadable-after", "deletionPolicy: Orphan"));

                for (String name : List.of("ordinary-before", "notified-before", "ordinary-after", "annotated-after")) {
                    awaitStatus(client, name, log, status -> "Ready".equals(status.path("phase").asText())
                            && "True".equals(condition(status, "Ready").path("status").asText()));
                }
                assertThat(condition(status(client, "notified-before"), "FieldsIgnored").path("message").asText())
                        .as("the condition names the field").contains("does not know spec.notificationRef");
                assertThat(condition(status(client, "annotated-after"), "FieldsIgnored").path("message").asText())
                        .contains("does not know spec.parameters[0].description");
                assertThat(condition(status(client, "ordinary-after"), "FieldsIgnored").isMissingNode()).isTrue();

                JsonNode unreadable = awaitStatus(client, "unreadable-before", log,
                        status -> "Unreadable".equals(condition(status, "Stalled").path("reason").asText()));
                assertThat(unreadable.path("phase").asText()).isEqualTo("Failed");
                assertThat(unreadable.path("message").asText())
                        .contains("cannot read spec.parameters: expected a list, found a string (\"oops\")");
                JsonNode unknownPolicy = awaitStatus(client, "unreadable-after", log,
                        status -> "Unreadable".equals(condition(status, "Stalled").path("reason").asText()));
                assertThat(unknownPolicy.path("message").asText())
                        .contains("spec.deletionPolicy: \"Orphan\" is not one of [Delete, Retain]");
                try (CloudFormationClient cloudFormation = AwsClients.cloudFormation(aws)) {
                    assertThat(cloudFormation.listStacks().stackSummaries()).extracting(StackSummary::stackName)
                            .as("an object the operator cannot read is left alone")
                            .containsExactlyInAnyOrder("skew-ordinary-before", "skew-notified-before", "skew-ordinary-after",
                                    "skew-annotated-after");
                }

                // Said once: the stacks are re-read every few seconds (FIREFLY_POLL_STABLE=5s), not re-announced.
                await("one event per odd stack, and no more").during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10))
                        .until(() -> List.of(events(client, "notified-before", "UnknownFieldsIgnored"),
                                events(client, "annotated-after", "UnknownFieldsIgnored"),
                                events(client, "unreadable-before", "Unreadable"),
                                events(client, "unreadable-after", "Unreadable")), counts -> counts.equals(List.of(1, 1, 1, 1)));
                assertThat(get(operator.health())).as("/q/health").startsWith("200 ");

                // Fixed by its owner, the unreadable stack is read in full and reconciled like any other.
                patch(client, "unreadable-before", "{\"spec\": {\"parameters\": [{\"name\": \"Greeting\", \"value\": \"fixed\"}]}}");
                JsonNode fixed = awaitStatus(client, "unreadable-before", log, status -> "Ready".equals(status.path("phase").asText()));
                assertThat(fixed.path("outputs").path("Greeting").asText()).isEqualTo("fixed");

                // Without the unknown field, the condition goes.
                patch(client, "notified-before", "{\"spec\": {\"notificationRef\": null}}");
                awaitStatus(client, "notified-before", log, status -> condition(status, "FieldsIgnored").isMissingNode());

                // A deletion policy this version cannot read is never taken for the default (Delete): the stack
                // stays in AWS and the FireflyStack keeps its finalizer until the policy can be read.
                patch(client, "ordinary-after", "{\"spec\": {\"deletionPolicy\": \"Orphan\"}}");
                awaitStatus(client, "ordinary-after", log,
                        status -> "Unreadable".equals(condition(status, "Stalled").path("reason").asText()));
                fireflyStack(client, "ordinary-after").delete();
                await("ordinary-after kept").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> fireflyStack(client, "ordinary-after").get(), kept -> kept != null
                                && kept.getMetadata().getDeletionTimestamp() != null && !kept.getMetadata().getFinalizers().isEmpty());
                try (CloudFormationClient cloudFormation = AwsClients.cloudFormation(aws)) {
                    assertThat(cloudFormation.describeStacks(r -> r.stackName("skew-ordinary-after")).stacks())
                            .extracting(s -> s.stackStatusAsString()).containsExactly("CREATE_COMPLETE");
                }
                patch(client, "ordinary-after", "{\"spec\": {\"deletionPolicy\": \"Retain\"}}");
                await("ordinary-after deleted, its stack retained").atMost(Duration.ofSeconds(30))
                        .until(() -> fireflyStack(client, "ordinary-after").get() == null);
            }
        }
    }

    @Test
    void anInformerThatStopsTurnsLivenessAndReadinessRedNamingIt() throws IOException, InterruptedException {
        Path work = Path.of("target", "version-skew-it", "stopped-informer");
        Files.createDirectories(work);
        Path log = work.resolve("operator.log");
        Files.deleteIfExists(log);
        try (OfflineAws aws = OfflineAws.start();
             EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(0, work);
             OperatorProcess operator = OperatorProcess.start(kubernetes.kubeconfig(), aws.endpoint(), log, Map.of())) {
            kubernetes.client().namespaces()
                    .resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
            assertThat(get(URI.create(operator.health() + "/live"))).startsWith("200 ");
            assertThat(get(operator.metrics())).contains("firefly_informers_stopped{resource=\"configmaps\"} 0.0");

            // A ConfigMap whose data is not a map: a real API server never serves one, but the embedded one stores
            // what it is given, and the operator's ConfigMap informer cannot read the watch event and stops.
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(
                            URI.create(kubernetes.url() + "/api/v1/namespaces/" + NAMESPACE + "/configmaps"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "garbled", "namespace": "skew"},
                             "data": "not a map"}""")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            String live = await("liveness down, see " + log).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> get(URI.create(operator.health() + "/live")), response -> response.startsWith("503 "));
            assertThat(live).contains("firefly informers").contains("\"configmaps\": \"stopped: ");
            assertThat(get(URI.create(operator.health() + "/ready"))).startsWith("503 ").contains("configmaps");
            assertThat(get(operator.metrics())).contains("firefly_informers_stopped{resource=\"configmaps\"} 1.0");
            assertThat(Files.readString(log)).contains("The informer for configmaps stopped");
        }
    }

    /** The CRD of a newer operator version: this one's, with a field this version does not know. */
    private static void applyCrdWithAccountRef(KubernetesClient client) throws IOException {
        ObjectNode crd = (ObjectNode) new YAMLMapper().readTree(CRD.toFile());
        ObjectNode spec = (ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
        spec.putObject("notificationRef").put("type", "object").putObject("properties")
                .putObject("name").put("type", "string");
        client.resource(JSON.treeToValue(crd, CustomResourceDefinition.class)).update();
    }

    private static String stack(String name, String more) {
        return """
                apiVersion: firefly.io/v1alpha1
                kind: FireflyStack
                metadata: {name: %s, namespace: %s}
                spec:
                  stackName: skew-%s
                  template:
                    body: %s
                  %s
                """.formatted(name, NAMESPACE, name, JSON.valueToTree(ECHO), more);
    }

    private static void apply(KubernetesClient client, String manifest) {
        client.resource(client.getKubernetesSerialization().unmarshal(manifest, GenericKubernetesResource.class)).create();
    }

    private static Resource<GenericKubernetesResource> fireflyStack(KubernetesClient client, String name) {
        return client.genericKubernetesResources("firefly.io/v1alpha1", "FireflyStack").inNamespace(NAMESPACE).withName(name);
    }

    private static void patch(KubernetesClient client, String name, String mergePatch) {
        fireflyStack(client, name).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    }

    private static JsonNode status(KubernetesClient client, String name) {
        return JSON.valueToTree(fireflyStack(client, name).get()).path("status");
    }

    private static JsonNode awaitStatus(KubernetesClient client, String name, Path log,
                                        java.util.function.Predicate<JsonNode> wanted) {
        return await(name + " (see " + log + ")").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> status(client, name), wanted::test);
    }

    private static JsonNode condition(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition;
            }
        }
        return JSON.missingNode();
    }

    private static int events(KubernetesClient client, String name, String reason) {
        return (int) client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .count();
    }

    /** The status code and body, as "200 {...}". */
    private static String get(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
