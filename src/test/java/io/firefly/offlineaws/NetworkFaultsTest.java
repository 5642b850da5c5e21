package io.firefly.offlineaws;

import io.firefly.offlineaws.control.OfflineAwsOptions;
import io.firefly.offlineaws.control.AwsCall;
import io.firefly.offlineaws.resources.TableDeletions.TableDeletion;
import io.firefly.offlineaws.resources.DeleteCause;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server errors (500 and 503) and dropped connections as clients meet them, the caller of each call in the call log,
 * and the record of tables deleted with the items they held.
 */
class NetworkFaultsTest extends OfflineAwsClientTest {

    @Override
    protected OfflineAwsOptions options() {
        return OfflineAwsOptions.defaults().withResourceStepDelay(Duration.ofMillis(20)).withChangeSetDelay(Duration.ofMillis(20));
    }

    @Test
    void serverErrorsReachBothSdkClientsAsServiceFaultsAndChangeNothing() {
        aws.faults().network().serverErrors(1);

        assertThatThrownBy(() -> cfn.createStack(r -> r.stackName("not-made").templateBody(TestTemplates.read("registration-keys.yaml"))))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> {
                    assertThat(e.statusCode()).isIn(500, 503);
                    assertThat(e.awsErrorDetails().errorCode()).isIn("InternalFailure", "ServiceUnavailable");
                });
        assertThatThrownBy(() -> ddb.listTables()).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.statusCode()).isIn(500, 503);
            assertThat(e.awsErrorDetails().errorCode()).isIn("InternalServerError", "ServiceUnavailable");
        });

        aws.faults().clear();
        assertThat(cfn.describeStacks().stacks()).extracting(s -> s.stackName()).doesNotContain("not-made");
    }

    /** A dropped request did nothing; a lost reply did what was asked, and only the call log says so. */
    @Test
    void aDroppedConnectionLeavesTheClientUnsureWhetherTheCallHappened() {
        aws.faults().network().dropConnections(1);
        List<String> names = IntStream.range(0, 10).mapToObj(i -> "dropped-" + i).toList();
        for (String name : names) {
            assertThatThrownBy(() -> ddb.createTable(b -> b.tableName(name).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                    .keySchema(k -> k.attributeName("id").keyType("HASH"))))
                    .isInstanceOf(SdkClientException.class);
        }
        aws.faults().clear();

        List<String> made = ddb.listTables().tableNames().stream().filter(names::contains).toList();
        assertThat(made).as("tables made though the client got no reply: the calls the log holds")
                .hasSize((int) aws.calls().count("CreateTable"));
    }

    @Test
    void theCallLogNamesTheAccessKeyEachCallWasSignedWith() {
        cfn.describeStacks();

        assertThat(aws.calls().of("DescribeStacks")).last().extracting(AwsCall::accessKeyId).isEqualTo("test");
    }

    @Test
    void aTableDeletedWithItsStackIsRecordedWithTheItemsItHeld() {
        String stackId = cfn.createStack(r -> r.stackName("items").templateBody(TestTemplates.read("registration-keys.yaml")
                .replace("DeletionProtectionEnabled: true", "DeletionProtectionEnabled: false"))
                .parameters(StackLifecycleTest.param("TableName", "items-keys"))).stackId();
        assertThat(waits.settled("items").stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        IntStream.range(0, 2).forEach(i -> ddb.putItem(b -> b.tableName("items-keys")
                .item(Map.of("registrationKey", AttributeValue.fromS("key-" + i)))));

        cfn.deleteStack(r -> r.stackName("items"));

        waits.status(stackId, StackStatus.DELETE_COMPLETE);
        TableDeletion deletion = aws.tableDeletions().all().stream().filter(d -> d.tableName().equals("items-keys"))
                .findFirst().orElseThrow();
        assertThat(deletion.items()).isEqualTo(2);
        assertThat(deletion.cause()).isEqualTo(DeleteCause.STACK_DELETE);
    }
}
