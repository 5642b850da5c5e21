package io.firefly.offlineaws;

import io.firefly.offlineaws.control.AwsCall;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared endpoint as the AWS SDK for Java sees it: Query XML errors, DynamoDB forwarding, throttling. */
class OfflineAwsWireTest extends OfflineAwsClientTest {


    @BeforeEach
    void clearCallLog() {
        aws.calls().clear();
    }

    @Test
    void listensOnLoopbackWithDefaults() {
        assertThat(aws.endpoint().toString()).startsWith("http://127.0.0.1:");
        assertThat(aws.region()).isEqualTo("us-east-1");
        assertThat(aws.accountId()).isEqualTo("123456789012");
    }

    @Test
    void describeStacksOfAMissingStackIsAValidationError() {
        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("no-such-stack")))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Stack with id no-such-stack does not exist");
                });
        assertThat(aws.calls().of("DescribeStacks")).singleElement().satisfies(call -> {
            assertThat(call.service()).isEqualTo("cloudformation");
            assertThat(call.stackName()).isEqualTo("no-such-stack");
            assertThat(call.errorCode()).isEqualTo("ValidationError");
        });
    }

    @Test
    void dynamoDbTablesAreRealTables() {
        ddb.createTable(r -> r.tableName("wire-users")
                .attributeDefinitions(a -> a.attributeName("email").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("email").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        ddb.putItem(r -> r.tableName("wire-users").item(Map.of("email", AttributeValue.fromS("a@example.com"),
                "name", AttributeValue.fromS("Ada"))));

        var item = ddb.getItem(r -> r.tableName("wire-users").key(Map.of("email", AttributeValue.fromS("a@example.com")))).item();

        assertThat(item.get("name").s()).isEqualTo("Ada");
        assertThat(ddb.describeTable(r -> r.tableName("wire-users")).table().tableArn())
                .isEqualTo("arn:aws:dynamodb:us-east-1:123456789012:table/wire-users");
        assertThat(aws.calls().all()).extracting(AwsCall::service, AwsCall::action)
                .contains(org.assertj.core.groups.Tuple.tuple("dynamodb", "PutItem"));
    }

    @Test
    void pointInTimeRecoveryAndTagsAreKeptForTables() {
        ddb.createTable(r -> r.tableName("wire-pitr")
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        String arn = ddb.describeTable(r -> r.tableName("wire-pitr")).table().tableArn();
        assertThat(ddb.describeContinuousBackups(r -> r.tableName("wire-pitr")).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.DISABLED);

        ddb.updateContinuousBackups(r -> r.tableName("wire-pitr").pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        ddb.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("project").value("firefly").build(),
                Tag.builder().key("team").value("platform").build()));
        ddb.untagResource(r -> r.resourceArn(arn).tagKeys("team"));

        assertThat(ddb.describeContinuousBackups(r -> r.tableName("wire-pitr")).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        for (int outOfRange : new int[] {0, 36}) {
            assertThatThrownBy(() -> ddb.updateContinuousBackups(r -> r.tableName("wire-pitr").pointInTimeRecoverySpecification(
                    p -> p.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(outOfRange))))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("RecoveryPeriodInDays must be between 1 and 35");
                    });
        }
        ddb.updateContinuousBackups(r -> r.tableName("wire-pitr").pointInTimeRecoverySpecification(
                p -> p.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(7)));
        assertThat(ddb.describeContinuousBackups(r -> r.tableName("wire-pitr")).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().recoveryPeriodInDays()).isEqualTo(7);
        assertThat(ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags())
                .containsExactly(Tag.builder().key("project").value("firefly").build());

        ddb.deleteTable(r -> r.tableName("wire-pitr"));
        assertThatThrownBy(() -> ddb.describeContinuousBackups(r -> r.tableName("wire-pitr")))
                .isInstanceOfSatisfying(DynamoDbException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TableNotFoundException"));
    }

    @Test
    void throttlingAnswersLikeEachService() {
        aws.faults().throttle(1.0, Set.of("DescribeStacks", "ListTables"));

        assertThatThrownBy(() -> cfn.describeStacks(r -> r.stackName("any")))
                .isInstanceOfSatisfying(CloudFormationException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                    assertThat(e.isThrottlingException()).isTrue();
                });
        assertThatThrownBy(() -> ddb.listTables())
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(e.isThrottlingException()).isTrue();
                });
        assertThat(aws.calls().count("DescribeStacks")).isEqualTo(1);
        assertThat(aws.calls().of("ListTables")).singleElement()
                .extracting(AwsCall::errorCode).isEqualTo("ThrottlingException");
    }
}
