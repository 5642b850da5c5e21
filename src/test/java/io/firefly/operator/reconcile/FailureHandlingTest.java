package io.firefly.operator.reconcile;

import static io.firefly.operator.reconcile.OperatorTestSupport.aws;
import static io.firefly.operator.reconcile.OperatorTestSupport.cloudFormation;
import static io.firefly.operator.reconcile.OperatorTestSupport.dynamoDb;
import static io.firefly.operator.reconcile.OperatorTestSupport.output;
import static io.firefly.offlineaws.TestTemplates.topicChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.firefly.operator.api.Capability;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.Phase;
import io.firefly.operator.api.StackParameter;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(OfflineAwsTestResource.class)
class FailureHandlingTest {
    @Inject
    KubernetesClient client;

    @AfterEach
    void clearFaults() {
        aws().faults().clear();
    }

    @Test
    void badTemplateStallsNamingTheCause() {
        var t = new OperatorTestSupport(client);
        t.apply(t.stack("broken", """
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      TableName: !Ref NoSuchParameter
                """));
        FireflyStack stalled = t.awaitStatus("broken", s -> s.getStatus().isTrue(ConditionType.Stalled));
        assertThat(stalled.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(stalled.getStatus().condition(ConditionType.Stalled).orElseThrow().getReason()).isEqualTo("TemplateInvalid");
        assertThat(stalled.getStatus().getMessage()).contains("NoSuchParameter").contains("Fix spec.template");
    }

    @Test
    void missingCapabilityStallsSayingWhichToAdd() {
        var t = new OperatorTestSupport(client);
        t.apply(t.stack("table", TestTemplates.table(t.prefix + "-t", false)));
        t.awaitReady("table");
        t.apply(t.stack("fn", TestTemplates.function("dynamodb:Scan"),
                output("TableName", "table", "TableName"), output("TableArn", "table", "TableArn")));

        FireflyStack stalled = t.awaitStatus("fn", s -> s.getStatus().isTrue(ConditionType.Stalled));
        assertThat(stalled.getStatus().condition(ConditionType.Stalled).orElseThrow().getReason())
                .isEqualTo("MissingCapabilities");
        assertThat(stalled.getStatus().getMessage()).contains("CAPABILITY_").contains("spec.capabilities");

        FireflyStack fixed = t.get("fn");
        fixed.getSpec().setCapabilities(List.of(Capability.CAPABILITY_IAM, Capability.CAPABILITY_AUTO_EXPAND));
        t.apply(fixed);
        t.awaitReady("fn");
    }

    @Test
    void failedCreateIsRemovedAndRetriedOnlyOnceTheSpecChanges() {
        var t = new OperatorTestSupport(client);
        aws().faults().failResource(t.prefix + "-doomed", "KeysTable", "Simulated failure: the table could not be created");
        t.apply(t.stack("doomed", TestTemplates.table(t.prefix + "-doomed", false)));

        FireflyStack failed = t.awaitStatus("doomed", s -> s.getStatus().getPhase() == Phase.Failed
                && s.getStatus().getStackStatus() == null);
        assertThat(failed.getStatus().getMessage()).contains("Simulated failure").contains("rolled it back");
        assertThat(failed.getStatus().isTrue(ConditionType.Stalled)).isTrue();
        assertThat(describe(t.prefix + "-doomed")).isNull();
        long creates = creates(t.prefix + "-doomed");

        FireflyStack edited = t.get("doomed");
        edited.getSpec().setParameters(List.of(StackParameter.literal("Label", "second-try")));
        t.apply(edited);
        t.awaitReady("doomed");
        assertThat(creates(t.prefix + "-doomed")).isEqualTo(creates + 1);
    }

    @Test
    void rollbackThatCannotDeleteATableWithItemsStallsUntilItIsEmptied() {
        var t = new OperatorTestSupport(client);
        aws().faults().rollbackKeepsNonEmptyTables(true);
        aws().faults().failResource(t.prefix + "-filled", "Late", "Simulated failure after the table was created");
        String table = t.prefix + "-filled";
        // The table first, then a chain of resources that leaves time to write an item, then one that fails.
        String template = """
                Resources:
                  KeysTable:
                    Type: AWS::DynamoDB::Table
                    DeletionPolicy: Delete
                    Properties:
                      TableName: %s
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions: [{AttributeName: registrationKey, AttributeType: S}]
                      KeySchema: [{AttributeName: registrationKey, KeyType: HASH}]
                """.formatted(table)
                + topicChain("KeysTable", 15)
                + "  Late:\n    Type: AWS::SNS::Topic\n    DependsOn: Step14\n";
        t.apply(t.stack("filled", template));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
                .until(() -> dynamoDb().describeTable(b -> b.tableName(table)).table() != null);
        dynamoDb().putItem(b -> b.tableName(table).item(Map.of("registrationKey", AttributeValue.fromS("written-meanwhile"))));

        FireflyStack stalled = t.awaitStatus("filled", s -> s.getStatus().isTrue(ConditionType.Stalled)
                && "ROLLBACK_FAILED".equals(s.getStatus().getStackStatus()));
        assertThat(stalled.getStatus().getMessage()).contains("never deletes a table that holds data")
                .contains("empty or delete table " + table);
        assertThat(dynamoDb().scan(b -> b.tableName(table)).count()).isEqualTo(1);

        dynamoDb().deleteItem(b -> b.tableName(table).key(Map.of("registrationKey", AttributeValue.fromS("written-meanwhile"))));
        await().atMost(OperatorTestSupport.TIMEOUT).until(() -> describe(t.prefix + "-filled") == null);
        FireflyStack failed = t.awaitStatus("filled", s -> s.getStatus().getStackStatus() == null);
        assertThat(failed.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(failed.getStatus().getMessage()).contains("Simulated failure after the table was created");
    }

    @Test
    void updateRollbackStuckOnATableWithItemsContinuesOnceItIsEmptiedThenStaysFailed() {
        var t = new OperatorTestSupport(client);
        String keys = t.prefix + "-keys";
        String audit = t.prefix + "-audit";
        t.apply(t.stack("grown", TestTemplates.table(keys, false)));
        t.awaitReady("grown");
        dynamoDb().putItem(b -> b.tableName(keys).item(Map.of("registrationKey", AttributeValue.fromS("kept"))));

        // The update adds a table, then resources that leave time to write into it, then one that fails:
        // its rollback cannot delete the new table once it holds an item.
        aws().faults().rollbackKeepsNonEmptyTables(true);
        aws().faults().failResource(t.prefix + "-grown", "Late", "Simulated failure after the audit table was created");
        String added = """
                  AuditTable:
                    Type: AWS::DynamoDB::Table
                    DeletionPolicy: Delete
                    Properties:
                      TableName: %s
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                      KeySchema: [{AttributeName: id, KeyType: HASH}]
                """.formatted(audit)
                + topicChain("AuditTable", 15)
                + "  Late:\n    Type: AWS::SNS::Topic\n    DependsOn: Step14\n";
        FireflyStack grown = t.get("grown");
        grown.getSpec().getTemplate().setBody(TestTemplates.table(keys, false).replace("Outputs:", added + "Outputs:"));
        t.apply(grown);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
                .until(() -> dynamoDb().describeTable(b -> b.tableName(audit)).table() != null);
        dynamoDb().putItem(b -> b.tableName(audit).item(Map.of("id", AttributeValue.fromS("written-meanwhile"))));

        FireflyStack stuck = t.awaitStatus("grown", s -> s.getStatus().isTrue(ConditionType.Stalled)
                && "UPDATE_ROLLBACK_FAILED".equals(s.getStatus().getStackStatus()));
        assertThat(stuck.getStatus().condition(ConditionType.Stalled).orElseThrow().getReason()).isEqualTo("UpdateRollbackFailed");
        assertThat(stuck.getStatus().getMessage()).contains("could not delete AuditTable")
                .contains("never deletes a table that holds data").contains("empty or delete table " + audit);
        assertThat(stuck.getStatus().getFailedResources()).extracting(f -> f.logicalId()).contains("AuditTable");
        assertThat(continueUpdateRollbacks(t.prefix + "-grown")).as("no ContinueUpdateRollback bound to fail again").isZero();
        assertThat(dynamoDb().scan(b -> b.tableName(audit)).count()).as("the operator deleted no data").isEqualTo(1);

        dynamoDb().deleteItem(b -> b.tableName(audit).key(Map.of("id", AttributeValue.fromS("written-meanwhile"))));
        FireflyStack failed = t.awaitStatus("grown", s -> "UPDATE_ROLLBACK_COMPLETE".equals(s.getStatus().getStackStatus())
                && s.getStatus().isTrue(ConditionType.Stalled));
        assertThat(failed.getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(failed.getStatus().condition(ConditionType.Stalled).orElseThrow().getReason()).isEqualTo("UpdateFailed");
        assertThat(failed.getStatus().getMessage()).contains("Simulated failure after the audit table was created");
        assertThat(continueUpdateRollbacks(t.prefix + "-grown")).as("the rollback was continued once the table was empty")
                .isEqualTo(1);
        assertThat(dynamoDb().scan(b -> b.tableName(keys)).count()).as("the first table kept its item").isEqualTo(1);
    }

    @Test
    void reviewStackLeftByAnOlderSpecEndsAsTheCurrentSpecSays() {
        var t = new OperatorTestSupport(client);
        String stackName = t.prefix + "-left";
        // What a crash between CreateChangeSet and ExecuteChangeSet leaves, for a spec since changed.
        cloudFormation().createChangeSet(b -> b.stackName(stackName).changeSetName("left-by-an-older-spec")
                .changeSetType("CREATE").templateBody(TestTemplates.table(t.prefix + "-old", false)));
        await().atMost(OperatorTestSupport.TIMEOUT).until(() -> "REVIEW_IN_PROGRESS".equals(describe(stackName)));

        t.apply(t.stack("left", TestTemplates.table(t.prefix + "-new", false)));

        // Whether the operator sees the REVIEW_IN_PROGRESS stack first (and deletes it) or creates its own
        // CREATE change set on it (which CloudFormation allows), the stack ends as the spec says.
        t.awaitReady("left");
        assertThat(cloudFormation().listChangeSets(b -> b.stackName(stackName)).summaries())
                .noneMatch(cs -> cs.changeSetName().equals("left-by-an-older-spec"));
        assertThat(dynamoDb().listTables().tableNames()).contains(t.prefix + "-new").doesNotContain(t.prefix + "-old");
    }

    @Test
    void convergesWhileThirtyPercentOfCallsAreThrottled() {
        var t = new OperatorTestSupport(client);
        Instant faultsFrom = Instant.now();
        aws().faults().throttle(0.3);
        t.apply(t.stack("table", TestTemplates.table(t.prefix + "-throttled", false)));
        // a few more stacks, so that the deploy makes dozens of calls and some are certainly throttled
        for (int i = 0; i < 3; i++) {
            t.apply(t.stack("more-" + i, TestTemplates.table(t.prefix + "-more-" + i, false)));
        }
        FireflyStack function = t.stack("fn", TestTemplates.function("dynamodb:PutItem"),
                output("TableName", "table", "TableName"), output("TableArn", "table", "TableArn"));
        function.getSpec().setCapabilities(List.of(Capability.CAPABILITY_IAM, Capability.CAPABILITY_AUTO_EXPAND));
        t.apply(function);

        t.awaitReady("table");
        t.awaitReady("fn");
        for (int i = 0; i < 3; i++) {
            t.awaitReady("more-" + i);
        }
        // CloudFormation answers Throttling, DynamoDB ThrottlingException: either shows the operator got past one
        assertThat(aws().calls().all()).filteredOn(c -> !c.at().isBefore(faultsFrom))
                .anyMatch(c -> "Throttling".equals(c.errorCode()) || "ThrottlingException".equals(c.errorCode()));
    }

    private static String describe(String stackName) {
        try {
            return cloudFormation().describeStacks(b -> b.stackName(stackName)).stacks().get(0).stackStatusAsString();
        } catch (CloudFormationException e) {
            return null;
        }
    }

    private static long continueUpdateRollbacks(String stackName) {
        return aws().calls().of("ContinueUpdateRollback").stream().filter(c -> stackName.equals(c.stackName())).count();
    }

    private static long creates(String stackName) {
        return aws().calls().of("CreateChangeSet").stream()
                .filter(c -> stackName.equals(c.stackName()) && "CREATE".equals(c.changeSetType()) && c.errorCode() == null)
                .count();
    }
}
