package io.firefly.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.demo.EmbeddedKubernetes;
import io.firefly.demo.OperatorProcess;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.AwsClients;
import io.firefly.offlineaws.OfflineAws;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackSpec;
import io.firefly.operator.api.Phase;
import io.firefly.operator.api.StackParameter;
import io.firefly.operator.api.TemplateSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The operator as built, killed (no graceful shutdown) at the two riskiest moments and started again:
 * between creating the IMPORT change set and executing it, and while an UPDATE runs. It must resume the
 * step it was on: one import, no duplicate change sets, no lost items.
 */
class OperatorRestartIT {
    private static final String TABLE = "restart-registration-keys";
    private static final String STACK = "restart-keys";

    @Test
    void resumesAfterBeingKilledMidImportAndMidUpdate() {
        Path work = Path.of("target", "restart-it");
        try (OfflineAws aws = OfflineAws.start(OfflineAwsOptions.defaults()
                .withChangeSetDelay(Duration.ofSeconds(2)).withResourceStepDelay(Duration.ofMillis(1500)));
             EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start(0, work)) {
            KubernetesClient client = kubernetes.client();
            DynamoDbClient dynamoDb = AwsClients.dynamoDb(aws);
            dynamoDb.createTable(b -> b.tableName(TABLE).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("registrationKey").attributeType("S"))
                    .keySchema(k -> k.attributeName("registrationKey").keyType("HASH")));
            IntStream.range(0, 10).forEach(i -> dynamoDb.putItem(b -> b.tableName(TABLE)
                    .item(Map.of("registrationKey", AttributeValue.fromS("key-" + i)))));
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("restart").endMetadata().build()).create();
            client.resource(stack("one")).create();

            OperatorProcess first = OperatorProcess.start(kubernetes.kubeconfig(), aws.endpoint(), work.resolve("operator-1.log"), Map.of());
            await().atMost(Duration.ofSeconds(60)).until(() -> successful(aws, "CreateChangeSet", "IMPORT") == 1);
            first.kill();
            assertThat(successful(aws, "ExecuteChangeSet", null)).isZero();

            OperatorProcess second = OperatorProcess.start(kubernetes.kubeconfig(), aws.endpoint(), work.resolve("operator-2.log"), Map.of());
            FireflyStack ready = awaitStack(client, s -> isReady(s, 1));
            assertThat(ready.getStatus().getImportedResources()).containsExactly("KeysTable");

            FireflyStack edited = client.resources(FireflyStack.class).inNamespace("restart").withName(STACK).get();
            edited.getSpec().setParameters(List.of(StackParameter.literal("Label", "two")));
            client.resource(edited).update();
            long executionsBefore = successful(aws, "ExecuteChangeSet", null);
            await().atMost(Duration.ofSeconds(60)).until(() -> successful(aws, "ExecuteChangeSet", null) > executionsBefore);
            second.kill();

            try (OperatorProcess third = OperatorProcess.start(kubernetes.kubeconfig(), aws.endpoint(),
                    work.resolve("operator-3.log"), Map.of())) {
                awaitStack(client, s -> isReady(s, 2));
            }

            assertThat(successful(aws, "CreateChangeSet", "IMPORT")).isEqualTo(1);
            assertThat(aws.calls().of("ExecuteChangeSet").stream().filter(c -> c.errorCode() == null)
                    .map(AwsCall::changeSetName).toList())
                    .as("executed once each: the import, the update adding Outputs, the parameter edit")
                    .hasSize(3).doesNotHaveDuplicates();
            assertThat(AwsClients.cloudFormation(aws).listChangeSets(b -> b.stackName(STACK)).summaries())
                    .allSatisfy(cs -> assertThat(cs.executionStatusAsString()).isEqualTo("EXECUTE_COMPLETE"));
            assertThat(dynamoDb.scan(b -> b.tableName(TABLE)).count()).isEqualTo(10);
        }
    }

    private static FireflyStack stack(String label) {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withName(STACK).withNamespace("restart").build());
        FireflyStackSpec spec = new FireflyStackSpec();
        spec.setStackName(STACK);
        spec.setTemplate(TemplateSource.inline(TestTemplates.table(TABLE, false)));
        spec.setParameters(List.of(StackParameter.literal("Label", label)));
        stack.setSpec(spec);
        return stack;
    }

    private static boolean isReady(FireflyStack stack, long generation) {
        return stack.getStatus() != null && stack.getStatus().getPhase() == Phase.Ready
                && stack.getStatus().isTrue(ConditionType.Ready) && stack.getMetadata().getGeneration() == generation
                && stack.getStatus().getObservedGeneration() == generation;
    }

    private static FireflyStack awaitStack(KubernetesClient client, Predicate<FireflyStack> condition) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.resources(FireflyStack.class).inNamespace("restart").withName(STACK).get(),
                        s -> s != null && condition.test(s));
    }

    private static long successful(OfflineAws aws, String action, String changeSetType) {
        return aws.calls().of(action).stream()
                .filter(c -> c.errorCode() == null && (changeSetType == null || changeSetType.equals(c.changeSetType())))
                .count();
    }
}
