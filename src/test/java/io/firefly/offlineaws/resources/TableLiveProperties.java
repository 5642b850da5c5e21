package io.firefly.offlineaws.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firefly.offlineaws.dynamodb.TableSettings;
import io.firefly.offlineaws.dynamodb.TableStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.util.Optional;

/**
 * An {@code AWS::DynamoDB::Table} as it is now, read the way a person changes it behind the stack's back:
 * DescribeTable (billing mode, deletion protection, stream), DescribeTimeToLive and the point-in-time
 * recovery setting. Only properties the template declares are read, as CloudFormation checks only those;
 * the others (key schema, attributes, indexes, throughput, tags) are left as the template has them.
 */
final class TableLiveProperties implements LiveProperties {

    private final TableStore tables;
    private final DynamoDbClient dynamoDb;

    TableLiveProperties(TableStore tables) {
        this.tables = tables;
        this.dynamoDb = tables.client();
    }

    @Override
    public Optional<JsonNode> actual(String tableName, JsonNode expected) {
        try {
            TableDescription table = dynamoDb.describeTable(d -> d.tableName(tableName)).table();
            ObjectNode actual = expected.deepCopy();
            if (expected.has("BillingMode")) {
                actual.put("BillingMode", table.billingModeSummary() == null
                        ? "PROVISIONED" : table.billingModeSummary().billingModeAsString());
            }
            if (expected.has("DeletionProtectionEnabled")) {
                actual.put("DeletionProtectionEnabled", Boolean.TRUE.equals(table.deletionProtectionEnabled()));
            }
            if (expected.has("StreamSpecification")) {
                stream(table, actual);
            }
            if (expected.has("TimeToLiveSpecification")) {
                timeToLive(tableName, actual.withObjectProperty("TimeToLiveSpecification"));
            }
            if (expected.has("PointInTimeRecoverySpecification")) {
                pointInTimeRecovery(tableName, actual.withObjectProperty("PointInTimeRecoverySpecification"));
            }
            return Optional.of(actual);
        } catch (ResourceNotFoundException gone) {
            return Optional.empty();
        } catch (DynamoDbException e) {
            throw TableProvider.failure(e);
        }
    }

    private static void stream(TableDescription table, ObjectNode actual) {
        if (table.streamSpecification() == null || !Boolean.TRUE.equals(table.streamSpecification().streamEnabled())) {
            actual.remove("StreamSpecification");
        } else {
            actual.withObjectProperty("StreamSpecification").put("StreamViewType", table.streamSpecification().streamViewTypeAsString());
        }
    }

    /** A disabled TTL has no attribute name in DynamoDB; the template's stays, so that only Enabled differs. */
    private void timeToLive(String tableName, ObjectNode spec) {
        TimeToLiveDescription ttl = dynamoDb.describeTimeToLive(d -> d.tableName(tableName)).timeToLiveDescription();
        boolean enabled = ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING;
        spec.put("Enabled", enabled);
        if (enabled) {
            spec.put("AttributeName", ttl.attributeName());
        }
    }

    /** The recovery period is only known while recovery is on; otherwise the template's stays. */
    private void pointInTimeRecovery(String tableName, ObjectNode spec) {
        TableSettings settings = tables.settings(tableName);
        spec.put("PointInTimeRecoveryEnabled", settings.pitrEnabled());
        if (settings.pitrEnabled() && spec.has("RecoveryPeriodInDays")) {
            spec.put("RecoveryPeriodInDays", settings.recoveryPeriodInDays());
        }
    }
}
