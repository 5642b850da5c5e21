package io.firefly.operator.reconcile;

import static io.firefly.operator.reconcile.OperatorTestSupport.aws;
import static io.firefly.operator.reconcile.OperatorTestSupport.cloudFormation;
import static io.firefly.operator.reconcile.OperatorTestSupport.dynamoDb;
import static io.firefly.operator.reconcile.OperatorTestSupport.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.operator.api.AdoptionPolicy;
import io.firefly.operator.api.Capability;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.firefly.operator.api.StackParameter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(OfflineAwsTestResource.class)
class DeployPathsTest {
    @Inject
    KubernetesClient client;

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void dependentWaitsForItsTableThenReceivesItsOutputs() {
        var t = new OperatorTestSupport(client);
        FireflyStack function = t.stack("fn", TestTemplates.function("dynamodb:PutItem"),
                output("TableName", "table", "TableName"), output("TableArn", "table", "TableArn"));
        function.getSpec().setCapabilities(List.of(Capability.CAPABILITY_IAM, Capability.CAPABILITY_AUTO_EXPAND));
        t.apply(function);
        FireflyStack waiting = t.awaitPhase("fn", Phase.WaitingForDependencies);
        assertThat(waiting.getStatus().getWaitingFor()).containsExactly("table (not found)");

        t.apply(t.stack("table", TestTemplates.table(t.prefix + "-keys", false)));
        FireflyStack table = t.awaitReady("table");
        FireflyStack ready = t.awaitReady("fn");

        assertThat(table.getStatus().getOutputs()).containsEntry("TableName", t.prefix + "-keys")
                .containsEntry("TableArn", "arn:aws:dynamodb:us-east-1:123456789012:table/" + t.prefix + "-keys");
        assertThat(ready.getStatus().getStackStatus()).isEqualTo("CREATE_COMPLETE");
        assertThat(ready.getStatus().getOutputs()).containsKey("FunctionArn");
        var parameters = cloudFormation().describeStacks(b -> b.stackName(t.prefix + "-fn")).stacks().get(0).parameters();
        assertThat(parameters).extracting(Parameter::parameterKey, Parameter::parameterValue)
                .contains(org.assertj.core.groups.Tuple.tuple("TableName", t.prefix + "-keys"));
        ConfigMap published = client.configMaps().inNamespace(t.namespace).withName("table-outputs").get();
        assertThat(published.getData()).containsEntry("TableName", t.prefix + "-keys");
        assertThat(published.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(table.getMetadata().getUid()));

        Instant tableCreated = cloudFormation().describeStackEvents(b -> b.stackName(t.prefix + "-table")).stackEvents()
                .stream().filter(e -> e.logicalResourceId().equals(t.prefix + "-table")
                        && "CREATE_COMPLETE".equals(e.resourceStatusAsString()))
                .map(StackEvent::timestamp).findFirst().orElseThrow();
        Instant functionStarted = aws().calls().of("CreateChangeSet").stream()
                .filter(c -> (t.prefix + "-fn").equals(c.stackName())).map(AwsCall::at).findFirst().orElseThrow();
        assertThat(functionStarted).isAfter(tableCreated);
    }

    @Test
    void existingTableIsImportedWithItsItemsThenOutputsAreAdded() {
        var t = new OperatorTestSupport(client);
        String tableName = t.prefix + "-registration-keys";
        dynamoDb().createTable(b -> b.tableName(tableName).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("registrationKey").attributeType("S"))
                .keySchema(k -> k.attributeName("registrationKey").keyType("HASH")));
        IntStream.range(0, 5).forEach(i -> dynamoDb().putItem(b -> b.tableName(tableName)
                .item(Map.of("registrationKey", AttributeValue.fromS("key-" + i)))));

        t.apply(t.stack("keys", TestTemplates.table(tableName, true)));
        FireflyStack ready = t.awaitReady("keys");

        String stackName = t.prefix + "-keys";
        List<AwsCall> changeSets = aws().calls().of("CreateChangeSet").stream()
                .filter(c -> stackName.equals(c.stackName()) && c.errorCode() == null).toList();
        assertThat(changeSets).extracting(AwsCall::changeSetType).containsExactly("IMPORT", "UPDATE");
        assertThat(ready.getStatus().getImportedResources()).containsExactly("KeysTable");
        assertThat(ready.getStatus().getOutputs()).containsEntry("TableName", tableName);
        var stack = cloudFormation().describeStacks(b -> b.stackName(stackName)).stacks().get(0);
        assertThat(stack.stackStatusAsString()).isEqualTo("UPDATE_COMPLETE");
        assertThat(stack.outputs()).hasSize(2);
        assertThat(dynamoDb().scan(b -> b.tableName(tableName)).count()).isEqualTo(5);
    }

    @Test
    void parameterEditRunsOneUpdateAndResyncRunsNone() {
        var t = new OperatorTestSupport(client);
        FireflyStack table = t.apply(t.stack("table", TestTemplates.table(t.prefix + "-t", false),
                StackParameter.literal("Label", "one")));
        t.awaitReady("table");
        String stackName = t.prefix + "-table";

        long executedBefore = executions(stackName);
        table = t.get("table");
        table.getSpec().setParameters(List.of(StackParameter.literal("Label", "two")));
        t.apply(table);
        FireflyStack updated = t.awaitStatus("table", s -> s.getMetadata().getGeneration() == 2
                && s.getStatus().getPhase() == Phase.Ready && s.getStatus().isTrue(ConditionType.Ready)
                && s.getStatus().getObservedGeneration() == 2);
        assertThat(executions(stackName)).isEqualTo(executedBefore + 1);
        assertThat(updated.getStatus().getStackStatus()).isEqualTo("UPDATE_COMPLETE");
        assertThat(updated.getStatus().getChangeSet().type()).isEqualTo("UPDATE");

        // Two stable polls later nothing was created or executed, and no change set was left behind.
        long listingsBefore = aws().calls().count("DescribeStacks");
        long changeSetsBefore = createdChangeSets(stackName);
        await().atMost(Duration.ofSeconds(20)).until(() -> aws().calls().count("DescribeStacks") >= listingsBefore + 2);
        assertThat(createdChangeSets(stackName)).isEqualTo(changeSetsBefore);
        assertThat(executions(stackName)).isEqualTo(executedBefore + 1);
        assertThat(cloudFormation().listChangeSets(b -> b.stackName(stackName)).summaries())
                .allSatisfy(cs -> assertThat(cs.executionStatusAsString()).isEqualTo("EXECUTE_COMPLETE"));
    }

    @Test
    void createOnlyRefusesToImportAnExistingTable() {
        var t = new OperatorTestSupport(client);
        String tableName = t.prefix + "-taken";
        dynamoDb().createTable(b -> b.tableName(tableName).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("registrationKey").attributeType("S"))
                .keySchema(k -> k.attributeName("registrationKey").keyType("HASH")));
        FireflyStack stack = t.stack("strict", TestTemplates.table(tableName, false));
        stack.getSpec().setAdoption(AdoptionPolicy.CreateOnly);
        t.apply(stack);

        FireflyStack failed = t.awaitPhase("strict", Phase.Failed);
        assertThat(failed.getStatus().isTrue(ConditionType.Stalled)).isTrue();
        assertThat(failed.getStatus().getMessage()).contains(tableName).contains("spec.adoption is CreateOnly");
        assertThat(aws().calls().of("CreateChangeSet")).noneMatch(c -> (t.prefix + "-strict").equals(c.stackName()));
    }

    @Test
    void dependencyCycleStallsAndNamesTheCycle() {
        var t = new OperatorTestSupport(client);
        FireflyStack a = t.stack("a", TestTemplates.table(t.prefix + "-a", false));
        a.getSpec().setDependsOn(List.of("b"));
        FireflyStack b = t.stack("b", TestTemplates.table(t.prefix + "-b", false));
        b.getSpec().setDependsOn(List.of("a"));
        t.apply(a);
        t.apply(b);

        FireflyStack stalled = t.awaitStatus("a", s -> s.getStatus().isTrue(ConditionType.Stalled));
        assertThat(stalled.getStatus().getMessage()).contains("a -> b -> a");
        assertThat(aws().calls().of("CreateChangeSet")).noneMatch(c -> c.stackName() != null
                && c.stackName().startsWith(t.prefix));
    }

    @Test
    void aReadyStacksPollsFindItsOutputsPublishedWithoutAskingTheApiServerAndPutBackAnEdit() throws Exception {
        var t = new OperatorTestSupport(client);
        String tableName = t.prefix + "-polled";
        t.apply(t.stack("table", TestTemplates.table(tableName, false)));
        t.awaitReady("table");
        var outputs = client.configMaps().inNamespace(t.namespace).withName("table-outputs");
        await().atMost(Duration.ofSeconds(10)).until(() -> outputs.get() != null);
        RequestLog reads = new RequestLog(server, "GET", "/api/v1/namespaces/" + t.namespace + "/configmaps/table-outputs");
        reads.count();

        // two stable polls at least (3 s in tests), each of which publishes the unchanged outputs again
        await().during(Duration.ofSeconds(7)).atMost(Duration.ofMillis(7500)).until(() -> reads.count() == 0);

        outputs.edit(cm -> {
            cm.getData().put("TableName", "edited by hand");
            return cm;
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(outputs.get().getData()).containsEntry("TableName", tableName));
    }

    /** The requests the mock API server answered since the last count, of one method and path. */
    private record RequestLog(KubernetesServer server, String method, String path) {
        int count() throws InterruptedException {
            int matching = 0;
            for (var request = take(); request != null; request = take()) {
                if (method.equals(request.getMethod()) && path.equals(request.getPath())) {
                    matching++;
                }
            }
            return matching;
        }

        private io.fabric8.mockwebserver.http.RecordedRequest take() throws InterruptedException {
            return server.getKubernetesMockServer().takeRequest(0, TimeUnit.MILLISECONDS);
        }
    }

    private static long executions(String stackName) {
        return aws().calls().of("ExecuteChangeSet").stream()
                .filter(c -> stackName.equals(c.stackName()) && c.errorCode() == null).count();
    }

    private static long createdChangeSets(String stackName) {
        return aws().calls().of("CreateChangeSet").stream().filter(c -> stackName.equals(c.stackName())).count();
    }
}
