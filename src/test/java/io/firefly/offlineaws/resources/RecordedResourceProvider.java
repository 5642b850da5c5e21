package io.firefly.offlineaws.resources;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource types without a real backing service here (Lambda functions, IAM roles and policies,
 * permissions, queues, topics and the others of {@link #records}): each is recorded with a physical id
 * and ARN in the shapes AWS uses, so that Ref, Fn::GetAtt, outputs, replacement and import behave as with
 * the real resource. Nothing runs.
 */
public final class RecordedResourceProvider implements ResourceProvider {

    /** How one type is named and what it answers to Fn::GetAtt. */
    private record TypeRules(String nameProperty, int maxNameLength) {
    }

    private static final Map<String, TypeRules> RULES = Map.of(
            "AWS::Lambda::Function", new TypeRules("FunctionName", 64),
            "AWS::IAM::Role", new TypeRules("RoleName", 64),
            "AWS::IAM::User", new TypeRules("UserName", 64),
            "AWS::IAM::Group", new TypeRules("GroupName", 128),
            "AWS::IAM::ManagedPolicy", new TypeRules("ManagedPolicyName", 128),
            "AWS::IAM::InstanceProfile", new TypeRules("InstanceProfileName", 128),
            "AWS::SQS::Queue", new TypeRules("QueueName", 80),
            "AWS::SNS::Topic", new TypeRules("TopicName", 256),
            "AWS::S3::Bucket", new TypeRules("BucketName", 63));
    private static final TypeRules UNNAMED = new TypeRules(null, 128);
    /**
     * The types recorded here besides the named ones above: what a stack of Lambda functions, queues, topics
     * and tables commonly declares next to them. Any other type is unknown to the offline AWS, and refused
     * as CloudFormation refuses a type it does not recognise.
     */
    private static final Set<String> OTHER_TYPES = Set.of(
            "AWS::IAM::Policy",
            "AWS::Lambda::Permission", "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Version",
            "AWS::Lambda::Alias", "AWS::Lambda::LayerVersion",
            "AWS::Logs::LogGroup",
            "AWS::SQS::QueuePolicy", "AWS::SNS::Subscription", "AWS::SNS::TopicPolicy", "AWS::S3::BucketPolicy",
            "AWS::SSM::Parameter", "AWS::KMS::Key", "AWS::KMS::Alias", "AWS::SecretsManager::Secret",
            "AWS::Events::Rule", "AWS::CloudWatch::Alarm",
            "AWS::Backup::BackupVault", "AWS::Backup::BackupPlan", "AWS::Backup::BackupSelection",
            "AWS::CloudFormation::CustomResource");
    /** Custom resources ({@code Custom::Anything}) are recorded like the rest: their function is never invoked. */
    private static final String CUSTOM_PREFIX = "Custom::";

    private final String region;
    private final String accountId;
    /** Resources that exist, by type and physical id: created and not deleted, including retained ones. */
    private final Map<String, Map<String, Provisioned>> existing = new ConcurrentHashMap<>();

    public RecordedResourceProvider(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    /** Whether resources of this type are recorded here. */
    static boolean records(String type) {
        return RULES.containsKey(type) || OTHER_TYPES.contains(type) || type.startsWith(CUSTOM_PREFIX);
    }

    @Override
    public Provisioned create(ResourceRequest request) {
        Optional<String> customName = customName(request.type(), request.properties());
        String name = customName.orElseGet(() -> PhysicalNames.generate(request.stackName(), request.logicalId(),
                rules(request.type()).maxNameLength()));
        Map<String, Provisioned> ofType = existing.computeIfAbsent(request.type(), t -> new ConcurrentHashMap<>());
        Provisioned resource = describe(request.type(), name, request.properties());
        if (ofType.putIfAbsent(resource.physicalId(), resource) != null) {
            throw ResourceFailure.alreadyExists(request.type(), name);
        }
        return resource;
    }

    @Override
    public Provisioned update(ResourceRequest request, Provisioned current, JsonNode previousProperties) {
        return current;
    }

    @Override
    public void delete(String type, String physicalId, DeleteCause cause) {
        Map<String, Provisioned> ofType = existing.get(type);
        if (ofType != null) {
            ofType.remove(physicalId);
        }
    }

    @Override
    public boolean requiresReplacement(String type, JsonNode before, JsonNode after) {
        String nameProperty = rules(type).nameProperty();
        return nameProperty != null && !before.path(nameProperty).equals(after.path(nameProperty));
    }

    @Override
    public boolean replacesOnChange(String type, String property) {
        return property.equals(rules(type).nameProperty());
    }

    @Override
    public Optional<String> customName(String type, JsonNode properties) {
        String nameProperty = rules(type).nameProperty();
        return nameProperty == null || !properties.hasNonNull(nameProperty)
                ? Optional.empty() : Optional.of(properties.get(nameProperty).asText());
    }

    @Override
    public Provisioned importExisting(String type, Map<String, String> identifier) {
        String id = identifier.values().stream().findFirst().orElse("");
        Provisioned found = existing.getOrDefault(type, Map.of()).values().stream()
                .filter(r -> r.physicalId().equals(id) || id.equals(r.attributes().get("Arn")))
                .findFirst()
                .orElseThrow(() -> ResourceFailure.notFound(type, id));
        return found;
    }

    @Override
    public String identifierProperty(String type) {
        return Optional.ofNullable(rules(type).nameProperty()).orElse("Id");
    }

    private static TypeRules rules(String type) {
        return RULES.getOrDefault(type, UNNAMED);
    }

    /** The physical id and attributes AWS would give a resource of this type and name. */
    private Provisioned describe(String type, String name, JsonNode properties) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String physicalId = name;
        switch (type) {
            case "AWS::Lambda::Function" -> attributes.put("Arn", "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name);
            case "AWS::IAM::Role" -> {
                attributes.put("Arn", "arn:aws:iam::" + accountId + ":role" + path(properties) + name);
                attributes.put("RoleId", "AROA" + PhysicalNames.random(17));
            }
            case "AWS::IAM::User" -> attributes.put("Arn", "arn:aws:iam::" + accountId + ":user" + path(properties) + name);
            case "AWS::IAM::Group" -> attributes.put("Arn", "arn:aws:iam::" + accountId + ":group" + path(properties) + name);
            case "AWS::IAM::InstanceProfile" -> attributes.put("Arn", "arn:aws:iam::" + accountId + ":instance-profile" + path(properties) + name);
            case "AWS::IAM::ManagedPolicy" -> {
                physicalId = "arn:aws:iam::" + accountId + ":policy" + path(properties) + name;
                attributes.put("PolicyArn", physicalId);
            }
            case "AWS::IAM::Policy" -> {
                // an inline policy has no ARN; its physical id is generated whatever PolicyName says
            }
            case "AWS::SQS::Queue" -> {
                physicalId = "https://sqs." + region + ".amazonaws.com/" + accountId + "/" + name;
                attributes.put("Arn", "arn:aws:sqs:" + region + ":" + accountId + ":" + name);
                attributes.put("QueueName", name);
                attributes.put("QueueUrl", physicalId);
            }
            case "AWS::SNS::Topic" -> {
                physicalId = "arn:aws:sns:" + region + ":" + accountId + ":" + name;
                attributes.put("TopicArn", physicalId);
                attributes.put("TopicName", name);
            }
            case "AWS::S3::Bucket" -> {
                attributes.put("Arn", "arn:aws:s3:::" + name);
                attributes.put("DomainName", name + ".s3.amazonaws.com");
            }
            default -> attributes.put("Arn", genericArn(type, name));
        }
        return new Provisioned(physicalId, attributes);
    }

    private static String path(JsonNode properties) {
        return properties.path("Path").asText("/");
    }

    /** {@code AWS::Service::Thing} becomes {@code arn:aws:service:<region>:<account>:thing/<name>}. */
    private String genericArn(String type, String name) {
        String[] parts = type.split("::");
        String service = parts.length > 1 ? parts[1].toLowerCase() : "unknown";
        String kind = parts.length > 2 ? parts[2].toLowerCase() : "resource";
        return "arn:aws:" + service + ":" + region + ":" + accountId + ":" + kind + "/" + name;
    }
}
