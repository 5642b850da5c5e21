package io.firefly.offlineaws.template.serverless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code AWS::Serverless-2016-10-31} transform, for the resource types a stack of this project uses:
 * <ul>
 *   <li>{@code AWS::Serverless::Function} becomes an {@code AWS::Lambda::Function} with the same logical id and,
 *   unless {@code Role} is given, an {@code AWS::IAM::Role} {@code <Id>Role} (see {@link FunctionExpansion});</li>
 *   <li>{@code AWS::Serverless::SimpleTable} becomes an {@code AWS::DynamoDB::Table} (see {@link SimpleTableExpansion}).</li>
 * </ul>
 * {@code Globals.Function} and {@code Globals.SimpleTable} are merged in first (see {@link Globals}).
 *
 * <p>Not supported: function {@code Events} (Api, HttpApi, S3, SQS, Schedule... produce no event sources or
 * APIs; they are ignored because the offline cloud runs no functions), {@code AutoPublishAlias} and
 * {@code DeploymentPreference} (no versions or aliases are made), and the other serverless types (Api,
 * HttpApi, StateMachine, LayerVersion, Application), which are rejected with a message naming them.
 */
public final class ServerlessTransform {

    static final String FAILED = "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application "
            + "Specification document. Number of errors found: 1. ";

    private static final String SERVERLESS_PREFIX = "AWS::Serverless::";

    private ServerlessTransform() {
    }

    /**
     * Whether the transform answers for a resource of this type: it expands the serverless types it supports
     * and refuses the others by name, so CloudFormation's own check of resource types leaves them to it.
     */
    public static boolean handles(String type) {
        return type.startsWith(SERVERLESS_PREFIX);
    }

    /** The processed document: serverless resources replaced, without {@code Transform} and {@code Globals}. */
    public static ObjectNode expand(ObjectNode template) {
        ObjectNode processed = template.deepCopy();
        Globals globals = Globals.of(processed.remove("Globals"));
        processed.remove("Transform");
        Map<String, JsonNode> expanded = new LinkedHashMap<>();
        processed.path("Resources").fields().forEachRemaining(entry -> {
            String id = entry.getKey();
            JsonNode resource = entry.getValue();
            String type = resource.path("Type").asText();
            switch (type) {
                case "AWS::Serverless::Function" ->
                        expanded.putAll(FunctionExpansion.expand(id, globals.applyToFunction(resource)));
                case "AWS::Serverless::SimpleTable" ->
                        expanded.put(id, SimpleTableExpansion.expand(id, globals.applyToSimpleTable(resource)));
                default -> {
                    if (handles(type)) {
                        throw invalid(id, "Resource type " + type + " is not supported by the offline "
                                + "Serverless transform; only AWS::Serverless::Function and AWS::Serverless::SimpleTable are");
                    }
                    expanded.put(id, resource);
                }
            }
        });
        ObjectNode resources = processed.putObject("Resources");
        expanded.forEach(resources::set);
        return processed;
    }

    static io.firefly.offlineaws.template.TemplateException invalid(String logicalId, String reason) {
        return new io.firefly.offlineaws.template.TemplateException(
                FAILED + "Resource with id [" + logicalId + "] is invalid. " + reason);
    }
}
