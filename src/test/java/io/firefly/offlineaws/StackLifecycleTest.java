package io.firefly.offlineaws;

import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeAction;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ExecutionStatus;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Replacement;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Change sets and stack operations through the AWS SDK for Java: the firefly table and function stacks
 * created, updated, described and deleted, with the asynchronous statuses and events AWS shows.
 */
class StackLifecycleTest extends OfflineAwsClientTest {

    private static final String TABLE_TEMPLATE = TestTemplates.read("registration-keys.yaml");
    private static final String FUNCTION_TEMPLATE = TestTemplates.read("users-post-function.yaml");


    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(60))
                .withChangeSetDelay(Duration.ofMillis(60))
                .withDescribeStacksPageSize(3);
    }

    @Test
    void createChangeSetMakesAReviewStackAndComputesTheChangesInTheBackground() {
        CreateChangeSetResponse created = cfn.createChangeSet(r -> r.stackName("lifecycle-review")
                .changeSetName("create-1").changeSetType(ChangeSetType.CREATE).templateBody(TABLE_TEMPLATE)
                .parameters(param("TableName", "lifecycle-review-keys")));

        Stack review = cfn.describeStacks(r -> r.stackName("lifecycle-review")).stacks().get(0);
        assertThat(review.stackStatus()).isEqualTo(StackStatus.REVIEW_IN_PROGRESS);
        assertThat(review.stackId()).isEqualTo(created.stackId());

        DescribeChangeSetResponse computed = waits.changeSetComputed("lifecycle-review", "create-1");
        assertThat(computed.status()).isEqualTo(ChangeSetStatus.CREATE_COMPLETE);
        assertThat(computed.executionStatus()).isEqualTo(ExecutionStatus.AVAILABLE);
        assertThat(computed.changes()).extracting(c -> c.resourceChange().action(), c -> c.resourceChange().logicalResourceId(),
                c -> c.resourceChange().resourceType())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ChangeAction.ADD, "RegistrationKeysTable", "AWS::DynamoDB::Table"));
        assertThat(computed.parameters()).extracting(Parameter::parameterKey, Parameter::parameterValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("TableName", "lifecycle-review-keys"));
        assertThat(cfn.listChangeSets(r -> r.stackName("lifecycle-review")).summaries())
                .singleElement().satisfies(s -> assertThat(s.changeSetId()).isEqualTo(created.id()));
        assertThat(ddb.listTables().tableNames()).doesNotContain("lifecycle-review-keys");

        cfn.deleteStack(r -> r.stackName("lifecycle-review"));
        waits.status(created.stackId(), StackStatus.DELETE_COMPLETE);
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("lifecycle-review")))
                .hasMessageContaining("Stack with id lifecycle-review does not exist");
    }

    @Test
    void executingACreateChangeSetCreatesTheTableStepByStepAndPublishesOutputs() {
        CreateChangeSetResponse created = createTableStack("lifecycle-create", "lifecycle-create-keys");
        cfn.executeChangeSet(r -> r.changeSetName(created.id()));

        assertThat(cfn.describeStacks(r -> r.stackName("lifecycle-create")).stacks().get(0).stackStatus())
                .isEqualTo(StackStatus.CREATE_IN_PROGRESS);
        Stack stack = waits.settled("lifecycle-create");

        assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(stack.changeSetId()).isEqualTo(created.id());
        assertThat(stack.description()).startsWith("One-time device registration keys");
        assertThat(outputs(stack)).containsEntry("TableName", "lifecycle-create-keys")
                .containsEntry("TableArn", "arn:aws:dynamodb:us-east-1:123456789012:table/lifecycle-create-keys");
        TableDescription table = ddb.describeTable(r -> r.tableName("lifecycle-create-keys")).table();
        assertThat(table.deletionProtectionEnabled()).isTrue();
        assertThat(ddb.describeTimeToLive(r -> r.tableName("lifecycle-create-keys")).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ddb.describeTimeToLive(r -> r.tableName("lifecycle-create-keys")).timeToLiveDescription().attributeName())
                .isEqualTo("expiresAt");

        List<StackEvent> events = cfn.describeStackEvents(r -> r.stackName("lifecycle-create")).stackEvents();
        assertThat(events).extracting(e -> e.logicalResourceId() + " " + e.resourceStatusAsString()).containsExactly(
                "lifecycle-create CREATE_COMPLETE",
                "RegistrationKeysTable CREATE_COMPLETE",
                "RegistrationKeysTable CREATE_IN_PROGRESS",
                "lifecycle-create CREATE_IN_PROGRESS",
                "lifecycle-create REVIEW_IN_PROGRESS");
        assertThat(events.get(3).resourceStatusReason()).isEqualTo("User Initiated");
        assertThat(events.get(1).physicalResourceId()).isEqualTo("lifecycle-create-keys");
        assertThat(cfn.describeStackResources(r -> r.stackName("lifecycle-create")).stackResources()).singleElement()
                .satisfies(r -> {
                    assertThat(r.logicalResourceId()).isEqualTo("RegistrationKeysTable");
                    assertThat(r.physicalResourceId()).isEqualTo("lifecycle-create-keys");
                    assertThat(r.resourceStatusAsString()).isEqualTo("CREATE_COMPLETE");
                });
        assertThat(cfn.getTemplate(r -> r.stackName("lifecycle-create")).templateBody()).isEqualTo(TABLE_TEMPLATE);
        assertThat(cfn.listChangeSets(r -> r.stackName("lifecycle-create")).summaries()).singleElement()
                .satisfies(s -> assertThat(s.executionStatus()).isEqualTo(ExecutionStatus.EXECUTE_COMPLETE));
    }

    @Test
    void anUpdateWithoutChangesFailsTheChangeSetAndCannotBeExecuted() {
        CreateChangeSetResponse created = createTableStack("lifecycle-empty", "lifecycle-empty-keys");
        cfn.executeChangeSet(r -> r.changeSetName(created.id()));
        waits.settled("lifecycle-empty");

        CreateChangeSetResponse again = cfn.createChangeSet(r -> r.stackName("lifecycle-empty").changeSetName("again")
                .changeSetType(ChangeSetType.UPDATE).templateBody(TABLE_TEMPLATE)
                .parameters(Parameter.builder().parameterKey("TableName").usePreviousValue(true).build()));
        DescribeChangeSetResponse empty = waits.changeSetComputed("lifecycle-empty", "again");

        assertThat(empty.status()).isEqualTo(ChangeSetStatus.FAILED);
        assertThat(empty.executionStatus()).isEqualTo(ExecutionStatus.UNAVAILABLE);
        assertThat(empty.statusReason()).isEqualTo(
                "The submitted information didn't contain changes. Submit different information to create a change set.");
        assertThatThrownBy(() -> cfn.executeChangeSet(r -> r.changeSetName(again.id())))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidChangeSetStatus");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("ChangeSet [" + again.id() + "] cannot be executed in its current status of [FAILED]");
                });

        cfn.deleteChangeSet(r -> r.stackName("lifecycle-empty").changeSetName("again"));
        assertThat(cfn.listChangeSets(r -> r.stackName("lifecycle-empty")).summaries())
                .extracting(s -> s.changeSetName()).containsExactly("create-1");
    }

    @Test
    void anInPlaceUpdateChangesTheSameTableAndKeepsItsItems() {
        CreateChangeSetResponse created = createTableStack("lifecycle-inplace", "lifecycle-inplace-keys");
        cfn.executeChangeSet(r -> r.changeSetName(created.id()));
        waits.settled("lifecycle-inplace");
        ddb.putItem(r -> r.tableName("lifecycle-inplace-keys").item(Map.of("registrationKey", AttributeValue.fromS("k1"))));

        cfn.createChangeSet(r -> r.stackName("lifecycle-inplace").changeSetName("unprotect")
                .templateBody(TABLE_TEMPLATE.replace("DeletionProtectionEnabled: true", "DeletionProtectionEnabled: false"))
                .parameters(param("TableName", "lifecycle-inplace-keys")));
        DescribeChangeSetResponse update = waits.changeSetComputed("lifecycle-inplace", "unprotect");
        assertThat(update.changes()).singleElement().satisfies(c -> {
            assertThat(c.resourceChange().action()).isEqualTo(ChangeAction.MODIFY);
            assertThat(c.resourceChange().replacement()).isEqualTo(Replacement.FALSE);
            assertThat(c.resourceChange().physicalResourceId()).isEqualTo("lifecycle-inplace-keys");
            assertThat(c.resourceChange().details()).extracting(d -> d.target().name()).containsExactly("DeletionProtectionEnabled");
        });
        cfn.executeChangeSet(r -> r.stackName("lifecycle-inplace").changeSetName("unprotect"));

        assertThat(waits.settled("lifecycle-inplace").stackStatus()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        assertThat(cfn.describeStackEvents(r -> r.stackName("lifecycle-inplace")).stackEvents().subList(0, 5))
                .extracting(e -> e.logicalResourceId() + " " + e.resourceStatusAsString()).containsExactly(
                        "lifecycle-inplace UPDATE_COMPLETE",
                        "lifecycle-inplace UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
                        "RegistrationKeysTable UPDATE_COMPLETE",
                        "RegistrationKeysTable UPDATE_IN_PROGRESS",
                        "lifecycle-inplace UPDATE_IN_PROGRESS");
        assertThat(ddb.describeTable(r -> r.tableName("lifecycle-inplace-keys")).table().deletionProtectionEnabled()).isFalse();
        assertThat(ddb.scan(r -> r.tableName("lifecycle-inplace-keys")).count()).isEqualTo(1);
        assertThat(cfn.listChangeSets(r -> r.stackName("lifecycle-inplace")).summaries())
                .extracting(s -> s.changeSetName()).containsExactly("unprotect");
    }

    @Test
    void aGeneratedNameTableIsReplacedWhenItsKeyChanges() {
        String unnamed = TABLE_TEMPLATE.replace("      TableName: !Ref TableName\n", "");
        cfn.createStack(r -> r.stackName("lifecycle-replace").templateBody(unnamed));
        Stack created = waits.settled("lifecycle-replace");
        String oldTable = outputs(created).get("TableName");
        assertThat(oldTable).matches("lifecycle-replace-RegistrationKeysTable-[A-Z0-9]{12}");

        String newKey = unnamed.replace("registrationKey", "deviceKey");
        cfn.createChangeSet(r -> r.stackName("lifecycle-replace").changeSetName("rekey").templateBody(newKey));
        assertThat(waits.changeSetComputed("lifecycle-replace", "rekey").changes()).singleElement()
                .satisfies(c -> assertThat(c.resourceChange().replacement()).isEqualTo(Replacement.TRUE));
        cfn.executeChangeSet(r -> r.stackName("lifecycle-replace").changeSetName("rekey"));
        Stack updated = waits.settled("lifecycle-replace");

        assertThat(updated.stackStatus()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        String newTable = outputs(updated).get("TableName");
        assertThat(newTable).isNotEqualTo(oldTable);
        assertThat(ddb.describeTable(r -> r.tableName(newTable)).table().keySchema().get(0).attributeName()).isEqualTo("deviceKey");
        // UpdateReplacePolicy: Retain keeps the old copy
        assertThat(ddb.describeTable(r -> r.tableName(oldTable)).table().tableName()).isEqualTo(oldTable);
    }

    @Test
    void replacingACustomNamedTableFailsAndRollsBack() {
        CreateChangeSetResponse created = createTableStack("lifecycle-custom", "lifecycle-custom-keys");
        cfn.executeChangeSet(r -> r.changeSetName(created.id()));
        waits.settled("lifecycle-custom");

        cfn.updateStack(r -> r.stackName("lifecycle-custom").templateBody(TABLE_TEMPLATE.replace("registrationKey", "deviceKey"))
                .parameters(Parameter.builder().parameterKey("TableName").usePreviousValue(true).build()));
        Stack stack = waits.settled("lifecycle-custom");

        assertThat(stack.stackStatus()).isEqualTo(StackStatus.UPDATE_ROLLBACK_COMPLETE);
        assertThat(cfn.describeStackEvents(r -> r.stackName("lifecycle-custom")).stackEvents())
                .filteredOn(e -> "UPDATE_FAILED".equals(e.resourceStatusAsString()))
                .singleElement()
                .satisfies(e -> assertThat(e.resourceStatusReason()).isEqualTo("CloudFormation cannot update a stack when a "
                        + "custom-named resource requires replacing. Rename lifecycle-custom-keys and update the stack again."));
        assertThat(ddb.describeTable(r -> r.tableName("lifecycle-custom-keys")).table().keySchema().get(0).attributeName())
                .isEqualTo("registrationKey");
    }

    @Test
    void aServerlessFunctionStackNeedsItsCapabilitiesAndResolvesItsOutputs() {
        assertThatThrownBy(() -> cfn.createChangeSet(r -> r.stackName("lifecycle-function").changeSetName("c1")
                .changeSetType(ChangeSetType.CREATE).templateBody(FUNCTION_TEMPLATE).parameters(param("UsersTableName", "users"))))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InsufficientCapabilitiesException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requires capabilities : [CAPABILITY_IAM]");
                });
        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("lifecycle-function").templateBody(FUNCTION_TEMPLATE)
                .parameters(param("UsersTableName", "users")).capabilities(Capability.CAPABILITY_IAM)))
                .hasMessageContaining("Requires capabilities : [CAPABILITY_AUTO_EXPAND]");

        cfn.createChangeSet(r -> r.stackName("lifecycle-function").changeSetName("c1").changeSetType(ChangeSetType.CREATE)
                .templateBody(FUNCTION_TEMPLATE).parameters(param("UsersTableName", "users"))
                .capabilities(Capability.CAPABILITY_IAM, Capability.CAPABILITY_AUTO_EXPAND));
        assertThat(waits.changeSetComputed("lifecycle-function", "c1").changes())
                .extracting(Change::resourceChange).extracting(c -> c.resourceType())
                .containsExactlyInAnyOrder("AWS::IAM::Role", "AWS::Lambda::Function");
        cfn.executeChangeSet(r -> r.stackName("lifecycle-function").changeSetName("c1"));
        Stack stack = waits.settled("lifecycle-function");

        assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(outputs(stack).get("FunctionArn"))
                .matches("arn:aws:lambda:us-east-1:123456789012:function:lifecycle-function-UsersPostFunction-[A-Z0-9]{12}");
        assertThat(cfn.getTemplate(r -> r.stackName("lifecycle-function").templateStage(TemplateStage.PROCESSED)).templateBody())
                .contains("AWS::Lambda::Function").doesNotContain("AWS::Serverless::Function");
    }

    @Test
    void describeStacksPagesThroughEveryLiveStackAndFindsDeletedOnesById() {
        String unnamed = TABLE_TEMPLATE.replace("      TableName: !Ref TableName\n", "")
                .replace("DeletionProtectionEnabled: true", "DeletionProtectionEnabled: false");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = "lifecycle-page-" + i;
            ids.add(cfn.createStack(r -> r.stackName(name).templateBody(unnamed)).stackId());
        }
        ids.forEach(id -> waits.settled(id));

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            var page = cfn.describeStacks(r -> r.nextToken(next));
            page.stacks().forEach(s -> seen.add(s.stackName()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertThat(pages).isGreaterThan(1);
        assertThat(seen).doesNotHaveDuplicates().contains("lifecycle-page-0", "lifecycle-page-4");
        assertThat(cfn.describeStacksPaginator(r -> { }).stacks().stream().map(Stack::stackName).collect(Collectors.toList()))
                .containsAll(seen);

        cfn.deleteStack(r -> r.stackName("lifecycle-page-2"));
        assertThat(waits.status(ids.get(2), StackStatus.DELETE_COMPLETE).deletionTime()).isNotNull();
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("lifecycle-page-2")))
                .hasMessageContaining("Stack with id lifecycle-page-2 does not exist");
        assertThat(cfn.describeStacksPaginator(r -> { }).stacks().stream().map(Stack::stackName))
                .doesNotContain("lifecycle-page-2");
        await().untilAsserted(() -> assertThat(cfn.listStacks(r -> r.stackStatusFiltersWithStrings("DELETE_COMPLETE"))
                .stackSummaries()).anySatisfy(s -> assertThat(s.stackId()).isEqualTo(ids.get(2))));
        String recreated = cfn.createStack(r -> r.stackName("lifecycle-page-2").templateBody(unnamed)).stackId();
        assertThat(recreated).isNotEqualTo(ids.get(2));
    }

    @Test
    void deleteStackDeletesTheTableAndIgnoresMissingStacks() {
        String unprotected = TABLE_TEMPLATE.replace("DeletionProtectionEnabled: true", "DeletionProtectionEnabled: false");
        String stackId = cfn.createStack(r -> r.stackName("lifecycle-delete").templateBody(unprotected)
                .parameters(param("TableName", "lifecycle-delete-keys"))).stackId();
        waits.settled("lifecycle-delete");

        cfn.deleteStack(r -> r.stackName("lifecycle-delete"));
        cfn.deleteStack(r -> r.stackName("lifecycle-never-was"));

        assertThat(waits.status(stackId, StackStatus.DELETE_COMPLETE).deletionTime()).isNotNull();
        assertThat(cfn.describeStackEvents(r -> r.stackName(stackId)).stackEvents().subList(0, 4))
                .extracting(e -> e.logicalResourceId() + " " + e.resourceStatusAsString()).containsExactly(
                        "lifecycle-delete DELETE_COMPLETE",
                        "RegistrationKeysTable DELETE_COMPLETE",
                        "RegistrationKeysTable DELETE_IN_PROGRESS",
                        "lifecycle-delete DELETE_IN_PROGRESS");
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("lifecycle-delete")))
                .hasMessageContaining("Stack with id lifecycle-delete does not exist");
        assertThatThrownBy(() -> ddb.describeTable(r -> r.tableName("lifecycle-delete-keys")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(aws.calls().of("DeleteStack")).extracting(AwsCall::stackName, AwsCall::errorCode)
                .contains(org.assertj.core.groups.Tuple.tuple("lifecycle-never-was", null));
    }

    @Test
    void tableSettingsUpdateInPlaceWithoutLosingItems() {
        String base = TABLE_TEMPLATE.replace("DeletionProtectionEnabled: true", "DeletionProtectionEnabled: false");
        cfn.createStack(r -> r.stackName("lifecycle-settings").templateBody(base).parameters(param("TableName", "lifecycle-settings-keys")));
        waits.settled("lifecycle-settings");
        ddb.putItem(r -> r.tableName("lifecycle-settings-keys").item(Map.of("registrationKey", AttributeValue.fromS("k1"),
                "deviceId", AttributeValue.fromS("d1"))));
        String changed = """
                Parameters:
                  TableName: {Type: String}
                Resources:
                  RegistrationKeysTable:
                    Type: AWS::DynamoDB::Table
                    DeletionPolicy: Delete
                    Properties:
                      TableName: !Ref TableName
                      BillingMode: PROVISIONED
                      ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}
                      AttributeDefinitions:
                        - {AttributeName: registrationKey, AttributeType: S}
                        - {AttributeName: deviceId, AttributeType: S}
                      KeySchema: [{AttributeName: registrationKey, KeyType: HASH}]
                      GlobalSecondaryIndexes:
                        - IndexName: byDevice
                          KeySchema: [{AttributeName: deviceId, KeyType: HASH}]
                          Projection: {ProjectionType: ALL}
                          ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}
                      TimeToLiveSpecification: {AttributeName: expiresAt, Enabled: false}
                      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
                      DeletionProtectionEnabled: false
                      Tags: [{Key: project, Value: firefly}]
                """;

        cfn.updateStack(r -> r.stackName("lifecycle-settings").templateBody(changed)
                .parameters(Parameter.builder().parameterKey("TableName").usePreviousValue(true).build()));
        Stack stack = waits.settled("lifecycle-settings");

        assertThat(stack.stackStatus()).as(stack.stackStatusReason()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        TableDescription table = ddb.describeTable(r -> r.tableName("lifecycle-settings-keys")).table();
        assertThat(table.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(table.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("byDevice");
        assertThat(ddb.describeTimeToLive(r -> r.tableName("lifecycle-settings-keys")).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.DISABLED);
        assertThat(ddb.describeContinuousBackups(r -> r.tableName("lifecycle-settings-keys")).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString()).isEqualTo("ENABLED");
        assertThat(ddb.listTagsOfResource(r -> r.resourceArn(table.tableArn())).tags())
                .extracting(t -> t.key() + "=" + t.value()).containsExactly("project=firefly");
        assertThat(ddb.scan(r -> r.tableName("lifecycle-settings-keys")).count()).isEqualTo(1);
    }

    @Test
    void roleArnAndTagsAreRememberedForLaterOperations() {
        String role = "arn:aws:iam::123456789012:role/cfn-exec";
        cfn.createChangeSet(r -> r.stackName("lifecycle-role").changeSetName("c1").changeSetType(ChangeSetType.CREATE)
                .templateBody(TABLE_TEMPLATE.replace("      TableName: !Ref TableName\n", "")).roleARN(role)
                .tags(software.amazon.awssdk.services.cloudformation.model.Tag.builder().key("project").value("firefly").build()));
        waits.changeSetComputed("lifecycle-role", "c1");
        cfn.executeChangeSet(r -> r.stackName("lifecycle-role").changeSetName("c1"));
        waits.settled("lifecycle-role");

        cfn.createChangeSet(r -> r.stackName("lifecycle-role").changeSetName("c2")
                .templateBody(TABLE_TEMPLATE.replace("      TableName: !Ref TableName\n", "").replace("Enabled: true", "Enabled: false")));
        waits.changeSetComputed("lifecycle-role", "c2");
        cfn.executeChangeSet(r -> r.stackName("lifecycle-role").changeSetName("c2"));
        Stack stack = waits.settled("lifecycle-role");

        assertThat(stack.stackStatus()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        assertThat(stack.roleARN()).isEqualTo(role);
        assertThat(stack.tags()).extracting(t -> t.key() + "=" + t.value()).containsExactly("project=firefly");
    }

    private CreateChangeSetResponse createTableStack(String stackName, String tableName) {
        CreateChangeSetResponse created = cfn.createChangeSet(r -> r.stackName(stackName).changeSetName("create-1")
                .changeSetType(ChangeSetType.CREATE).templateBody(TABLE_TEMPLATE).parameters(param("TableName", tableName)));
        waits.changeSetComputed(stackName, "create-1");
        return created;
    }

    static Parameter param(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }

    static Map<String, String> outputs(Stack stack) {
        return stack.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }
}
