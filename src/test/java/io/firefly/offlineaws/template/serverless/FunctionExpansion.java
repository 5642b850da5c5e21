package io.firefly.offlineaws.template.serverless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::Serverless::Function} to {@code AWS::Lambda::Function} plus, unless {@code Role} is given, its
 * execution role {@code <Id>Role}: trusted by lambda.amazonaws.com, with AWSLambdaBasicExecutionRole and one
 * entry per item of {@code Policies} (see {@link ExecutionRole}).
 */
final class FunctionExpansion {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Lambda properties SAM copies unchanged. */
    private static final List<String> SAME_NAME = List.of("Handler", "Runtime", "Description", "FunctionName",
            "MemorySize", "Timeout", "Environment", "Architectures", "Layers", "KmsKeyArn", "VpcConfig",
            "ReservedConcurrentExecutions", "EphemeralStorage", "PackageType", "ImageConfig", "LoggingConfig",
            "FileSystemConfigs", "RuntimeManagementConfig", "SnapStart", "CodeSigningConfigArn");
    /** Read by this class or {@link ExecutionRole}. */
    private static final Set<String> CONSUMED = Set.of("InlineCode", "CodeUri", "ImageUri", "Role", "Policies",
            "Tags", "Tracing", "AssumeRolePolicyDocument", "RolePath", "PermissionsBoundary");
    /** Accepted and deliberately not expanded: the offline cloud invokes no functions and keeps no versions. */
    private static final Set<String> IGNORED = Set.of("Events", "AutoPublishAlias", "AutoPublishCodeSha256",
            "AutoPublishAliasAllProperties", "DeploymentPreference", "ProvisionedConcurrencyConfig",
            "FunctionUrlConfig", "VersionDescription");
    /** Resource attributes SAM passes on to the generated role as well as to the function. */
    private static final List<String> SHARED_ATTRIBUTES = List.of("Condition", "DeletionPolicy", "UpdateReplacePolicy");

    private FunctionExpansion() {
    }

    static Map<String, JsonNode> expand(String id, JsonNode function) {
        JsonNode properties = function.path("Properties");
        properties.fieldNames().forEachRemaining(name -> {
            if (!SAME_NAME.contains(name) && !CONSUMED.contains(name) && !IGNORED.contains(name)) {
                throw ServerlessTransform.invalid(id, "property " + name + " is not supported by the offline "
                        + "Serverless transform; remove it or use an AWS::Lambda::Function");
            }
        });
        ObjectNode lambda = NODES.objectNode();
        for (String name : SAME_NAME) {
            if (properties.has(name)) {
                lambda.set(name, properties.get(name).deepCopy());
            }
        }
        lambda.set("Code", code(id, properties));
        JsonNode tracing = properties.get("Tracing");
        if (tracing != null) {
            lambda.putObject("TracingConfig").set("Mode", tracing.deepCopy());
        }
        ArrayNode tags = tags(id, properties.get("Tags"));
        lambda.set("Tags", tags);

        Map<String, JsonNode> resources = new LinkedHashMap<>();
        ObjectNode lambdaResource = resource("AWS::Lambda::Function", lambda, function);
        for (String attribute : List.of("DependsOn", "Metadata")) {
            if (function.has(attribute)) {
                lambdaResource.set(attribute, function.get(attribute).deepCopy());
            }
        }
        resources.put(id, lambdaResource);
        if (properties.has("Role")) {
            lambda.set("Role", properties.get("Role").deepCopy());
        } else {
            String roleId = id + "Role";
            lambda.putObject("Role").putArray("Fn::GetAtt").add(roleId).add("Arn");
            resources.put(roleId, resource("AWS::IAM::Role", ExecutionRole.properties(id, properties, tags), function));
        }
        return resources;
    }

    private static ObjectNode resource(String type, ObjectNode properties, JsonNode function) {
        ObjectNode resource = NODES.objectNode();
        resource.put("Type", type);
        resource.set("Properties", properties);
        for (String attribute : SHARED_ATTRIBUTES) {
            if (function.has(attribute)) {
                resource.set(attribute, function.get(attribute).deepCopy());
            }
        }
        return resource;
    }

    private static ObjectNode code(String id, JsonNode properties) {
        JsonNode inline = properties.get("InlineCode");
        JsonNode uri = properties.get("CodeUri");
        JsonNode image = properties.get("ImageUri");
        int given = (inline == null ? 0 : 1) + (uri == null ? 0 : 1) + (image == null ? 0 : 1);
        if (given != 1) {
            throw ServerlessTransform.invalid(id, given == 0
                    ? "Either 'InlineCode' or 'CodeUri' must be set."
                    : "Only one of 'InlineCode', 'CodeUri' or 'ImageUri' can be set.");
        }
        ObjectNode code = NODES.objectNode();
        if (inline != null) {
            code.set("ZipFile", inline.deepCopy());
        } else if (image != null) {
            code.set("ImageUri", image.deepCopy());
        } else if (uri.isObject() && uri.has("Bucket") && uri.has("Key")) {
            code.set("S3Bucket", uri.get("Bucket").deepCopy());
            code.set("S3Key", uri.get("Key").deepCopy());
            if (uri.has("Version")) {
                code.set("S3ObjectVersion", uri.get("Version").deepCopy());
            }
        } else {
            s3Location(id, uri, code);
        }
        return code;
    }

    /** {@code s3://bucket/key?versionId=v}; a local path means the template was not packaged. */
    private static void s3Location(String id, JsonNode uri, ObjectNode code) {
        String text = uri.isTextual() ? uri.asText() : "";
        try {
            URI parsed = new URI(text);
            String key = parsed.getPath() == null ? "" : parsed.getPath().replaceFirst("^/", "");
            if ("s3".equals(parsed.getScheme()) && parsed.getHost() != null && !key.isEmpty()) {
                code.put("S3Bucket", parsed.getHost());
                code.put("S3Key", key);
                String query = parsed.getQuery();
                if (query != null && query.startsWith("versionId=")) {
                    code.put("S3ObjectVersion", query.substring("versionId=".length()));
                }
                return;
            }
        } catch (URISyntaxException e) {
            // reported below like any other unusable CodeUri
        }
        throw ServerlessTransform.invalid(id, "'CodeUri' is not a valid S3 Uri of the form "
                + "'s3://bucket/key' with optional versionId query parameter.");
    }

    /** SAM's tag list: its own {@code lambda:createdBy: SAM} first, then the function's Tags map in order. */
    private static ArrayNode tags(String id, JsonNode tags) {
        ArrayNode list = NODES.arrayNode();
        list.addObject().put("Key", "lambda:createdBy").put("Value", "SAM");
        if (tags == null) {
            return list;
        }
        if (!tags.isObject()) {
            throw ServerlessTransform.invalid(id, "Property 'Tags' should be a map of tag names to values.");
        }
        tags.fields().forEachRemaining(tag -> {
            if (tag.getKey().equals("lambda:createdBy")) {
                throw ServerlessTransform.invalid(id, "lambda:createdBy is a reserved Tag key name and cannot be set on your resource. "
                        + "Please change the tag key in the input.");
            }
            ObjectNode entry = list.addObject();
            entry.put("Key", tag.getKey());
            entry.set("Value", tag.getValue().deepCopy());
        });
        return list;
    }
}
