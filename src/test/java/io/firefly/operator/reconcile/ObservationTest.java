package io.firefly.operator.reconcile;

import static io.firefly.operator.reconcile.OperatorTestSupport.aws;
import static io.firefly.operator.reconcile.OperatorTestSupport.cloudFormation;
import static io.firefly.operator.reconcile.OperatorTestSupport.dynamoDb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.StackParameter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Ready is what AWS shows now: changes made behind the operator's back are seen and undone. */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(OfflineAwsTestResource.class)
class ObservationTest {
    @Inject
    KubernetesClient client;

    @Test
    void anOutOfBandParameterUpdateIsDeployedBackToTheSpec() {
        var t = new OperatorTestSupport(client);
        t.apply(t.stack("table", TestTemplates.table(t.prefix + "-keys", false), new StackParameter("Label", "one", null)));
        t.awaitReady("table");

        cloudFormation().updateStack(b -> b.stackName(t.prefix + "-table").usePreviousTemplate(true)
                .parameters(Parameter.builder().parameterKey("Label").parameterValue("two").build()));

        await().atMost(OperatorTestSupport.TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(events(t, "DriftCorrected")).anySatisfy(e -> assertThat(e.getMessage())
                        .contains("parameter Label is 'two', the spec says 'one'")));
        await().atMost(OperatorTestSupport.TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(label(t)).isEqualTo("one");
            assertThat(t.get("table").getStatus().isTrue(ConditionType.Ready)).isTrue();
        });
    }

    @Test
    void anOutOfBandChangeOfAParameterLeftToItsDefaultIsUndone() {
        var t = new OperatorTestSupport(client);
        t.apply(t.stack("table", TestTemplates.table(t.prefix + "-defaults", false)));
        t.awaitReady("table");

        cloudFormation().updateStack(b -> b.stackName(t.prefix + "-table").usePreviousTemplate(true)
                .parameters(Parameter.builder().parameterKey("Label").parameterValue("two").build()));

        await().atMost(OperatorTestSupport.TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(events(t, "DriftCorrected")).anySatisfy(e -> assertThat(e.getMessage())
                        .contains("parameter Label is 'two', the template's default is 'one'")));
        await().atMost(OperatorTestSupport.TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(label(t)).isEqualTo("one");
            assertThat(t.get("table").getStatus().isTrue(ConditionType.Ready)).isTrue();
        });
    }

    @Test
    void aStackDeletedOutOfBandIsDeployedAgainAndItsRetainedTableAdoptedWithItsItems() {
        var t = new OperatorTestSupport(client);
        String table = t.prefix + "-kept";
        t.apply(t.stack("table", TestTemplates.table(table, false).replace("DeletionPolicy: Delete", "DeletionPolicy: Retain")));
        t.awaitReady("table");
        dynamoDb().putItem(b -> b.tableName(table).item(Map.of("registrationKey", AttributeValue.fromS("k1"))));

        cloudFormation().deleteStack(b -> b.stackName(t.prefix + "-table"));

        await().atMost(OperatorTestSupport.TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(events(t, "DriftCorrected")).anySatisfy(e -> assertThat(e.getMessage())
                        .contains("was deleted outside the operator")));
        FireflyStack ready = t.awaitStatus("table", s -> s.getStatus().isTrue(ConditionType.Ready)
                && !s.getStatus().getImportedResources().isEmpty());
        assertThat(ready.getStatus().getImportedResources()).containsExactly("KeysTable");
        assertThat(dynamoDb().scan(b -> b.tableName(table)).count()).as("the table's items survived").isEqualTo(1);
        assertThat(dynamoDb().listTables().tableNames().stream().filter(n -> n.startsWith(table))).containsExactly(table);
    }

    @Test
    void throttledListingsLeaveStableStacksReady() {
        var t = new OperatorTestSupport(client);
        t.apply(t.stack("table", TestTemplates.table(t.prefix + "-calm", false)));
        t.awaitReady("table");
        try {
            aws().faults().throttle(1.0, java.util.Set.of("DescribeStacks"));
            // Two stable polls (3 s each in tests) with every listing throttled: nothing changed in AWS.
            await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9)).pollInterval(Duration.ofMillis(200))
                    .until(() -> t.get("table").getStatus().isTrue(ConditionType.Ready));
        } finally {
            aws().faults().clear();
        }
    }

    @Test
    void aChangeSetMadeObsoleteByAnotherUpdateIsReplacedByAFreshOne() {
        var t = new OperatorTestSupport(client);
        String stackName = t.prefix + "-table";
        t.apply(t.stack("table", TestTemplates.table(t.prefix + "-obsolete", false), new StackParameter("Label", "one", null)));
        t.awaitReady("table");
        try {
            // the operator's change set is computed but cannot run yet, while someone else updates the stack
            aws().faults().throttle(1.0, java.util.Set.of("ExecuteChangeSet"));
            FireflyStack edited = t.get("table");
            edited.getSpec().setParameters(List.of(new StackParameter("Label", "two", null)));
            t.apply(edited);
            await().atMost(OperatorTestSupport.TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() ->
                    cloudFormation().listChangeSets(b -> b.stackName(stackName)).summaries().stream()
                            .anyMatch(cs -> "CREATE_COMPLETE".equals(cs.statusAsString())));
            cloudFormation().updateStack(b -> b.stackName(stackName).usePreviousTemplate(true)
                    .parameters(Parameter.builder().parameterKey("Label").parameterValue("three").build()));
            await().atMost(OperatorTestSupport.TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() ->
                    "UPDATE_COMPLETE".equals(cloudFormation().describeStacks(b -> b.stackName(stackName)).stacks().get(0)
                            .stackStatusAsString()));
        } finally {
            aws().faults().clear();
        }

        await().atMost(OperatorTestSupport.TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(label(t)).isEqualTo("two");
            FireflyStack ready = t.get("table");
            assertThat(ready.getStatus().isTrue(ConditionType.Ready)).isTrue();
            assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
        });
        assertThat(client.v1().events().inNamespace(t.namespace).list().getItems())
                .anySatisfy(e -> assertThat(e.getMessage()).contains("became OBSOLETE"));
    }

    private static String label(OperatorTestSupport t) {
        return cloudFormation().describeStacks(b -> b.stackName(t.prefix + "-table")).stacks().get(0).parameters().stream()
                .filter(p -> p.parameterKey().equals("Label")).map(Parameter::parameterValue).findFirst().orElseThrow();
    }

    private List<Event> events(OperatorTestSupport t, String reason) {
        return client.v1().events().inNamespace(t.namespace).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }
}
