package io.firefly.offlineaws.template.serverless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * {@code AWS::Serverless::SimpleTable} to an {@code AWS::DynamoDB::Table} keyed by {@code PrimaryKey}
 * (default {@code id} of type String), billed per request unless ProvisionedThroughput is given.
 */
final class SimpleTableExpansion {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, String> ATTRIBUTE_TYPES = Map.of("String", "S", "Number", "N", "Binary", "B");
    private static final List<String> SAME_NAME = List.of("TableName", "ProvisionedThroughput", "SSESpecification");

    private SimpleTableExpansion() {
    }

    static JsonNode expand(String id, JsonNode simpleTable) {
        JsonNode properties = simpleTable.path("Properties");
        properties.fieldNames().forEachRemaining(name -> {
            if (!SAME_NAME.contains(name) && !name.equals("PrimaryKey") && !name.equals("Tags")) {
                throw ServerlessTransform.invalid(id, "property " + name + " is not defined for resource of type "
                        + "AWS::Serverless::SimpleTable");
            }
        });
        JsonNode key = properties.path("PrimaryKey");
        String keyName = key.path("Name").asText("id");
        String keyType = key.path("Type").asText("String");
        String attributeType = ATTRIBUTE_TYPES.get(keyType);
        if (attributeType == null) {
            throw ServerlessTransform.invalid(id, "PrimaryKey Type " + keyType + " is not one of String, Number, Binary");
        }
        ObjectNode table = NODES.objectNode();
        table.putArray("AttributeDefinitions").addObject().put("AttributeName", keyName).put("AttributeType", attributeType);
        table.putArray("KeySchema").addObject().put("AttributeName", keyName).put("KeyType", "HASH");
        for (String name : SAME_NAME) {
            if (properties.has(name)) {
                table.set(name, properties.get(name).deepCopy());
            }
        }
        if (!properties.has("ProvisionedThroughput")) {
            table.put("BillingMode", "PAY_PER_REQUEST");
        }
        if (properties.path("Tags").isObject()) {
            ArrayNode tags = table.putArray("Tags");
            properties.get("Tags").fields().forEachRemaining(tag ->
                    tags.addObject().put("Key", tag.getKey()).set("Value", tag.getValue().deepCopy()));
        }
        ObjectNode resource = NODES.objectNode();
        resource.put("Type", "AWS::DynamoDB::Table");
        resource.set("Properties", table);
        for (String attribute : List.of("Condition", "DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "Metadata")) {
            if (simpleTable.has(attribute)) {
                resource.set(attribute, simpleTable.get(attribute).deepCopy());
            }
        }
        return resource;
    }
}
