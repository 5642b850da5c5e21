package io.firefly.operator.reconcile;

import static io.firefly.operator.reconcile.OperatorTestSupport.aws;
import static io.firefly.operator.reconcile.OperatorTestSupport.cloudFormation;
import static io.firefly.operator.reconcile.OperatorTestSupport.dynamoDb;
import static io.firefly.operator.reconcile.OperatorTestSupport.output;
import static io.firefly.offlineaws.TestTemplates.topicChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.operator.api.Capability;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.DeletionPolicy;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.firefly.operator.api.StackParameter;
import io.firefly.operator.reconcile.status.EventRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(OfflineAwsTestResource.class)
class DeletionTest {
    @Inject
    KubernetesClient client;

    @Inject
    EventRecorder events;

    @AfterEach
    void clearFaults() {
        aws().faults().clear();
    }

    @Test
    void aFireflyStackWhoseFinalizerAPersonRemovesLeavesItsStackAndNothingInTheOperatorsMemory() {
        var t = new OperatorTestSupport(client);
        t.apply(t.stack("held", TestTemplates.table(t.prefix + "-held", false)));
        t.awaitReady("held");
        FireflyStack user = t.stack("user", TestTemplates.table(t.prefix + "-user", false));
        user.getSpec().setDependsOn(List.of("held"));
        t.apply(user);
        t.awaitReady("user");
        t.delete("held");
        FireflyStack blocked = t.awaitPhase("held", Phase.DeletionBlocked);
        assertThat(events.remembers(blocked)).isTrue();

        // what `kubectl patch fireflystack held --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'` does
        client.resources(FireflyStack.class).inNamespace(t.namespace).withName("held").edit(stack -> {
            stack.getMetadata().setFinalizers(List.of());
            return stack;
        });
        t.awaitGone("held");

        await().atMost(Duration.ofSeconds(10)).until(() -> !events.remembers(blocked));
        assertThat(deleteCalls(t.prefix + "-held")).as("the operator never got to delete the stack").isZero();
    }

    @Test
    void aSecondFireflyStackForTheSameStackIsRefusedAndItsDeletionLeavesTheStackToTheFirst() {
        var t = new OperatorTestSupport(client);
        t.apply(t.stack("first", TestTemplates.table(t.prefix + "-shared", false)));
        t.awaitReady("first");
        String owner = t.get("first").getMetadata().getNamespace() + "/first";

        FireflyStack second = t.stack("second", TestTemplates.table(t.prefix + "-shared", false));
        second.getSpec().setStackName(t.prefix + "-first");
        second.getSpec().setParameters(List.of(StackParameter.literal("Label", "second")));
        t.apply(second);
        FireflyStack refused = t.awaitStatus("second", s -> s.getStatus().isTrue(ConditionType.Stalled));
        assertThat(refused.getStatus().condition(ConditionType.Stalled).orElseThrow().getReason()).isEqualTo("StackOwnedByAnother");
        assertThat(refused.getStatus().getMessage()).contains("belongs to FireflyStack " + owner).contains("spec.stackName");

        t.delete("second");
        t.awaitGone("second");
        assertThat(deleteCalls(t.prefix + "-first")).as("the first FireflyStack's stack was not deleted").isZero();
        assertThat(stackExists(t.prefix + "-first")).isTrue();
        assertThat(aws().calls().of("CreateChangeSet")).as("the second FireflyStack changed nothing")
                .filteredOn(c -> (t.prefix + "-first").equals(c.stackName())).hasSize(1);
        assertThat(t.get("first").getStatus().getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    void tableWaitsForEveryDependentThenIsDeleted() {
        var t = new OperatorTestSupport(client);
        t.apply(t.stack("users", TestTemplates.table(t.prefix + "-users", false)));
        List<String> functions = List.of("pre-signup", "users-post", "users-delete");
        for (String name : functions) {
            FireflyStack function = t.stack(name, TestTemplates.function("dynamodb:GetItem"),
                    output("TableName", "users", "TableName"), output("TableArn", "users", "TableArn"));
            function.getSpec().setCapabilities(List.of(Capability.CAPABILITY_IAM, Capability.CAPABILITY_AUTO_EXPAND));
            t.apply(function);
        }
        functions.forEach(t::awaitReady);

        t.delete("users");
        FireflyStack blocked = t.awaitPhase("users", Phase.DeletionBlocked);
        assertThat(blocked.getStatus().getBlockedBy()).containsExactly("pre-signup", "users-delete", "users-post");
        assertThat(blocked.getStatus().isTrue(ConditionType.DeletionBlocked)).isTrue();

        t.delete("users-post");
        t.awaitStatus("users", s -> s.getStatus().getBlockedBy().equals(List.of("pre-signup", "users-delete")));
        assertThat(deleteCalls(t.prefix + "-users")).isZero();

        t.delete("pre-signup");
        t.delete("users-delete");
        t.awaitGone("users");
        assertThat(stackExists(t.prefix + "-users")).isFalse();
        for (String name : functions) {
            assertThat(firstDelete(t.prefix + "-" + name)).isBefore(firstDelete(t.prefix + "-users"));
        }
    }

    @Test
    void protectedTableFailsToDeleteThenFinishesOnceProtectionIsOff() {
        var t = new OperatorTestSupport(client);
        String table = t.prefix + "-keys";
        t.apply(t.stack("keys", TestTemplates.table(table, true)));
        t.awaitReady("keys");

        t.delete("keys");
        FireflyStack failed = t.awaitPhase("keys", Phase.DeleteFailed);
        assertThat(failed.getStatus().isTrue(ConditionType.Stalled)).isTrue();
        assertThat(failed.getStatus().getMessage())
                .contains("protected against deletion")
                .contains("disable deletion protection on table " + table + " (aws dynamodb update-table");
        assertThat(failed.getStatus().getFailedResources()).singleElement()
                .satisfies(r -> assertThat(r.logicalId()).isEqualTo("KeysTable"));
        assertThat(events(t, "DeleteFailed")).isNotEmpty();

        dynamoDb().updateTable(b -> b.tableName(table).deletionProtectionEnabled(false));
        t.awaitGone("keys");
        assertThat(stackExists(t.prefix + "-keys")).isFalse();
        assertThat(dynamoDb().listTables().tableNames()).doesNotContain(table);
    }

    @Test
    void retainLeavesTheStackAndTheTableWithItsItems() {
        var t = new OperatorTestSupport(client);
        String table = t.prefix + "-kept";
        FireflyStack stack = t.stack("kept", TestTemplates.table(table, false));
        stack.getSpec().setDeletionPolicy(DeletionPolicy.Retain);
        t.apply(stack);
        t.awaitReady("kept");
        dynamoDb().putItem(b -> b.tableName(table).item(Map.of("registrationKey", AttributeValue.fromS("k"))));

        t.delete("kept");
        t.awaitGone("kept");
        assertThat(deleteCalls(t.prefix + "-kept")).isZero();
        assertThat(stackExists(t.prefix + "-kept")).isTrue();
        assertThat(dynamoDb().scan(b -> b.tableName(table)).count()).isEqualTo(1);
    }

    @Test
    void pitrBlockingDeletionSaysToDisablePitr() {
        var t = new OperatorTestSupport(client);
        String table = t.prefix + "-pitr";
        String template = TestTemplates.table(table, false).replace("      DeletionProtectionEnabled: false\n",
                "      DeletionProtectionEnabled: false\n      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n");
        t.apply(t.stack("pitr", template));
        t.awaitReady("pitr");
        aws().faults().pitrBlocksDelete(true);

        t.delete("pitr");
        FireflyStack failed = t.awaitPhase("pitr", Phase.DeleteFailed);
        assertThat(failed.getStatus().getMessage()).contains("disable point-in-time recovery on table " + table);

        dynamoDb().updateContinuousBackups(b -> b.tableName(table)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false)));
        t.awaitGone("pitr");
        assertThat(stackExists(t.prefix + "-pitr")).isFalse();
    }

    private List<?> events(OperatorTestSupport t, String reason) {
        return client.v1().events().inNamespace(t.namespace).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }

    @Test
    void deletionDuringACreateWaitsForTheCreateToEndThenDeletes() {
        var t = new OperatorTestSupport(client);
        // A chain of resources created one after the other keeps the stack CREATE_IN_PROGRESS for a while.
        t.apply(t.stack("busy", "Resources:\n" + topicChain(null, 40)));
        String stackId = t.awaitStatus("busy", s -> "CREATE_IN_PROGRESS".equals(s.getStatus().getStackStatus()))
                .getStatus().getStackId();

        t.delete("busy");
        t.awaitGone("busy");

        String stackName = t.prefix + "-busy";
        assertThat(stackExists(stackName)).isFalse();
        // A deleted stack is still described by its id.
        Instant created = cloudFormation().describeStackEvents(b -> b.stackName(stackId)).stackEvents().stream()
                .filter(e -> e.logicalResourceId().equals(stackName) && "CREATE_COMPLETE".equals(e.resourceStatusAsString()))
                .map(StackEvent::timestamp).findFirst().orElseThrow();
        assertThat(aws().calls().of("DeleteStack")).filteredOn(c -> stackName.equals(c.stackName()))
                .isNotEmpty().allSatisfy(c -> assertThat(c.at()).isAfter(created));
    }

    private static long deleteCalls(String stackName) {
        return aws().calls().of("DeleteStack").stream().filter(c -> stackName.equals(c.stackName())).count();
    }

    private static Instant firstDelete(String stackName) {
        return aws().calls().of("DeleteStack").stream().filter(c -> stackName.equals(c.stackName()))
                .map(AwsCall::at).findFirst().orElseThrow();
    }

    private static boolean stackExists(String stackName) {
        try {
            return !cloudFormation().describeStacks(b -> b.stackName(stackName)).stacks().isEmpty();
        } catch (CloudFormationException e) {
            return false;
        }
    }
}
