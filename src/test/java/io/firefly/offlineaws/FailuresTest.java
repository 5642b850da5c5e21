package io.firefly.offlineaws;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.firefly.offlineaws.StackLifecycleTest.outputs;
import static io.firefly.offlineaws.StackLifecycleTest.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Failed creates and updates rolling back, deletes that fail (deletion protection, PITR), rollbacks that
 * fail (a table holding items), and the way out of each: as the documented failure scenarios describe them.
 */
class FailuresTest extends OfflineAwsClientTest {

    /** Long enough that a test can write to a table between its creation and the rollback that deletes it. */
    private static final Duration STEP = Duration.ofMillis(250);
    private static final String TABLE = TestTemplates.read("registration-keys.yaml");
    private static final String UNPROTECTED = TABLE.replace("DeletionProtectionEnabled: true", "DeletionProtectionEnabled: false");
    /** The table, then a queue that can only be created after it. */
    private static final String TABLE_THEN_QUEUE = UNPROTECTED.replace("Outputs:", """
              Queue:
                Type: AWS::SQS::Queue
                DependsOn: RegistrationKeysTable
            Outputs:""");


    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults().withResourceStepDelay(STEP).withChangeSetDelay(Duration.ofMillis(50));
    }

    @Test
    void aFailedCreateDeletesWhatItCreatedAndLeavesAStackThatCanOnlyBeDeleted() {
        aws.faults().failResource("Queue", "Queue quota exceeded");
        String stackId = cfn.createStack(r -> r.stackName("fail-create").templateBody(TABLE_THEN_QUEUE)
                .parameters(param("TableName", "fail-create-keys"))).stackId();

        Stack stack = waits.settled("fail-create");

        assertThat(stack.stackStatus()).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(statusLines("fail-create")).containsSubsequence(
                "fail-create CREATE_IN_PROGRESS User Initiated",
                "RegistrationKeysTable CREATE_COMPLETE null",
                "Queue CREATE_FAILED Queue quota exceeded",
                "fail-create ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [Queue]. Rollback requested by user.",
                "RegistrationKeysTable DELETE_COMPLETE null",
                "fail-create ROLLBACK_COMPLETE null");
        assertThatThrownBy(() -> ddb.describeTable(r -> r.tableName("fail-create-keys"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cfn.createChangeSet(r -> r.stackName("fail-create").changeSetName("retry").templateBody(TABLE_THEN_QUEUE)
                .parameters(param("TableName", "fail-create-keys"))))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Stack:" + stackId + " is in ROLLBACK_COMPLETE state and can not be updated."));

        cfn.deleteStack(r -> r.stackName("fail-create"));
        assertThat(waits.status(stackId, StackStatus.DELETE_COMPLETE).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
    }

    @Test
    void deleteStackKeepsATableWhoseDeletionPolicyIsRetainWithItsItems() {
        cfn.createStack(r -> r.stackName("fail-kept").templateBody(UNPROTECTED.replace("DeletionPolicy: Delete", "DeletionPolicy: Retain"))
                .parameters(param("TableName", "fail-kept-keys")));
        String stackId = waits.settled("fail-kept").stackId();
        ddb.putItem(r -> r.tableName("fail-kept-keys").item(Map.of("registrationKey", AttributeValue.fromS("k1"))));

        cfn.deleteStack(r -> r.stackName("fail-kept"));

        assertThat(waits.settled(stackId).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
        assertThat(statusLinesById(stackId)).contains("RegistrationKeysTable DELETE_SKIPPED null");
        assertThat(ddb.scan(r -> r.tableName("fail-kept-keys")).count()).isEqualTo(1);
    }

    @Test
    void aFailedCreateKeepsARetainedTable() {
        aws.faults().failResource("Queue", "Queue quota exceeded");
        cfn.createStack(r -> r.stackName("fail-retain").templateBody(TABLE_THEN_QUEUE.replace("DeletionPolicy: Delete", "DeletionPolicy: Retain"))
                .parameters(param("TableName", "fail-retain-keys")));

        assertThat(waits.settled("fail-retain").stackStatus()).isEqualTo(StackStatus.ROLLBACK_COMPLETE);
        assertThat(statusLines("fail-retain")).contains("RegistrationKeysTable DELETE_SKIPPED null");
        assertThat(ddb.describeTable(r -> r.tableName("fail-retain-keys")).table().tableName()).isEqualTo("fail-retain-keys");
    }

    @Test
    void aFailedUpdateRollsBackToThePreviousTableAndOutputs() {
        cfn.createStack(r -> r.stackName("fail-update").templateBody(UNPROTECTED).parameters(param("TableName", "fail-update-keys")));
        assertThat(waits.settled("fail-update").stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        aws.faults().failResource("Queue", "Queue quota exceeded");

        cfn.updateStack(r -> r.stackName("fail-update").templateBody(TABLE_THEN_QUEUE.replace("DeletionProtectionEnabled: false",
                "DeletionProtectionEnabled: true").replace("Value: !GetAtt RegistrationKeysTable.Arn", "Value: changed"))
                .parameters(Parameter.builder().parameterKey("TableName").usePreviousValue(true).build()));
        Stack stack = waits.settled("fail-update");

        assertThat(stack.stackStatus()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
        assertThat(statusLines("fail-update")).containsSubsequence(
                "RegistrationKeysTable UPDATE_COMPLETE null",
                "Queue CREATE_FAILED Queue quota exceeded",
                "fail-update UPDATE_ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [Queue]. ",
                "Queue DELETE_COMPLETE null",
                "RegistrationKeysTable UPDATE_COMPLETE null",
                "fail-update UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS null",
                "fail-update UPDATE_ROLLBACK_COMPLETE null");
        assertThat(ddb.describeTable(r -> r.tableName("fail-update-keys")).table().deletionProtectionEnabled()).isFalse();
        assertThat(outputs(stack)).containsEntry("TableArn", "arn:aws:dynamodb:us-east-1:123456789012:table/fail-update-keys");
        assertThat(cfn.describeStackResources(r -> r.stackName("fail-update")).stackResources())
                .extracting(r -> r.logicalResourceId()).containsExactly("RegistrationKeysTable");

        // a failure is injected once: the same update now goes through
        cfn.updateStack(r -> r.stackName("fail-update").templateBody(TABLE_THEN_QUEUE)
                .parameters(Parameter.builder().parameterKey("TableName").usePreviousValue(true).build()));
        assertThat(waits.settled("fail-update").stackStatus()).isEqualTo(StackStatus.UPDATE_COMPLETE);
    }

    @Test
    void aProtectedTableFailsTheDeleteUntilItsProtectionIsTurnedOff() {
        String stackId = cfn.createStack(r -> r.stackName("fail-protected").templateBody(TABLE)
                .parameters(param("TableName", "fail-protected-keys"))).stackId();
        waits.settled("fail-protected");

        cfn.deleteStack(r -> r.stackName("fail-protected"));
        Stack failed = waits.settled("fail-protected");

        assertThat(failed.stackStatus()).isEqualTo(StackStatus.DELETE_FAILED);
        assertThat(failed.stackStatusReason()).isEqualTo("The following resource(s) failed to delete: [RegistrationKeysTable]. ");
        StackEvent resourceFailure = events("fail-protected").stream()
                .filter(e -> "DELETE_FAILED".equals(e.resourceStatusAsString()) && e.logicalResourceId().equals("RegistrationKeysTable"))
                .findFirst().orElseThrow();
        assertThat(resourceFailure.resourceStatusReason()).matches("Resource handler returned message: \"Resource cannot be "
                + "deleted as it is currently protected against deletion\\. Disable deletion protection first\\. "
                + "\\(Service: DynamoDb, Status Code: 400, Request ID: [^)]+\\)\"");
        assertThat(cfn.describeStackResources(r -> r.stackName("fail-protected")).stackResources()).singleElement()
                .satisfies(r -> assertThat(r.resourceStatusAsString()).isEqualTo("DELETE_FAILED"));

        ddb.updateTable(r -> r.tableName("fail-protected-keys").deletionProtectionEnabled(false));
        cfn.deleteStack(r -> r.stackName("fail-protected"));

        assertThat(waits.status(stackId, StackStatus.DELETE_COMPLETE).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
        assertThatThrownBy(() -> ddb.describeTable(r -> r.tableName("fail-protected-keys"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void retainResourcesIsOnlyForDeleteFailedStacksAndKeepsTheTable() {
        String stackId = cfn.createStack(r -> r.stackName("fail-retained").templateBody(TABLE)
                .parameters(param("TableName", "fail-retained-keys"))).stackId();
        waits.settled("fail-retained");

        assertThatThrownBy(() -> cfn.deleteStack(r -> r.stackName("fail-retained").retainResources("RegistrationKeysTable")))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("DELETE_FAILED");
                });
        assertThat(waits.settled("fail-retained").stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);

        cfn.deleteStack(r -> r.stackName("fail-retained"));
        assertThat(waits.settled("fail-retained").stackStatus()).isEqualTo(StackStatus.DELETE_FAILED);
        cfn.deleteStack(r -> r.stackName("fail-retained").retainResources("RegistrationKeysTable"));

        assertThat(waits.status(stackId, StackStatus.DELETE_COMPLETE).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
        assertThat(statusLinesById(stackId)).contains("RegistrationKeysTable DELETE_SKIPPED null");
        assertThat(ddb.describeTable(r -> r.tableName("fail-retained-keys")).table().tableName()).isEqualTo("fail-retained-keys");
    }

    @Test
    void pointInTimeRecoveryBlocksTheDeleteWhileTheFaultIsOn() {
        String withPitr = UNPROTECTED.replace("      DeletionProtectionEnabled: false\n", """
                      DeletionProtectionEnabled: false
                      PointInTimeRecoverySpecification:
                        PointInTimeRecoveryEnabled: true
                """);
        String stackId = cfn.createStack(r -> r.stackName("fail-pitr").templateBody(withPitr)
                .parameters(param("TableName", "fail-pitr-keys"))).stackId();
        waits.settled("fail-pitr");
        assertThat(ddb.describeContinuousBackups(r -> r.tableName("fail-pitr-keys")).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        aws.faults().pitrBlocksDelete(true);

        cfn.deleteStack(r -> r.stackName("fail-pitr"));

        assertThat(waits.settled("fail-pitr").stackStatus()).isEqualTo(StackStatus.DELETE_FAILED);
        assertThat(events("fail-pitr")).anySatisfy(e -> {
            assertThat(e.resourceStatusAsString()).isEqualTo("DELETE_FAILED");
            assertThat(e.resourceStatusReason()).contains("point-in-time recovery").contains("Disable point-in-time recovery");
        });

        ddb.updateContinuousBackups(r -> r.tableName("fail-pitr-keys").pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false)));
        cfn.deleteStack(r -> r.stackName("fail-pitr"));
        assertThat(waits.status(stackId, StackStatus.DELETE_COMPLETE).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
    }

    @Test
    void aRollbackCannotDeleteATableThatHoldsItems() {
        aws.faults().rollbackKeepsNonEmptyTables(true);
        aws.faults().failResource("Queue", "Queue quota exceeded");
        String stackId = cfn.createStack(r -> r.stackName("fail-nonempty").templateBody(TABLE_THEN_QUEUE)
                .parameters(param("TableName", "fail-nonempty-keys"))).stackId();
        writeAnItemOnceCreated("fail-nonempty-keys");

        Stack stack = waits.settled("fail-nonempty");

        assertThat(stack.stackStatus()).isEqualTo(StackStatus.ROLLBACK_FAILED);
        assertThat(stack.stackStatusReason()).isEqualTo("The following resource(s) failed to delete: [RegistrationKeysTable]. ");
        assertThat(events("fail-nonempty")).anySatisfy(e -> {
            assertThat(e.resourceStatusAsString()).isEqualTo("DELETE_FAILED");
            assertThat(e.resourceStatusReason()).contains("table is not empty");
        });
        assertThat(ddb.scan(r -> r.tableName("fail-nonempty-keys")).count()).isEqualTo(1);

        cfn.deleteStack(r -> r.stackName("fail-nonempty"));
        assertThat(waits.status(stackId, StackStatus.DELETE_COMPLETE).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
    }

    @Test
    void anUpdateRollbackStuckOnANonEmptyTableContinuesBySkippingIt() {
        cfn.createStack(r -> r.stackName("fail-continue").templateBody(UNPROTECTED).parameters(param("TableName", "fail-continue-keys")));
        waits.settled("fail-continue");
        assertThatThrownBy(() -> cfn.continueUpdateRollback(r -> r.stackName("fail-continue")))
                .hasMessageContaining("ContinueUpdateRollback cannot be called from current stack status");
        aws.faults().rollbackKeepsNonEmptyTables(true);
        aws.faults().failResource("Queue", "Queue quota exceeded");
        String withSecondTable = UNPROTECTED.replace("Outputs:", """
                  AuditTable:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      TableName: fail-continue-audit
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                      KeySchema: [{AttributeName: id, KeyType: HASH}]
                  Queue:
                    Type: AWS::SQS::Queue
                    DependsOn: AuditTable
                Outputs:""");

        cfn.updateStack(r -> r.stackName("fail-continue").templateBody(withSecondTable)
                .parameters(Parameter.builder().parameterKey("TableName").usePreviousValue(true).build()));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> ddb.describeTable(r -> r.tableName("fail-continue-audit")).table() != null);
        ddb.putItem(r -> r.tableName("fail-continue-audit").item(Map.of("id", AttributeValue.fromS("a1"))));

        Stack stuck = waits.settled("fail-continue");
        assertThat(stuck.stackStatus()).isEqualTo(StackStatus.UPDATE_ROLLBACK_FAILED);
        assertThat(stuck.stackStatusReason()).isEqualTo("The following resource(s) failed to delete: [AuditTable]. ");

        cfn.continueUpdateRollback(r -> r.stackName("fail-continue"));
        assertThat(waits.settled("fail-continue").stackStatus()).isEqualTo(StackStatus.UPDATE_ROLLBACK_FAILED);

        cfn.continueUpdateRollback(r -> r.stackName("fail-continue").resourcesToSkip("AuditTable"));
        Stack recovered = waits.settled("fail-continue");

        assertThat(recovered.stackStatus()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
        assertThat(cfn.describeStackResources(r -> r.stackName("fail-continue")).stackResources())
                .extracting(r -> r.logicalResourceId()).containsExactly("RegistrationKeysTable");
        assertThat(ddb.scan(r -> r.tableName("fail-continue-audit")).count()).isEqualTo(1);
        cfn.updateStack(r -> r.stackName("fail-continue").templateBody(TABLE_THEN_QUEUE)
                .parameters(Parameter.builder().parameterKey("TableName").usePreviousValue(true).build()));
        assertThat(waits.settled("fail-continue").stackStatus()).isEqualTo(StackStatus.UPDATE_COMPLETE);
    }

    /** Writes while the stack is still creating: after the table exists, before the rollback reaches it. */
    private void writeAnItemOnceCreated(String table) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> ddb.describeTable(r -> r.tableName(table)).table() != null);
        ddb.putItem(r -> r.tableName(table).item(Map.of("registrationKey", AttributeValue.fromS("k1"))));
    }

    private List<StackEvent> events(String stack) {
        return cfn.describeStackEvents(r -> r.stackName(stack)).stackEvents();
    }

    /** Oldest first: "logical-id STATUS reason". */
    private List<String> statusLines(String stack) {
        List<String> lines = new java.util.ArrayList<>(events(stack).stream()
                .map(e -> e.logicalResourceId() + " " + e.resourceStatusAsString() + " " + e.resourceStatusReason()).toList());
        java.util.Collections.reverse(lines);
        return lines;
    }

    private List<String> statusLinesById(String stackId) {
        return statusLines(stackId);
    }
}
