package io.firefly.offlineaws;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.ChangeAction;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ResourceToImport;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.firefly.offlineaws.StackLifecycleTest.outputs;
import static io.firefly.offlineaws.StackLifecycleTest.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The import path and every rule CloudFormation applies to an IMPORT change set. */
class ImportTest extends OfflineAwsClientTest {

    private static final String WITH_OUTPUTS = TestTemplates.read("registration-keys.yaml");
    private static final String WITHOUT_OUTPUTS = TestTemplates.read("registration-keys-import.yaml");


    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(50))
                .withChangeSetDelay(Duration.ofMillis(50));
    }

    @Test
    void anExistingTableIsAdoptedIntoANewStackWithItsItemsAndThenGetsItsOutputs() {
        existingTable("import-keys", 3);

        CreateChangeSetResponse created = cfn.createChangeSet(importRequest("import-new", "import-keys", WITHOUT_OUTPUTS));
        assertThat(cfn.describeStacks(r -> r.stackName("import-new")).stacks().get(0).stackStatus())
                .isEqualTo(StackStatus.REVIEW_IN_PROGRESS);
        var changeSet = waits.changeSetComputed("import-new", "import-1");
        assertThat(changeSet.status()).isEqualTo(ChangeSetStatus.CREATE_COMPLETE);
        assertThat(changeSet.changes()).singleElement().satisfies(c -> {
            assertThat(c.resourceChange().action()).isEqualTo(ChangeAction.IMPORT);
            assertThat(c.resourceChange().logicalResourceId()).isEqualTo("RegistrationKeysTable");
            assertThat(c.resourceChange().physicalResourceId()).isEqualTo("import-keys");
        });

        cfn.executeChangeSet(r -> r.changeSetName(created.id()));
        Stack imported = waits.settled("import-new");

        assertThat(imported.stackStatus()).isEqualTo(StackStatus.IMPORT_COMPLETE);
        assertThat(imported.outputs()).isEmpty();
        List<StackEvent> events = cfn.describeStackEvents(r -> r.stackName("import-new")).stackEvents();
        assertThat(events.subList(0, 4)).extracting(e -> e.logicalResourceId() + " " + e.resourceStatusAsString() + " "
                + e.resourceStatusReason()).containsExactly(
                "import-new IMPORT_COMPLETE null",
                "RegistrationKeysTable IMPORT_COMPLETE Resource import completed.",
                "RegistrationKeysTable IMPORT_IN_PROGRESS Resource import started.",
                "import-new IMPORT_IN_PROGRESS User Initiated");
        assertThat(ddb.scan(r -> r.tableName("import-keys")).count()).isEqualTo(3);

        cfn.createChangeSet(r -> r.stackName("import-new").changeSetName("outputs").templateBody(WITH_OUTPUTS)
                .parameters(param("TableName", "import-keys")));
        assertThat(waits.changeSetComputed("import-new", "outputs").status()).isEqualTo(ChangeSetStatus.CREATE_COMPLETE);
        cfn.executeChangeSet(r -> r.stackName("import-new").changeSetName("outputs"));
        Stack updated = waits.settled("import-new");

        assertThat(updated.stackStatus()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        assertThat(outputs(updated)).containsEntry("TableName", "import-keys")
                .containsEntry("TableArn", "arn:aws:dynamodb:us-east-1:123456789012:table/import-keys");
        assertThat(ddb.scan(r -> r.tableName("import-keys")).count()).isEqualTo(3);
        // the template's settings are not applied by an import: the table is as it was until an update changes it
        assertThat(ddb.describeTable(r -> r.tableName("import-keys")).table().deletionProtectionEnabled()).isFalse();
    }

    @Test
    void aTableIsImportedIntoAnExistingStackNextToItsOtherResources() {
        String function = TestTemplates.read("users-post-function.yaml");
        cfn.createStack(r -> r.stackName("import-existing").templateBody(function).parameters(param("UsersTableName", "import-users"))
                .capabilitiesWithStrings("CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"));
        assertThat(waits.settled("import-existing").stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        existingTable("import-users", 1);
        String withTable = function.replace("Outputs:", """
                  UsersTable:
                    Type: AWS::DynamoDB::Table
                    DeletionPolicy: Retain
                    Properties:
                      TableName: !Ref UsersTableName
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions: [{AttributeName: registrationKey, AttributeType: S}]
                      KeySchema: [{AttributeName: registrationKey, KeyType: HASH}]
                Outputs:""");

        cfn.createChangeSet(r -> r.stackName("import-existing").changeSetName("adopt").changeSetType(ChangeSetType.IMPORT)
                .templateBody(withTable).parameters(param("UsersTableName", "import-users"))
                .capabilitiesWithStrings("CAPABILITY_IAM")
                .resourcesToImport(table("UsersTable", "import-users")));
        assertThat(waits.changeSetComputed("import-existing", "adopt").status()).isEqualTo(ChangeSetStatus.CREATE_COMPLETE);
        cfn.executeChangeSet(r -> r.stackName("import-existing").changeSetName("adopt"));

        assertThat(waits.settled("import-existing").stackStatus()).isEqualTo(StackStatus.IMPORT_COMPLETE);
        assertThat(cfn.describeStackResources(r -> r.stackName("import-existing")).stackResources())
                .extracting(r -> r.logicalResourceId()).containsExactlyInAnyOrder("UsersPostFunction", "UsersPostFunctionRole", "UsersTable");
    }

    @Test
    void everyImportedResourceNeedsADeletionPolicy() {
        existingTable("import-nopolicy", 0);
        String noPolicy = WITHOUT_OUTPUTS.replace("    DeletionPolicy: Delete\n", "");

        assertValidationError(() -> cfn.createChangeSet(importRequest("import-nopolicy", "import-nopolicy", noPolicy)),
                "The following resources to import [RegistrationKeysTable] must have DeletionPolicy attribute specified in the template.");
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("import-nopolicy")))
                .hasMessageContaining("does not exist");
    }

    @Test
    void anImportCannotAddOutputs() {
        existingTable("import-outputs", 0);
        assertValidationError(() -> cfn.createChangeSet(importRequest("import-outputs", "import-outputs", WITH_OUTPUTS)),
                "As part of the import operation, you cannot modify or add [Outputs]");
    }

    @Test
    void anImportCannotCreateAnythingElse() {
        existingTable("import-other", 0);
        String withQueue = WITHOUT_OUTPUTS + "  Queue:\n    Type: AWS::SQS::Queue\n";
        assertValidationError(() -> cfn.createChangeSet(importRequest("import-other", "import-other", withQueue)),
                "You have modified resources [Queue] in your template that are not being imported. Update, create or "
                        + "delete operations cannot be executed during import operations.");
    }

    @Test
    void aTableAlreadyInAStackCannotBeImportedAgain() {
        cfn.createStack(r -> r.stackName("import-owner").templateBody(WITH_OUTPUTS).parameters(param("TableName", "import-owned")));
        assertThat(waits.settled("import-owner").stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);

        assertValidationError(() -> cfn.createChangeSet(importRequest("import-thief", "import-owned", WITHOUT_OUTPUTS)),
                "Resources [RegistrationKeysTable] passed in ResourceToImport are already in a stack and cannot be imported.");
    }

    @Test
    void importingATableThatDoesNotExistFailsAndRollsTheImportBack() {
        CreateChangeSetResponse created = cfn.createChangeSet(importRequest("import-missing", "import-no-such-table", WITHOUT_OUTPUTS));
        waits.changeSetComputed("import-missing", "import-1");
        cfn.executeChangeSet(r -> r.changeSetName(created.id()));

        Stack stack = waits.settled("import-missing");
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.IMPORT_ROLLBACK_COMPLETE);
        assertThat(cfn.describeStackEvents(r -> r.stackName("import-missing")).stackEvents())
                .anySatisfy(e -> {
                    assertThat(e.resourceStatusAsString()).isEqualTo("IMPORT_FAILED");
                    assertThat(e.resourceStatusReason())
                            .isEqualTo("Resource of type 'AWS::DynamoDB::Table' with identifier 'import-no-such-table' was not found.");
                })
                .anySatisfy(e -> assertThat(e.resourceStatusReason())
                        .isEqualTo("The following resource(s) failed to import: [RegistrationKeysTable]. "));
        assertThat(cfn.describeStackResources(r -> r.stackName("import-missing")).stackResources()).isEmpty();
    }

    private static void assertValidationError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CloudFormationException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    private static Consumer<CreateChangeSetRequest.Builder> importRequest(String stackName, String tableName, String template) {
        return r -> r.stackName(stackName).changeSetName("import-1").changeSetType(ChangeSetType.IMPORT)
                .templateBody(template).parameters(param("TableName", tableName))
                .resourcesToImport(table("RegistrationKeysTable", tableName));
    }

    private static ResourceToImport table(String logicalId, String tableName) {
        return ResourceToImport.builder().resourceType("AWS::DynamoDB::Table").logicalResourceId(logicalId)
                .resourceIdentifier(Map.of("TableName", tableName)).build();
    }

    private void existingTable(String name, int items) {
        ddb.createTable(r -> r.tableName(name)
                .attributeDefinitions(a -> a.attributeName("registrationKey").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("registrationKey").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        for (int i = 0; i < items; i++) {
            String key = "key-" + i;
            ddb.putItem(r -> r.tableName(name).item(Map.of("registrationKey", AttributeValue.fromS(key))));
        }
    }
}
