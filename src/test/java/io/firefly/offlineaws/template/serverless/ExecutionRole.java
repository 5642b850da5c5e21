package io.firefly.offlineaws.template.serverless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The execution role SAM generates for a function. Each entry of {@code Policies} becomes, as in SAM:
 * a policy document ({@code {Statement: [...]}}) or a policy template: an inline policy
 * {@code <Id>RolePolicy<index>}; a managed policy name, ARN or other intrinsic: an entry of ManagedPolicyArns.
 */
final class ExecutionRole {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String AWS_POLICY = "arn:aws:iam::aws:policy/";
    /** AWS managed policies that live under the service-role/ path; every other name is at the top level. */
    private static final Set<String> SERVICE_ROLE_POLICIES = Set.of("AWSLambdaBasicExecutionRole",
            "AWSLambdaDynamoDBExecutionRole", "AWSLambdaENIManagementAccess", "AWSLambdaKinesisExecutionRole",
            "AWSLambdaMSKExecutionRole", "AWSLambdaReplicator", "AWSLambdaRole", "AWSLambdaSQSQueueExecutionRole",
            "AWSLambdaVPCAccessExecutionRole");

    private ExecutionRole() {
    }

    static ObjectNode properties(String functionId, JsonNode function, ArrayNode tags) {
        ObjectNode role = NODES.objectNode();
        role.set("AssumeRolePolicyDocument", function.has("AssumeRolePolicyDocument")
                ? function.get("AssumeRolePolicyDocument").deepCopy()
                : lambdaTrustPolicy());
        List<JsonNode> managed = new ArrayList<>();
        managed.add(NODES.textNode(managedPolicyArn("AWSLambdaBasicExecutionRole")));
        String tracing = function.path("Tracing").asText("");
        if (function.has("Tracing") && !tracing.equals("Disabled")) {
            managed.add(NODES.textNode(managedPolicyArn("AWSXrayWriteOnlyAccess")));
        }
        if (function.has("VpcConfig")) {
            managed.add(NODES.textNode(managedPolicyArn("AWSLambdaVPCAccessExecutionRole")));
        }
        ArrayNode inline = NODES.arrayNode();
        List<JsonNode> entries = policyEntries(function.get("Policies"));
        for (int index = 0; index < entries.size(); index++) {
            JsonNode entry = entries.get(index);
            Optional<ObjectNode> document = inlineDocument(functionId, index, entry);
            if (document.isPresent()) {
                ObjectNode policy = inline.addObject();
                policy.put("PolicyName", functionId + "RolePolicy" + index);
                policy.set("PolicyDocument", document.get());
            } else {
                JsonNode arn = entry.isTextual() ? NODES.textNode(managedPolicyArn(entry.asText())) : entry.deepCopy();
                if (!managed.contains(arn)) {
                    managed.add(arn);
                }
            }
        }
        role.putArray("ManagedPolicyArns").addAll(managed);
        if (!inline.isEmpty()) {
            role.set("Policies", inline);
        }
        for (String[] copied : new String[][] {{"RolePath", "Path"}, {"PermissionsBoundary", "PermissionsBoundary"}}) {
            if (function.has(copied[0])) {
                role.set(copied[1], function.get(copied[0]).deepCopy());
            }
        }
        role.set("Tags", tags.deepCopy());
        return role;
    }

    private static Optional<ObjectNode> inlineDocument(String functionId, int index, JsonNode entry) {
        if (entry.isTextual() || isIntrinsic(entry)) {
            return Optional.empty();
        }
        if (entry.isObject() && entry.has("Statement")) {
            return Optional.of(entry.deepCopy());
        }
        return Optional.of(PolicyTemplates.document(functionId, index, entry).orElseThrow(() ->
                ServerlessTransform.invalid(functionId, "Policy at index " + index + " in the 'Policies' property is "
                        + "not valid: use a managed policy name or ARN, a policy document {Statement: [...]}, or one of "
                        + "the policy templates DynamoDBCrudPolicy, DynamoDBReadPolicy, DynamoDBWritePolicy")));
    }

    private static List<JsonNode> policyEntries(JsonNode policies) {
        List<JsonNode> entries = new ArrayList<>();
        if (policies == null || policies.isNull()) {
            return entries;
        }
        if (policies.isArray()) {
            policies.forEach(entries::add);
        } else {
            entries.add(policies);
        }
        return entries;
    }

    private static boolean isIntrinsic(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return false;
        }
        String key = node.fieldNames().next();
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    private static String managedPolicyArn(String nameOrArn) {
        if (nameOrArn.startsWith("arn:")) {
            return nameOrArn;
        }
        return AWS_POLICY + (SERVICE_ROLE_POLICIES.contains(nameOrArn) ? "service-role/" : "") + nameOrArn;
    }

    private static ObjectNode lambdaTrustPolicy() {
        ObjectNode document = NODES.objectNode();
        document.put("Version", "2012-10-17");
        ObjectNode statement = document.putArray("Statement").addObject();
        statement.putArray("Action").add("sts:AssumeRole");
        statement.put("Effect", "Allow");
        statement.putObject("Principal").putArray("Service").add("lambda.amazonaws.com");
        return document;
    }
}
