package io.firefly.offlineaws;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.nio.file.Path;
import java.util.Arrays;
import java.time.Duration;

import static io.firefly.offlineaws.StackLifecycleTest.outputs;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's workflows run with the real AWS CLI: {@code aws cloudformation deploy}, the import path with
 * {@code create-change-set --change-set-type IMPORT} and the {@code wait} commands, and the delete of a
 * protected table; and what CloudFormation refuses. The CLI's own waiters decide success here, from what
 * the offline AWS answers.
 */
class AwsCliTest extends OfflineAwsClientTest {

    private AwsCli cli;

    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(10))
                .withChangeSetDelay(Duration.ofMillis(10));
    }

    @BeforeAll
    void writeTemplates(@TempDir Path workDir) {
        cli = new AwsCli(aws, workDir);
        cli.write("registration-keys.yaml", TestTemplates.read("registration-keys.yaml"));
        cli.write("registration-keys-import.yaml", TestTemplates.read("registration-keys-import.yaml"));
        cli.write("users-post-function.yaml", TestTemplates.read("users-post-function.yaml"));
    }

    @BeforeEach
    void slowNetwork() {
        // The CLI's waiters poll immediately, then sleep 5 to 30 s. A little network latency lets the short
        // offline operations finish before the first poll is answered, so no test sits through a sleep.
        aws.faults().latency(Duration.ofMillis(300));
    }

    @Test
    void deployCreatesTheTableStackReportsNoChangesAndTheProtectedTableBlocksItsDelete() {
        AwsCli.Result created = deployTable("cli-keys", "cli-keys-table");
        assertThat(created.exitCode()).as(created.output()).isZero();
        assertThat(created.stdout()).contains("Successfully created/updated stack - cli-keys");
        Stack stack = cfn.describeStacks(r -> r.stackName("cli-keys")).stacks().get(0);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(outputs(stack)).containsEntry("TableName", "cli-keys-table");
        assertThat(ddb.describeTable(r -> r.tableName("cli-keys-table")).table().deletionProtectionEnabled()).isTrue();
        assertThat(ddb.describeTimeToLive(r -> r.tableName("cli-keys-table")).timeToLiveDescription().timeToLiveStatus())
                .isEqualTo(TimeToLiveStatus.ENABLED);

        AwsCli.Result again = deployTable("cli-keys", "cli-keys-table");
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.stdout()).contains("No changes to deploy. Stack cli-keys is up to date");

        assertThat(cli.run("cloudformation", "delete-stack", "--stack-name", "cli-keys").exitCode()).isZero();
        AwsCli.Result blocked = cli.run("cloudformation", "wait", "stack-delete-complete", "--stack-name", "cli-keys");
        assertThat(blocked.exitCode()).isNotZero();
        assertThat(blocked.stderr()).contains("Waiter StackDeleteComplete failed");
        assertThat(cfn.describeStacks(r -> r.stackName("cli-keys")).stacks().get(0).stackStatus())
                .isEqualTo(StackStatus.DELETE_FAILED);

        AwsCli.Result unprotect = cli.run("dynamodb", "update-table", "--table-name", "cli-keys-table", "--no-deletion-protection-enabled");
        assertThat(unprotect.exitCode()).as(unprotect.output()).isZero();
        assertThat(cli.run("cloudformation", "delete-stack", "--stack-name", "cli-keys").exitCode()).isZero();
        AwsCli.Result deleted = cli.run("cloudformation", "wait", "stack-delete-complete", "--stack-name", "cli-keys");
        assertThat(deleted.exitCode()).as(deleted.output()).isZero();
        assertThat(ddb.listTables().tableNames()).doesNotContain("cli-keys-table");
    }

    @Test
    void deployCreatesTheServerlessFunctionStackWithItsCapabilities() {
        String[] deploy = {"cloudformation", "deploy", "--stack-name", "cli-users-post", "--template-file", "users-post-function.yaml",
                "--parameter-overrides", "UsersTableName=firefly-users",
                "--capabilities", "CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND", "--no-fail-on-empty-changeset"};

        AwsCli.Result created = cli.run(deploy);
        assertThat(created.exitCode()).as(created.output()).isZero();
        Stack stack = cfn.describeStacks(r -> r.stackName("cli-users-post")).stacks().get(0);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(outputs(stack).get("FunctionArn")).startsWith("arn:aws:lambda:us-east-1:123456789012:function:cli-users-post-");

        AwsCli.Result again = cli.run(deploy);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.stdout()).contains("No changes to deploy. Stack cli-users-post is up to date");
    }

    @Test
    void theImportPathAdoptsTheTableWithItsItemsAndASecondDeployAddsTheOutputs() {
        AwsCli.Result table = cli.run("dynamodb", "create-table", "--table-name", "cli-import-table",
                "--attribute-definitions", "AttributeName=registrationKey,AttributeType=S",
                "--key-schema", "AttributeName=registrationKey,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST");
        assertThat(table.exitCode()).as(table.output()).isZero();
        AwsCli.Result items = cli.run("dynamodb", "batch-write-item", "--request-items", """
                {"cli-import-table": [
                  {"PutRequest": {"Item": {"registrationKey": {"S": "k1"}, "expiresAt": {"N": "4102444800"}}}},
                  {"PutRequest": {"Item": {"registrationKey": {"S": "k2"}, "expiresAt": {"N": "4102444800"}}}},
                  {"PutRequest": {"Item": {"registrationKey": {"S": "k3"}, "expiresAt": {"N": "4102444800"}}}}]}""");
        assertThat(items.exitCode()).as(items.output()).isZero();

        AwsCli.Result changeSet = cli.run("cloudformation", "create-change-set", "--stack-name", "cli-import",
                "--change-set-name", "import-registration-keys", "--change-set-type", "IMPORT",
                "--template-body", "file://registration-keys-import.yaml",
                "--parameters", "ParameterKey=TableName,ParameterValue=cli-import-table",
                "--resources-to-import", "[{\"ResourceType\":\"AWS::DynamoDB::Table\",\"LogicalResourceId\":\"RegistrationKeysTable\","
                        + "\"ResourceIdentifier\":{\"TableName\":\"cli-import-table\"}}]");
        assertThat(changeSet.exitCode()).as(changeSet.output()).isZero();
        assertSucceeds("cloudformation", "wait", "change-set-create-complete", "--stack-name", "cli-import",
                "--change-set-name", "import-registration-keys");
        assertSucceeds("cloudformation", "execute-change-set", "--stack-name", "cli-import",
                "--change-set-name", "import-registration-keys");
        assertSucceeds("cloudformation", "wait", "stack-import-complete", "--stack-name", "cli-import");
        assertThat(cfn.describeStacks(r -> r.stackName("cli-import")).stacks().get(0).outputs()).isEmpty();

        AwsCli.Result outputsDeploy = deployTable("cli-import", "cli-import-table");
        assertThat(outputsDeploy.exitCode()).as(outputsDeploy.output()).isZero();

        Stack stack = cfn.describeStacks(r -> r.stackName("cli-import")).stacks().get(0);
        assertThat(stack.stackStatus()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        assertThat(outputs(stack)).containsEntry("TableName", "cli-import-table")
                .containsEntry("TableArn", "arn:aws:dynamodb:us-east-1:123456789012:table/cli-import-table");
        assertThat(ddb.scan(r -> r.tableName("cli-import-table")).count()).isEqualTo(3);
    }

    /**
     * What CloudFormation refuses, the CLI shows with AWS's own code and text, and nothing is created:
     * resource types it does not know, a service role that is no role ARN, a region this endpoint does
     * not serve.
     */
    @Test
    void unknownTypesAMalformedServiceRoleAndAnotherRegionAreRefusedAsAwsRefusesThem() {
        cli.write("unknown-types.yaml", """
                Resources:
                  Thing:
                    Type: AWS::NotReal::Thing
                  Queue:
                    Type: AWS::SQS::Queue
                  Other:
                    Type: Bogus
                """);
        String unrecognized = "Template format error: Unrecognized resource types: [AWS::NotReal::Thing, Bogus]";
        assertRefused(unrecognized, "ValidateTemplate", "cloudformation", "validate-template",
                "--template-body", "file://unknown-types.yaml");
        assertRefused(unrecognized, "CreateChangeSet", "cloudformation", "create-change-set", "--stack-name", "cli-refused",
                "--change-set-name", "first", "--change-set-type", "CREATE", "--template-body", "file://unknown-types.yaml");

        String[] createStack = {"cloudformation", "create-stack", "--stack-name", "cli-refused",
                "--template-body", "file://registration-keys.yaml",
                "--parameters", "ParameterKey=TableName,ParameterValue=cli-refused-table", "--role-arn"};
        assertRefused("CloudFormationExecutionRole is not a valid RoleARN", "CreateStack",
                with(createStack, "CloudFormationExecutionRole"));
        assertRefused("Role arn:aws:iam::123456789012:user/deployer is invalid or cannot be assumed", "CreateStack",
                with(createStack, "arn:aws:iam::123456789012:user/deployer"));
        assertRefused("Stack with id cli-refused does not exist", "DescribeStacks",
                "cloudformation", "describe-stacks", "--stack-name", "cli-refused");
        assertSucceeds(with(createStack, "arn:aws:iam::123456789012:role/cfn-deployer"));
        assertThat(cfn.describeStacks(r -> r.stackName("cli-refused")).stacks().get(0).roleARN())
                .isEqualTo("arn:aws:iam::123456789012:role/cfn-deployer");

        AwsCli.Result stacks = cli.run("cloudformation", "describe-stacks", "--region", "eu-west-1");
        assertThat(stacks.exitCode()).isNotZero();
        assertThat(stacks.stderr()).contains("An error occurred (SignatureDoesNotMatch) when calling the DescribeStacks "
                + "operation: Credential should be scoped to a valid region, not 'eu-west-1'.");
        AwsCli.Result tables = cli.run("dynamodb", "list-tables", "--region", "eu-west-1");
        assertThat(tables.exitCode()).isNotZero();
        assertThat(tables.stderr()).contains("An error occurred (InvalidSignatureException) when calling the ListTables "
                + "operation: Credential should be scoped to a valid region.");
    }

    private void assertRefused(String message, String operation, String... args) {
        AwsCli.Result result = cli.run(args);
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.stderr()).contains("An error occurred (ValidationError) when calling the " + operation
                + " operation: " + message);
    }

    private static String[] with(String[] args, String last) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    private AwsCli.Result deployTable(String stackName, String tableName) {
        return cli.run("cloudformation", "deploy", "--stack-name", stackName, "--template-file", "registration-keys.yaml",
                "--parameter-overrides", "TableName=" + tableName, "--no-fail-on-empty-changeset");
    }

    private void assertSucceeds(String... args) {
        AwsCli.Result result = cli.run(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.output()).isZero();
    }
}
