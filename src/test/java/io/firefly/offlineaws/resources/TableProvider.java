package io.firefly.offlineaws.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.firefly.offlineaws.control.Faults;

import io.firefly.offlineaws.resources.TableDeletions.TableDeletion;
import io.firefly.offlineaws.dynamodb.TableSettings;
import io.firefly.offlineaws.dynamodb.TableStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code AWS::DynamoDB::Table} as a real table in DynamoDB Local. In-place updates where AWS updates in
 * place (billing, throughput, global secondary indexes, streams, TTL, deletion protection, PITR, tags);
 * replacement where AWS replaces (TableName, KeySchema, LocalSecondaryIndexes). Point-in-time recovery
 * and tags live in the {@link TableStore}, as DynamoDB Local does not keep them.
 */
public final class TableProvider implements ResourceProvider {

    public static final String TYPE = "AWS::DynamoDB::Table";
    private static final int MAX_NAME_LENGTH = 255;
    private static final Set<String> REPLACING_PROPERTIES = Set.of("TableName", "KeySchema", "LocalSecondaryIndexes");

    private final TableStore tables;
    private final DynamoDbClient dynamoDb;
    private final Faults faults;
    private final LiveProperties liveProperties;
    private final TableDeletions deletions;

    public TableProvider(TableStore tables, Faults faults) {
        this(tables, faults, new TableDeletions());
    }

    /** @param deletions where each table this provider deletes is recorded, with the items it held */
    public TableProvider(TableStore tables, Faults faults, TableDeletions deletions) {
        this.tables = tables;
        this.dynamoDb = tables.client();
        this.faults = faults;
        this.liveProperties = new TableLiveProperties(tables);
        this.deletions = deletions;
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        JsonNode p = request.properties();
        String name = customName(TYPE, p).orElseGet(() ->
                PhysicalNames.generate(request.stackName(), request.logicalId(), MAX_NAME_LENGTH));
        CreateTableRequest.Builder create = CreateTableRequest.builder()
                .tableName(name)
                .attributeDefinitions(attributeDefinitions(p.path("AttributeDefinitions")))
                .keySchema(keySchema(p.path("KeySchema")))
                .billingMode(billingMode(p))
                .deletionProtectionEnabled(p.path("DeletionProtectionEnabled").asBoolean(false));
        throughput(p).ifPresent(create::provisionedThroughput);
        if (p.has("GlobalSecondaryIndexes")) {
            List<GlobalSecondaryIndex> indexes = new ArrayList<>();
            p.path("GlobalSecondaryIndexes").forEach(i -> indexes.add(globalIndex(i)));
            create.globalSecondaryIndexes(indexes);
        }
        if (p.has("LocalSecondaryIndexes")) {
            List<LocalSecondaryIndex> indexes = new ArrayList<>();
            p.path("LocalSecondaryIndexes").forEach(i -> indexes.add(LocalSecondaryIndex.builder()
                    .indexName(i.path("IndexName").asText())
                    .keySchema(keySchema(i.path("KeySchema")))
                    .projection(projection(i.path("Projection")))
                    .build()));
            create.localSecondaryIndexes(indexes);
        }
        stream(p).ifPresent(create::streamSpecification);
        try {
            dynamoDb.createTable(create.build());
        } catch (ResourceInUseException e) {
            throw ResourceFailure.alreadyExists(TYPE, name);
        } catch (DynamoDbException e) {
            throw failure(e);
        }
        applyTimeToLive(name, MissingNode.getInstance(), p.path("TimeToLiveSpecification"));
        applyPitr(name, p.path("PointInTimeRecoverySpecification"));
        tables.tag(name, tags(p.path("Tags")));
        return provisioned(name);
    }

    @Override
    public Provisioned update(ResourceRequest request, Provisioned current, JsonNode before) {
        JsonNode after = request.properties();
        String name = current.physicalId();
        try {
            if (!billingMode(before).equals(billingMode(after)) || !throughput(before).equals(throughput(after))) {
                UpdateTableRequest.Builder billing = UpdateTableRequest.builder().tableName(name).billingMode(billingMode(after));
                throughput(after).ifPresent(billing::provisionedThroughput);
                dynamoDb.updateTable(billing.build());
            }
            if (before.path("DeletionProtectionEnabled").asBoolean(false) != after.path("DeletionProtectionEnabled").asBoolean(false)) {
                dynamoDb.updateTable(u -> u.tableName(name)
                        .deletionProtectionEnabled(after.path("DeletionProtectionEnabled").asBoolean(false)));
            }
            updateStream(name, stream(before), stream(after));
            updateGlobalIndexes(name, after, before.path("GlobalSecondaryIndexes"), after.path("GlobalSecondaryIndexes"));
        } catch (DynamoDbException e) {
            throw failure(e);
        }
        applyTimeToLive(name, before.path("TimeToLiveSpecification"), after.path("TimeToLiveSpecification"));
        // like every setting here, PITR changes only when the template changes it: a switch made through the API stays
        if (!before.path("PointInTimeRecoverySpecification").equals(after.path("PointInTimeRecoverySpecification"))) {
            applyPitr(name, after.path("PointInTimeRecoverySpecification"));
        }
        Map<String, String> oldTags = tags(before.path("Tags"));
        Map<String, String> newTags = tags(after.path("Tags"));
        tables.untag(name, oldTags.keySet().stream().filter(k -> !newTags.containsKey(k)).toList());
        tables.tag(name, newTags);
        return provisioned(name);
    }

    @Override
    public void delete(String type, String physicalId, DeleteCause cause) {
        TableSettings settings = tables.settings(physicalId);
        if (faults.pitrBlocksDelete() && settings.pitrEnabled()) {
            throw ResourceFailure.handler("Table " + physicalId + " cannot be deleted while point-in-time recovery is "
                    + "enabled. Disable point-in-time recovery on the table first. " + serviceSuffix());
        }
        if (cause == DeleteCause.ROLLBACK && faults.rollbackKeepsNonEmptyTables() && holdsItems(physicalId)) {
            throw ResourceFailure.handler("Table " + physicalId + " cannot be deleted during rollback: the table is not "
                    + "empty. Empty or delete the table, then retry. " + serviceSuffix());
        }
        try {
            long items = itemCount(physicalId);
            dynamoDb.deleteTable(d -> d.tableName(physicalId));
            deletions.record(new TableDeletion(Instant.now(), physicalId, items, cause, tables.accountId()));
        } catch (ResourceNotFoundException gone) {
            // deleting what no longer exists succeeds, as CloudFormation's handlers treat it
        } catch (DynamoDbException e) {
            throw failure(e);
        }
        tables.forget(physicalId);
    }

    @Override
    public boolean requiresReplacement(String type, JsonNode before, JsonNode after) {
        if (REPLACING_PROPERTIES.stream().anyMatch(p -> !before.path(p).equals(after.path(p)))) {
            return true;
        }
        // a key attribute changing its type is a new key schema
        return !keyAttributeTypes(before).equals(keyAttributeTypes(after));
    }

    @Override
    public boolean replacesOnChange(String type, String property) {
        return REPLACING_PROPERTIES.contains(property);
    }

    @Override
    public Optional<String> customName(String type, JsonNode properties) {
        return properties.hasNonNull("TableName") ? Optional.of(properties.get("TableName").asText()) : Optional.empty();
    }

    @Override
    public Provisioned importExisting(String type, Map<String, String> identifier) {
        String name = identifier.getOrDefault("TableName", "");
        if (!tables.exists(name)) {
            throw ResourceFailure.notFound(TYPE, name);
        }
        return provisioned(name);
    }

    @Override
    public String identifierProperty(String type) {
        return "TableName";
    }

    /** The table as it is now, for drift detection. */
    LiveProperties liveProperties() {
        return liveProperties;
    }

    private Provisioned provisioned(String name) {
        TableDescription table = dynamoDb.describeTable(d -> d.tableName(name)).table();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("Arn", tables.arn(name));
        if (table.latestStreamArn() != null) {
            attributes.put("StreamArn", tables.arn(name) + table.latestStreamArn().substring(table.latestStreamArn().indexOf("/stream/")));
        }
        return new Provisioned(name, attributes);
    }

    /** Throws ResourceNotFoundException for a table that is not there. */
    private long itemCount(String name) {
        return dynamoDb.scanPaginator(s -> s.tableName(name).select(Select.COUNT)).stream().mapToLong(r -> r.count()).sum();
    }

    private boolean holdsItems(String name) {
        try {
            return dynamoDb.scan(s -> s.tableName(name).limit(1)).count() > 0;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /** DynamoDB's own message with the service details, as CloudFormation's table handler reports it. */
    static ResourceFailure failure(DynamoDbException e) {
        String message = e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : e.getMessage();
        return ResourceFailure.handler(message + " (Service: DynamoDb, Status Code: " + e.statusCode()
                + ", Request ID: " + e.requestId() + ")");
    }

    private static String serviceSuffix() {
        return "(Service: DynamoDb, Status Code: 400, Request ID: " + UUID.randomUUID() + ")";
    }

    private void applyTimeToLive(String name, JsonNode before, JsonNode after) {
        boolean wasOn = before.path("Enabled").asBoolean(false);
        boolean on = after.path("Enabled").asBoolean(false);
        String attribute = after.path("AttributeName").asText(before.path("AttributeName").asText(""));
        if (wasOn == on && before.path("AttributeName").equals(after.path("AttributeName"))) {
            return;
        }
        try {
            if (wasOn) {
                dynamoDb.updateTimeToLive(u -> u.tableName(name).timeToLiveSpecification(t -> t
                        .attributeName(before.path("AttributeName").asText()).enabled(false)));
            }
            if (on) {
                dynamoDb.updateTimeToLive(u -> u.tableName(name).timeToLiveSpecification(t -> t
                        .attributeName(attribute).enabled(true)));
            }
        } catch (DynamoDbException e) {
            throw failure(e);
        }
    }

    private void applyPitr(String name, JsonNode spec) {
        int days = spec.path("RecoveryPeriodInDays").asInt(TableSettings.DEFAULT_RECOVERY_PERIOD_DAYS);
        if (days < 1 || days > 35) {
            throw ResourceFailure.handler("RecoveryPeriodInDays must be between 1 and 35, got " + days + " " + serviceSuffix());
        }
        tables.setPitr(name, spec.path("PointInTimeRecoveryEnabled").asBoolean(false), days);
    }

    private void updateStream(String name, Optional<StreamSpecification> before, Optional<StreamSpecification> after) {
        if (before.equals(after)) {
            return;
        }
        if (before.isPresent()) {
            dynamoDb.updateTable(u -> u.tableName(name).streamSpecification(s -> s.streamEnabled(false)));
        }
        after.ifPresent(stream -> dynamoDb.updateTable(u -> u.tableName(name).streamSpecification(stream)));
    }

    /** DynamoDB takes one index creation or deletion per UpdateTable call. */
    private void updateGlobalIndexes(String name, JsonNode table, JsonNode before, JsonNode after) {
        Map<String, JsonNode> old = indexesByName(before);
        Map<String, JsonNode> wanted = indexesByName(after);
        for (String gone : old.keySet()) {
            if (!wanted.containsKey(gone)) {
                dynamoDb.updateTable(u -> u.tableName(name).globalSecondaryIndexUpdates(
                        GlobalSecondaryIndexUpdate.builder().delete(d -> d.indexName(gone)).build()));
            }
        }
        for (Map.Entry<String, JsonNode> index : wanted.entrySet()) {
            JsonNode previous = old.get(index.getKey());
            if (previous == null) {
                GlobalSecondaryIndex gsi = globalIndex(index.getValue());
                dynamoDb.updateTable(u -> u.tableName(name)
                        .attributeDefinitions(attributeDefinitions(table.path("AttributeDefinitions")))
                        .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(c -> c
                                .indexName(gsi.indexName()).keySchema(gsi.keySchema()).projection(gsi.projection())
                                .provisionedThroughput(gsi.provisionedThroughput())).build()));
            } else if (!previous.path("ProvisionedThroughput").equals(index.getValue().path("ProvisionedThroughput"))
                    && index.getValue().has("ProvisionedThroughput")) {
                dynamoDb.updateTable(u -> u.tableName(name).globalSecondaryIndexUpdates(
                        GlobalSecondaryIndexUpdate.builder().update(c -> c.indexName(index.getKey())
                                .provisionedThroughput(capacity(index.getValue().path("ProvisionedThroughput")))).build()));
            }
        }
    }

    private static Map<String, JsonNode> indexesByName(JsonNode indexes) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        indexes.forEach(i -> byName.put(i.path("IndexName").asText(), i));
        return byName;
    }

    private static Map<String, String> keyAttributeTypes(JsonNode p) {
        Map<String, String> types = new LinkedHashMap<>();
        p.path("KeySchema").forEach(k -> {
            String attribute = k.path("AttributeName").asText();
            p.path("AttributeDefinitions").forEach(d -> {
                if (d.path("AttributeName").asText().equals(attribute)) {
                    types.put(attribute, d.path("AttributeType").asText());
                }
            });
        });
        return types;
    }

    private static BillingMode billingMode(JsonNode p) {
        return BillingMode.fromValue(p.path("BillingMode").asText("PROVISIONED"));
    }

    private static Optional<ProvisionedThroughput> throughput(JsonNode p) {
        return p.has("ProvisionedThroughput") ? Optional.of(capacity(p.path("ProvisionedThroughput"))) : Optional.empty();
    }

    private static ProvisionedThroughput capacity(JsonNode t) {
        return ProvisionedThroughput.builder()
                .readCapacityUnits(t.path("ReadCapacityUnits").asLong())
                .writeCapacityUnits(t.path("WriteCapacityUnits").asLong())
                .build();
    }

    private static Optional<StreamSpecification> stream(JsonNode p) {
        JsonNode s = p.path("StreamSpecification");
        if (!s.has("StreamViewType")) {
            return Optional.empty();
        }
        return Optional.of(StreamSpecification.builder().streamEnabled(true).streamViewType(s.path("StreamViewType").asText()).build());
    }

    private static List<AttributeDefinition> attributeDefinitions(JsonNode list) {
        List<AttributeDefinition> definitions = new ArrayList<>();
        list.forEach(d -> definitions.add(AttributeDefinition.builder()
                .attributeName(d.path("AttributeName").asText())
                .attributeType(d.path("AttributeType").asText())
                .build()));
        return definitions;
    }

    private static List<KeySchemaElement> keySchema(JsonNode list) {
        List<KeySchemaElement> keys = new ArrayList<>();
        list.forEach(k -> keys.add(KeySchemaElement.builder()
                .attributeName(k.path("AttributeName").asText())
                .keyType(k.path("KeyType").asText())
                .build()));
        return keys;
    }

    private static Projection projection(JsonNode p) {
        Projection.Builder projection = Projection.builder().projectionType(p.path("ProjectionType").asText("ALL"));
        if (p.has("NonKeyAttributes")) {
            List<String> attributes = new ArrayList<>();
            p.path("NonKeyAttributes").forEach(a -> attributes.add(a.asText()));
            projection.nonKeyAttributes(attributes);
        }
        return projection.build();
    }

    private static GlobalSecondaryIndex globalIndex(JsonNode i) {
        GlobalSecondaryIndex.Builder index = GlobalSecondaryIndex.builder()
                .indexName(i.path("IndexName").asText())
                .keySchema(keySchema(i.path("KeySchema")))
                .projection(projection(i.path("Projection")));
        if (i.has("ProvisionedThroughput")) {
            index.provisionedThroughput(capacity(i.path("ProvisionedThroughput")));
        }
        return index.build();
    }

    private static Map<String, String> tags(JsonNode list) {
        Map<String, String> tags = new LinkedHashMap<>();
        list.forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        return tags;
    }
}
