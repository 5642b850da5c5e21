package io.firefly.offlineaws;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.ValidateTemplateResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static io.firefly.offlineaws.StackLifecycleTest.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The synchronous answers: CloudFormation's error codes and texts, validation, and the request faults. */
class ErrorTextsTest extends OfflineAwsClientTest {

    private static final String TABLE = TestTemplates.read("registration-keys.yaml")
            .replace("DeletionProtectionEnabled: true", "DeletionProtectionEnabled: false");
    private static final String FUNCTION = TestTemplates.read("users-post-function.yaml");
    private static final int CHANGE_SET_LIMIT = 3;


    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(30))
                .withChangeSetDelay(Duration.ofMillis(30))
                .withChangeSetLimit(CHANGE_SET_LIMIT);
    }

    @Test
    void createOnAnExistingStackAndUpdateOnAMissingOneAreRefused() {
        cfn.createStack(r -> r.stackName("errors-existing").templateBody(TABLE).parameters(param("TableName", "errors-existing")));
        waits.settled("errors-existing");

        assertError(() -> cfn.createChangeSet(r -> r.stackName("errors-existing").changeSetName("again")
                        .changeSetType(ChangeSetType.CREATE).templateBody(TABLE)), "ValidationError",
                "Stack [errors-existing] already exists and cannot be created again with the changeSet [again].");
        assertError(() -> cfn.createChangeSet(r -> r.stackName("errors-missing").changeSetName("update")
                .changeSetType(ChangeSetType.UPDATE).templateBody(TABLE)), "ValidationError", "Stack [errors-missing] does not exist");
        assertError(() -> cfn.createStack(r -> r.stackName("errors-existing").templateBody(TABLE)),
                "AlreadyExistsException", "Stack [errors-existing] already exists");
    }

    @Test
    void missingStacksAndChangeSetsAreNamedInTheirErrors() {
        assertError(() -> cfn.describeStacks(r -> r.stackName("errors-nothing")), "ValidationError",
                "Stack with id errors-nothing does not exist");
        assertError(() -> cfn.describeStackEvents(r -> r.stackName("errors-nothing")), "ValidationError",
                "Stack [errors-nothing] does not exist");
        assertError(() -> cfn.deleteChangeSet(r -> r.stackName("errors-nothing").changeSetName("cs")), "ValidationError",
                "Stack [errors-nothing] does not exist");
        assertThatThrownBy(() -> cfn.describeChangeSet(r -> r.stackName("errors-nothing").changeSetName("cs")))
                .isInstanceOfSatisfying(ChangeSetNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ChangeSetNotFound");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("ChangeSet [cs] does not exist");
                });
        assertError(() -> cfn.createChangeSet(r -> r.stackName("errors-bad").changeSetName("1st")
                        .changeSetType(ChangeSetType.CREATE).templateBody(TABLE)), "ValidationError",
                "1 validation error detected: Value '1st' at 'changeSetName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*");
    }

    @Test
    void aReviewStackTakesAnotherCreateChangeSetAndChangeSetsAreIdempotentByContent() {
        CreateChangeSetResponse first = cfn.createChangeSet(r -> r.stackName("errors-review").changeSetName("c1")
                .changeSetType(ChangeSetType.CREATE).templateBody(TABLE).parameters(param("TableName", "errors-review")));
        CreateChangeSetResponse second = cfn.createChangeSet(r -> r.stackName("errors-review").changeSetName("c2")
                .changeSetType(ChangeSetType.CREATE).templateBody(TABLE).parameters(param("TableName", "errors-review")));
        CreateChangeSetResponse repeated = cfn.createChangeSet(r -> r.stackName("errors-review").changeSetName("c1")
                .changeSetType(ChangeSetType.CREATE).templateBody(TABLE).parameters(param("TableName", "errors-review")));

        assertThat(second.stackId()).isEqualTo(first.stackId());
        assertThat(repeated.id()).isEqualTo(first.id());
        assertError(() -> cfn.createChangeSet(r -> r.stackName("errors-review").changeSetName("c1")
                        .changeSetType(ChangeSetType.CREATE).templateBody(TABLE).parameters(param("TableName", "other"))),
                "AlreadyExistsException", "ChangeSet [c1] already exists");

        waits.changeSetComputed("errors-review", "c2");
        cfn.executeChangeSet(r -> r.stackName("errors-review").changeSetName("c2"));
        assertThat(waits.settled("errors-review").stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertThat(cfn.listChangeSets(r -> r.stackName("errors-review")).summaries())
                .extracting(s -> s.changeSetName()).containsExactly("c2");
    }

    @Test
    void changeSetsPileUpUntilTheLimit() {
        cfn.createStack(r -> r.stackName("errors-limit").templateBody(TABLE).parameters(param("TableName", "errors-limit")));
        String stackId = waits.settled("errors-limit").stackId();
        for (int i = 0; i < CHANGE_SET_LIMIT; i++) {
            String name = "empty-" + i;
            cfn.createChangeSet(r -> r.stackName("errors-limit").changeSetName(name).templateBody(TABLE)
                    .parameters(Parameter.builder().parameterKey("TableName").usePreviousValue(true).build()));
        }

        assertError(() -> cfn.createChangeSet(r -> r.stackName("errors-limit").changeSetName("one-too-many").templateBody(TABLE)
                        .parameters(Parameter.builder().parameterKey("TableName").usePreviousValue(true).build())),
                "LimitExceededException", "ChangeSet limit exceeded for stack " + stackId);
        cfn.deleteChangeSet(r -> r.stackName("errors-limit").changeSetName("empty-0"));
        cfn.createChangeSet(r -> r.stackName("errors-limit").changeSetName("one-more").templateBody(TABLE)
                .parameters(Parameter.builder().parameterKey("TableName").usePreviousValue(true).build()));
    }

    @Test
    void usePreviousValueNeedsAPreviousValueAndNoValue() {
        assertError(() -> cfn.createChangeSet(r -> r.stackName("errors-previous").changeSetName("c1")
                        .changeSetType(ChangeSetType.CREATE).templateBody(TABLE)
                        .parameters(Parameter.builder().parameterKey("TableName").usePreviousValue(true).build())),
                "ValidationError", "Invalid input for parameter key TableName. Cannot specify usePreviousValue as true for a "
                        + "parameter key not in the previous template");
        assertError(() -> cfn.createChangeSet(r -> r.stackName("errors-previous").changeSetName("c1")
                        .changeSetType(ChangeSetType.CREATE).templateBody(TABLE)
                        .parameters(Parameter.builder().parameterKey("TableName").parameterValue("x").usePreviousValue(true).build())),
                "ValidationError", "Invalid input for parameter key TableName. Cannot specify usePreviousValue as true and "
                        + "non empty value for a parameter");
        assertError(() -> cfn.createChangeSet(r -> r.stackName("errors-previous").changeSetName("c1")
                        .changeSetType(ChangeSetType.CREATE).templateBody(FUNCTION).capabilitiesWithStrings("CAPABILITY_IAM")),
                "ValidationError", "Parameters: [UsersTableName] must have values");
    }

    @Test
    void namedIamResourcesNeedTheNamedCapability() {
        String namedRole = """
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      RoleName: errors-role
                      AssumeRolePolicyDocument: {}
                """;
        assertError(() -> cfn.createChangeSet(r -> r.stackName("errors-iam").changeSetName("c1").changeSetType(ChangeSetType.CREATE)
                        .templateBody(namedRole).capabilitiesWithStrings("CAPABILITY_IAM")),
                "InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_NAMED_IAM]");
        cfn.createChangeSet(r -> r.stackName("errors-iam").changeSetName("c1").changeSetType(ChangeSetType.CREATE)
                .templateBody(namedRole).capabilitiesWithStrings("CAPABILITY_NAMED_IAM"));
    }

    @Test
    void terminationProtectionAndOperationsInProgressStopADelete() {
        cfn.createStack(r -> r.stackName("errors-protected").templateBody(TABLE).parameters(param("TableName", "errors-protected"))
                .enableTerminationProtection(true));
        assertError(() -> cfn.deleteStack(r -> r.stackName("errors-protected")), "ValidationError",
                "Stack [errors-protected] cannot be deleted while TerminationProtection is enabled");

        // AWS would cancel a create in progress; offline, a stack in progress refuses the delete (docs/offline-aws.md).
        // A chain of topics keeps the create going for about a second, so the delete meets it in progress.
        String slow = "Resources:\n" + TestTemplates.topicChain(null, 30);
        cfn.createStack(r -> r.stackName("errors-busy").templateBody(slow));
        assertError(() -> cfn.deleteStack(r -> r.stackName("errors-busy")), "ValidationError",
                "Stack [errors-busy] cannot be deleted while in status CREATE_IN_PROGRESS");
        waits.settled("errors-busy");
        cfn.deleteStack(r -> r.stackName("errors-busy"));
    }

    @Test
    void anUpdateStackWithNothingToChangeSaysSo() {
        cfn.createStack(r -> r.stackName("errors-same").templateBody(TABLE).parameters(param("TableName", "errors-same")));
        assertThat(waits.settled("errors-same").stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        assertError(() -> cfn.updateStack(r -> r.stackName("errors-same").templateBody(TABLE)
                .parameters(param("TableName", "errors-same"))), "ValidationError", "No updates are to be performed.");
    }

    @Test
    void validateTemplateDescribesParametersCapabilitiesAndTransforms() {
        ValidateTemplateResponse function = cfn.validateTemplate(r -> r.templateBody(FUNCTION));
        assertThat(function.parameters()).singleElement().satisfies(p -> assertThat(p.parameterKey()).isEqualTo("UsersTableName"));
        assertThat(function.capabilitiesAsStrings()).containsExactlyInAnyOrder("CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND");
        assertThat(function.capabilitiesReason()).isEqualTo("The following resource(s) require capabilities: [AWS::IAM::Role]");
        assertThat(function.declaredTransforms()).containsExactly("AWS::Serverless-2016-10-31");
        assertThat(function.description()).isEqualTo("POST /users, writes an allowlist entry");

        ValidateTemplateResponse table = cfn.validateTemplate(r -> r.templateBody(TABLE));
        assertThat(table.parameters()).singleElement().satisfies(p -> assertThat(p.defaultValue()).isEqualTo("firefly-registration-keys"));
        assertThat(table.capabilities()).isEmpty();

        assertError(() -> cfn.validateTemplate(r -> r.templateBody("Resources: [unclosed")), "ValidationError", null);
        assertThat(cfn.getTemplateSummary(r -> r.templateBody(TABLE)).resourceIdentifierSummaries()).singleElement()
                .satisfies(s -> assertThat(s.resourceIdentifiers()).containsExactly("TableName"));
    }

    @Test
    void resourceTypesCloudFormationDoesNotKnowAreNamedAndNothingIsCreated() {
        String unknown = """
                Resources:
                  Thing: {Type: AWS::NotReal::Thing}
                  Queue: {Type: AWS::SQS::Queue}
                  Other: {Type: Bogus}
                  Again: {Type: AWS::NotReal::Thing}
                """;
        assertError(() -> cfn.createStack(r -> r.stackName("errors-types").templateBody(unknown)), "ValidationError",
                "Template format error: Unrecognized resource types: [AWS::NotReal::Thing, Bogus]");
        // Serverless types are known only through the transform that expands them.
        assertError(() -> cfn.createChangeSet(r -> r.stackName("errors-types").changeSetName("c1")
                        .changeSetType(ChangeSetType.CREATE).templateBody(FUNCTION.replace("Transform:", "# Transform:"))),
                "ValidationError", "Template format error: Unrecognized resource types: [AWS::Serverless::Function]");
        assertError(() -> cfn.describeStacks(r -> r.stackName("errors-types")), "ValidationError",
                "Stack with id errors-types does not exist");
    }

    @Test
    void aServiceRoleThatIsNoRoleArnIsRefused() {
        assertError(() -> cfn.createChangeSet(r -> r.stackName("errors-role").changeSetName("c1")
                        .changeSetType(ChangeSetType.CREATE).templateBody(TABLE).roleARN("deployer")), "ValidationError",
                "1 validation error detected: Value 'deployer' at 'roleARN' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 20");
        assertError(() -> cfn.createChangeSet(r -> r.stackName("errors-role").changeSetName("c1")
                        .changeSetType(ChangeSetType.CREATE).templateBody(TABLE).roleARN("arn:aws:sqs:us-east-1:123456789012:deployer")),
                "ValidationError", "Role arn:aws:sqs:us-east-1:123456789012:deployer is invalid or cannot be assumed");
        assertError(() -> cfn.describeStacks(r -> r.stackName("errors-role")), "ValidationError",
                "Stack with id errors-role does not exist");
    }

    /** An SDK client of another region gets what AWS's regional endpoints answer a request signed for another region. */
    @Test
    void aRegionTheEndpointDoesNotServeIsRefusedBeforeAnythingElse() {
        try (CloudFormationClient elsewhere = AwsClients.cloudFormation(aws, "eu-west-1");
             DynamoDbClient tablesElsewhere = AwsClients.dynamoDb(aws, "eu-west-1")) {
            assertThatThrownBy(elsewhere::listStacks).isInstanceOfSatisfying(CloudFormationException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Credential should be scoped to a valid region, not 'eu-west-1'. ");
            });
            assertThatThrownBy(tablesElsewhere::listTables).isInstanceOfSatisfying(DynamoDbException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Credential should be scoped to a valid region. ");
            });
        }
        assertThat(aws.calls().of("ListStacks")).last().satisfies(call -> assertThat(call.errorCode()).isEqualTo("SignatureDoesNotMatch"));
        assertThat(cfn.listStacks().sdkHttpResponse().isSuccessful()).isTrue();
    }

    @Test
    void theCallLogNamesTheStackBehindAChangeSetArn() {
        aws.calls().clear();
        CreateChangeSetResponse created = cfn.createChangeSet(r -> r.stackName("errors-log").changeSetName("c1")
                .changeSetType(ChangeSetType.CREATE).templateBody(TABLE).parameters(param("TableName", "errors-log")));
        waits.changeSetComputed("errors-log", "c1");
        cfn.executeChangeSet(r -> r.changeSetName(created.id()));

        assertThat(aws.calls().of("CreateChangeSet")).singleElement().satisfies(call -> {
            assertThat(call.stackName()).isEqualTo("errors-log");
            assertThat(call.changeSetName()).isEqualTo("c1");
            assertThat(call.changeSetType()).isEqualTo("CREATE");
            assertThat(call.errorCode()).isNull();
        });
        assertThat(aws.calls().of("ExecuteChangeSet")).singleElement().satisfies(call -> {
            assertThat(call.stackName()).isEqualTo("errors-log");
            assertThat(call.changeSetName()).isEqualTo("c1");
        });
    }

    @Test
    void latencyDelaysEveryRequest() {
        aws.faults().latency(Duration.ofMillis(300));
        Instant before = Instant.now();
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("errors-slow"))).isInstanceOf(CloudFormationException.class);
        assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void throttlingStrikesAboutTheGivenShareOfRequests() {
        aws.faults().throttle(0.5, Set.of("DescribeStacks"));
        int throttled = 0;
        for (int i = 0; i < 60; i++) {
            try {
                cfn.describeStacks(r -> r.stackName("errors-throttled"));
            } catch (CloudFormationException e) {
                if (e.awsErrorDetails().errorCode().equals("Throttling")) {
                    throttled++;
                }
            }
        }
        assertThat(throttled).isBetween(12, 48);
        cfn.listStacks();
    }

    private static void assertError(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CloudFormationException.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
        });
    }
}
