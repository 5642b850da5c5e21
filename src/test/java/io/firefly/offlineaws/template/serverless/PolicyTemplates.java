package io.firefly.offlineaws.template.serverless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SAM policy templates for DynamoDB tables, with the actions SAM's policy_templates.json lists. Each
 * grants them on the table and its indexes: {@code DynamoDBCrudPolicy: {TableName: !Ref Orders}}.
 */
final class PolicyTemplates {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, List<String>> TABLE_ACTIONS = Map.of(
            "DynamoDBCrudPolicy", List.of("dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem",
                    "dynamodb:Scan", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem",
                    "dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"),
            "DynamoDBReadPolicy", List.of("dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query",
                    "dynamodb:BatchGetItem", "dynamodb:DescribeTable"),
            "DynamoDBWritePolicy", List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"));

    private PolicyTemplates() {
    }

    static boolean isTemplateName(String name) {
        return TABLE_ACTIONS.containsKey(name);
    }

    /**
     * The policy document of a template entry such as {@code {"DynamoDBReadPolicy": {"TableName": ...}}}; empty
     * when the entry names no known template.
     */
    static Optional<ObjectNode> document(String functionId, int index, JsonNode entry) {
        if (!entry.isObject() || entry.size() != 1) {
            return Optional.empty();
        }
        String name = entry.fieldNames().next();
        List<String> actions = TABLE_ACTIONS.get(name);
        if (actions == null) {
            return Optional.empty();
        }
        JsonNode tableName = entry.get(name).get("TableName");
        if (tableName == null) {
            throw ServerlessTransform.invalid(functionId, "Policy at index " + index + " in the 'Policies' property: "
                    + name + " needs the parameter TableName, e.g. {" + name + ": {TableName: !Ref MyTable}}");
        }
        ObjectNode statement = NODES.objectNode();
        ArrayNode action = statement.putArray("Action");
        actions.forEach(action::add);
        statement.put("Effect", "Allow");
        ArrayNode resource = statement.putArray("Resource");
        resource.add(tableArn("", tableName));
        resource.add(tableArn("/index/*", tableName));
        ObjectNode document = NODES.objectNode();
        document.putArray("Statement").add(statement);
        return Optional.of(document);
    }

    private static ObjectNode tableArn(String suffix, JsonNode tableName) {
        ObjectNode sub = NODES.objectNode();
        ArrayNode arguments = sub.putArray("Fn::Sub");
        arguments.add("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}" + suffix);
        arguments.addObject().set("tableName", tableName.deepCopy());
        return sub;
    }
}
