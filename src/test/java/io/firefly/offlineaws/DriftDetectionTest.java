package io.firefly.offlineaws;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackDriftDetectionStatusResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackResourceDriftsResponse;
import software.amazon.awssdk.services.cloudformation.model.DifferenceType;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.PropertyDifference;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackDriftDetectionStatus;
import software.amazon.awssdk.services.cloudformation.model.StackDriftStatus;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDetail;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDrift;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDriftStatus;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Drift detection through the AWS SDK for Java: a table changed in DynamoDB behind its stack is found
 * MODIFIED, property by property, once a detection that runs in the background has ended; changed back,
 * it is IN_SYNC again. The replies parse into the SDK's model as AWS's do.
 */
class DriftDetectionTest extends OfflineAwsClientTest {

    private static final String TEMPLATE = TestTemplates.read("drift-table.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected OfflineAwsOptions options() {
        // a detection stays in progress as long as a change set computes: long enough to be seen in progress
        return OfflineAwsOptions.defaults()
                .withResourceStepDelay(Duration.ofMillis(20))
                .withChangeSetDelay(Duration.ofMillis(500));
    }

    @Test
    void ttlDisabledInDynamoDbIsModifiedWithThePropertyAndInSyncOnceEnabledAgain() {
        createStack("drift-ttl", "drift-ttl-keys");

        DescribeStackDriftDetectionStatusResponse inSync = detect("drift-ttl");
        assertThat(inSync.stackDriftStatus()).isEqualTo(StackDriftStatus.IN_SYNC);
        assertThat(inSync.driftedStackResourceCount()).isZero();
        assertThat(cfn.describeStackResourceDrifts(r -> r.stackName("drift-ttl")).stackResourceDrifts()).singleElement()
                .satisfies(drift -> {
                    assertThat(drift.stackResourceDriftStatus()).isEqualTo(StackResourceDriftStatus.IN_SYNC);
                    assertThat(drift.propertyDifferences()).isEmpty();
                    // TtlEnabled is the string "true" in the template and a boolean in DynamoDB: the same value
                    assertThat(json(drift.expectedProperties()).at("/TimeToLiveSpecification/Enabled").asText()).isEqualTo("true");
                    assertThat(json(drift.actualProperties()).at("/TimeToLiveSpecification/Enabled").asBoolean()).isTrue();
                });

        ddb.updateTimeToLive(r -> r.tableName("drift-ttl-keys")
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(false)));
        DescribeStackDriftDetectionStatusResponse drifted = detect("drift-ttl");

        assertThat(drifted.stackDriftStatus()).isEqualTo(StackDriftStatus.DRIFTED);
        assertThat(drifted.driftedStackResourceCount()).isEqualTo(1);
        StackResourceDrift table = cfn.describeStackResourceDrifts(r -> r.stackName("drift-ttl")).stackResourceDrifts().get(0);
        assertThat(table.logicalResourceId()).isEqualTo("KeysTable");
        assertThat(table.physicalResourceId()).isEqualTo("drift-ttl-keys");
        assertThat(table.resourceType()).isEqualTo("AWS::DynamoDB::Table");
        assertThat(table.stackId()).isEqualTo(drifted.stackId());
        assertThat(table.stackResourceDriftStatus()).isEqualTo(StackResourceDriftStatus.MODIFIED);
        assertThat(table.propertyDifferences())
                .extracting(PropertyDifference::propertyPath, PropertyDifference::expectedValue, PropertyDifference::actualValue,
                        PropertyDifference::differenceType)
                .containsExactly(tuple("/TimeToLiveSpecification/Enabled", "true", "false", DifferenceType.NOT_EQUAL));
        assertThat(json(table.actualProperties()).at("/TimeToLiveSpecification"))
                .isEqualTo(json("{\"AttributeName\":\"expiresAt\",\"Enabled\":false}"));
        assertThat(table.timestamp()).isAfterOrEqualTo(drifted.timestamp());

        Stack stack = cfn.describeStacks(r -> r.stackName("drift-ttl")).stacks().get(0);
        assertThat(stack.driftInformation().stackDriftStatus()).isEqualTo(StackDriftStatus.DRIFTED);
        assertThat(stack.driftInformation().lastCheckTimestamp()).isEqualTo(drifted.timestamp());
        assertThat(stack.lastUpdatedTime()).as("detection is not an update of the stack").isNull();
        assertThat(cfn.listStacks().stackSummaries()).filteredOn(s -> s.stackName().equals("drift-ttl")).singleElement()
                .satisfies(s -> assertThat(s.driftInformation().stackDriftStatus()).isEqualTo(StackDriftStatus.DRIFTED));

        ddb.updateTimeToLive(r -> r.tableName("drift-ttl-keys")
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        assertThat(detect("drift-ttl").stackDriftStatus()).isEqualTo(StackDriftStatus.IN_SYNC);
        assertThat(cfn.describeStackResourceDrifts(r -> r.stackName("drift-ttl")).stackResourceDrifts()).singleElement()
                .satisfies(drift -> assertThat(drift.stackResourceDriftStatus()).isEqualTo(StackResourceDriftStatus.IN_SYNC));
    }

    @Test
    void everySettingChangedThroughTheDynamoDbApiIsAPropertyDifference() {
        createStack("drift-settings", "drift-settings-keys");
        ddb.updateTable(r -> r.tableName("drift-settings-keys").deletionProtectionEnabled(false));
        ddb.updateContinuousBackups(r -> r.tableName("drift-settings-keys")
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(false)));
        ddb.updateTable(r -> r.tableName("drift-settings-keys").streamSpecification(s -> s.streamEnabled(false)));
        ddb.updateTable(r -> r.tableName("drift-settings-keys").billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L)));

        assertThat(detect("drift-settings").driftedStackResourceCount()).isEqualTo(1);

        assertThat(cfn.describeStackResourceDrifts(r -> r.stackName("drift-settings")).stackResourceDrifts().get(0)
                .propertyDifferences())
                .extracting(PropertyDifference::propertyPath, PropertyDifference::expectedValue, PropertyDifference::actualValue,
                        PropertyDifference::differenceType)
                .containsExactly(
                        tuple("/BillingMode", "PAY_PER_REQUEST", "PROVISIONED", DifferenceType.NOT_EQUAL),
                        tuple("/DeletionProtectionEnabled", "true", "false", DifferenceType.NOT_EQUAL),
                        tuple("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled", "true", "false",
                                DifferenceType.NOT_EQUAL),
                        tuple("/StreamSpecification", "{\"StreamViewType\":\"NEW_IMAGE\"}", "null", DifferenceType.REMOVE));
    }

    @Test
    void aDetectionIsInProgressFirstAndOnlyTablesAreChecked() {
        createStack("drift-async", "drift-async-keys");

        String id = cfn.detectStackDrift(r -> r.stackName("drift-async")).stackDriftDetectionId();
        DescribeStackDriftDetectionStatusResponse running = cfn.describeStackDriftDetectionStatus(r -> r.stackDriftDetectionId(id));

        assertThat(running.detectionStatus()).isEqualTo(StackDriftDetectionStatus.DETECTION_IN_PROGRESS);
        assertThat(running.stackDriftStatus()).isNull();
        assertThat(running.driftedStackResourceCount()).isNull();
        assertThat(cfn.describeStackResourceDrifts(r -> r.stackName("drift-async")).stackResourceDrifts())
                .as("nothing checked yet").isEmpty();
        DescribeStackDriftDetectionStatusResponse ended = awaitDetection(id);
        assertThat(ended.detectionStatus()).isEqualTo(StackDriftDetectionStatus.DETECTION_COMPLETE);
        assertThat(ended.timestamp()).isEqualTo(running.timestamp());

        // The topic is a recorded resource here, never read: left out of the drifts, NOT_CHECKED on the resource.
        assertThat(cfn.describeStackResourceDrifts(r -> r.stackName("drift-async")).stackResourceDrifts())
                .extracting(StackResourceDrift::logicalResourceId).containsExactly("KeysTable");
        StackResourceDetail topic = cfn.describeStackResource(r -> r.stackName("drift-async").logicalResourceId("Notices"))
                .stackResourceDetail();
        assertThat(topic.driftInformation().stackResourceDriftStatus()).isEqualTo(StackResourceDriftStatus.NOT_CHECKED);
        assertThat(topic.driftInformation().lastCheckTimestamp()).isNull();
        StackResourceDetail table = cfn.describeStackResource(r -> r.stackName("drift-async").logicalResourceId("KeysTable"))
                .stackResourceDetail();
        assertThat(table.driftInformation().stackResourceDriftStatus()).isEqualTo(StackResourceDriftStatus.IN_SYNC);
        assertThat(table.driftInformation().lastCheckTimestamp()).isAfterOrEqualTo(ended.timestamp());
    }

    @Test
    void aDeletedTableIsDeletedAndTheResultsFilterAndPage() {
        String twoTables = TEMPLATE.replace("  Notices:\n    Type: AWS::SNS::Topic\n", """
                  SecondTable:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      TableName: !Sub '${TableName}-second'
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions:
                        - AttributeName: id
                          AttributeType: S
                      KeySchema:
                        - AttributeName: id
                          KeyType: HASH
                """);
        cfn.createStack(r -> r.stackName("drift-deleted").templateBody(twoTables)
                .parameters(Parameter.builder().parameterKey("TableName").parameterValue("drift-deleted-keys").build()));
        assertThat(waits.settled("drift-deleted").stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        ddb.deleteTable(r -> r.tableName("drift-deleted-keys-second"));

        assertThat(detect("drift-deleted").driftedStackResourceCount()).isEqualTo(1);

        assertThat(cfn.describeStackResourceDrifts(r -> r.stackName("drift-deleted")
                .stackResourceDriftStatusFilters(StackResourceDriftStatus.DELETED)).stackResourceDrifts()).singleElement()
                .satisfies(drift -> {
                    assertThat(drift.logicalResourceId()).isEqualTo("SecondTable");
                    assertThat(drift.expectedProperties()).isNull();
                    assertThat(drift.actualProperties()).isNull();
                    assertThat(drift.propertyDifferences()).isEmpty();
                });
        assertThat(cfn.describeStackResourceDrifts(r -> r.stackName("drift-deleted")
                .stackResourceDriftStatusFilters(StackResourceDriftStatus.IN_SYNC, StackResourceDriftStatus.MODIFIED))
                .stackResourceDrifts()).extracting(StackResourceDrift::logicalResourceId).containsExactly("KeysTable");

        DescribeStackResourceDriftsResponse first = cfn.describeStackResourceDrifts(r -> r.stackName("drift-deleted").maxResults(1));
        DescribeStackResourceDriftsResponse second = cfn.describeStackResourceDrifts(r -> r.stackName("drift-deleted")
                .maxResults(1).nextToken(first.nextToken()));
        assertThat(first.stackResourceDrifts()).extracting(StackResourceDrift::logicalResourceId).containsExactly("KeysTable");
        assertThat(second.stackResourceDrifts()).extracting(StackResourceDrift::logicalResourceId).containsExactly("SecondTable");
        assertThat(second.nextToken()).isNull();
        assertThat(cfn.describeStackResourceDriftsPaginator(r -> r.stackName("drift-deleted").maxResults(1))
                .stream().flatMap(page -> page.stackResourceDrifts().stream()))
                .extracting(StackResourceDrift::logicalResourceId).containsExactly("KeysTable", "SecondTable");
    }

    @Test
    void logicalResourceIdsLimitWhatADetectionChecks() {
        createStack("drift-some", "drift-some-keys");
        ddb.updateTable(r -> r.tableName("drift-some-keys").deletionProtectionEnabled(false));

        String id = cfn.detectStackDrift(r -> r.stackName("drift-some").logicalResourceIds("Notices")).stackDriftDetectionId();

        assertThat(awaitDetection(id).stackDriftStatus()).isEqualTo(StackDriftStatus.IN_SYNC);
        assertThat(cfn.describeStackResourceDrifts(r -> r.stackName("drift-some")).stackResourceDrifts()).isEmpty();
        assertThatThrownBy(() -> cfn.detectStackDrift(r -> r.stackName("drift-some").logicalResourceIds("Nothing")))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Resources [Nothing] do not exist in stack [drift-some]"));
    }

    @Test
    void detectionNeedsAStableStackThatExistsAndAKnownId() {
        assertThatThrownBy(() -> cfn.detectStackDrift(r -> r.stackName("drift-nowhere")))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Stack with id drift-nowhere does not exist");
                });
        assertThatThrownBy(() -> cfn.describeStackResourceDrifts(r -> r.stackName("drift-nowhere")))
                .hasMessageContaining("Stack with id drift-nowhere does not exist");
        assertThatThrownBy(() -> cfn.describeStackDriftDetectionStatus(r -> r.stackDriftDetectionId("00000000-0000-0000-0000-000000000000")))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("ValidationError"));

        cfn.createStack(r -> r.stackName("drift-busy").templateBody("Resources:\n" + TestTemplates.topicChain(null, 20)));
        assertThatThrownBy(() -> cfn.detectStackDrift(r -> r.stackName("drift-busy")))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("Drift detection cannot be run on stack [drift-busy] in status CREATE_IN_PROGRESS"));
        waits.settled("drift-busy");
    }

    private void createStack(String stackName, String tableName) {
        cfn.createStack(r -> r.stackName(stackName).templateBody(TEMPLATE)
                .parameters(Parameter.builder().parameterKey("TableName").parameterValue(tableName).build()));
        assertThat(waits.settled(stackName).stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
    }

    /** Starts a detection of the whole stack and waits for its end, polling as a client does. */
    private DescribeStackDriftDetectionStatusResponse detect(String stackName) {
        return awaitDetection(cfn.detectStackDrift(r -> r.stackName(stackName)).stackDriftDetectionId());
    }

    private DescribeStackDriftDetectionStatusResponse awaitDetection(String id) {
        AtomicReference<DescribeStackDriftDetectionStatusResponse> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            last.set(cfn.describeStackDriftDetectionStatus(r -> r.stackDriftDetectionId(id)));
            return last.get().detectionStatus() != StackDriftDetectionStatus.DETECTION_IN_PROGRESS;
        });
        return last.get();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
