package io.firefly.offlineaws.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firefly.offlineaws.template.serverless.ServerlessTransform;
import io.firefly.operator.template.CloudFormationYaml;
import io.firefly.operator.template.TemplateFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A parsed CloudFormation template, immutable: every accessor returns a copy.
 *
 * <p>A template made by {@link #expandServerless()} or {@link #withoutOutputs()} keeps the {@link #body()} it
 * was parsed from and the {@link #transforms()} it declared, while {@link #json()} is the processed document
 * (for the Serverless transform: without {@code Transform} and {@code Globals}).
 */
public final class Template {

    public static final String SERVERLESS_TRANSFORM = "AWS::Serverless-2016-10-31";

    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
            "Parameters", "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs", "Hooks");
    private static final Set<String> IAM_NAME_PROPERTIES = Set.of("RoleName", "UserName", "GroupName",
            "ManagedPolicyName", "InstanceProfileName");

    private final String body;
    private final ObjectNode json;
    private final List<String> transforms;
    private final boolean processed;
    private final LinkedHashMap<String, ParameterDeclaration> parameters;
    private final LinkedHashMap<String, ResourceDeclaration> resources;

    private Template(String body, ObjectNode json, List<String> transforms, boolean processed) {
        this.body = body;
        this.json = json;
        this.transforms = List.copyOf(transforms);
        this.processed = processed;
        this.parameters = TemplateSections.parameters(json);
        this.resources = TemplateSections.resources(json);
    }

    /**
     * Parses YAML (with the short-form tags) or JSON.
     *
     * @throws TemplateException {@code Template format error: ...} when the text is not well-formed or not a template
     */
    public static Template parse(String body) {
        if (body == null || body.isBlank()) {
            throw new TemplateException("Template format error: unsupported structure.");
        }
        JsonNode document;
        try {
            document = CloudFormationYaml.read(body);
        } catch (TemplateFormatException e) {
            throw new TemplateException(e.getMessage());
        }
        if (!(document instanceof ObjectNode root)) {
            throw new TemplateException("Template format error: unsupported structure.");
        }
        List<String> transforms = transformNames(root.get("Transform"));
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(section -> {
            boolean globals = section.equals("Globals") && transforms.contains(SERVERLESS_TRANSFORM);
            if (!SECTIONS.contains(section) && !globals) {
                unknown.add(section);
            }
        });
        if (!unknown.isEmpty()) {
            throw new TemplateException("Template format error: Invalid template property or properties " + unknown);
        }
        return new Template(body, root, transforms, false);
    }

    /** The text this template was parsed from: what GetTemplate returns. */
    public String body() {
        return body;
    }

    /** The whole document with intrinsic functions in their long form. */
    public JsonNode json() {
        return json.deepCopy();
    }

    public Optional<String> description() {
        return Json.scalarText(json.get("Description"));
    }

    /** The declared transforms, e.g. {@code [AWS::Serverless-2016-10-31]}; empty when there is none. */
    public List<String> transforms() {
        return transforms;
    }

    public LinkedHashMap<String, ParameterDeclaration> parameters() {
        return new LinkedHashMap<>(parameters);
    }

    public LinkedHashMap<String, ResourceDeclaration> resources() {
        LinkedHashMap<String, ResourceDeclaration> copy = new LinkedHashMap<>();
        resources.forEach((id, r) -> copy.put(id, new ResourceDeclaration(r.logicalId(), r.type(),
                r.properties().deepCopy(), r.deletionPolicy(), r.updateReplacePolicy(), r.condition(), r.dependsOn())));
        return copy;
    }

    /** The raw Outputs entries ({@code Value}, {@code Description}, {@code Export}, {@code Condition}). */
    public LinkedHashMap<String, JsonNode> outputs() {
        LinkedHashMap<String, JsonNode> outputs = new LinkedHashMap<>();
        JsonNode section = json.get("Outputs");
        if (section != null) {
            section.fields().forEachRemaining(e -> outputs.put(e.getKey(), e.getValue().deepCopy()));
        }
        return outputs;
    }

    /** The same template without its Outputs section (an import may not add outputs). */
    public Template withoutOutputs() {
        ObjectNode copy = json.deepCopy();
        copy.remove("Outputs");
        return new Template(body, copy, transforms, processed);
    }

    /**
     * Applies {@code AWS::Serverless-2016-10-31} (see {@link ServerlessTransform} for what is supported).
     * Returns this template when it declares no such transform or is already expanded.
     */
    public Template expandServerless() {
        if (processed || !transforms.contains(SERVERLESS_TRANSFORM)) {
            return this;
        }
        return new Template(body, ServerlessTransform.expand(json), transforms, true);
    }

    /** Whether {@link #expandServerless()} produced this template. */
    public boolean isProcessed() {
        return processed;
    }

    /**
     * The capabilities a stack operation must acknowledge, judged on the expanded template:
     * {@code CAPABILITY_IAM} for IAM resources, or {@code CAPABILITY_NAMED_IAM} instead when one of them has a
     * custom name (it covers CAPABILITY_IAM, and CloudFormation then asks for it alone), and
     * {@code CAPABILITY_AUTO_EXPAND} when the template declares a transform.
     */
    public Set<String> requiredCapabilities() {
        Set<String> capabilities = new LinkedHashSet<>();
        List<ResourceDeclaration> iam = expandServerless().resources.values().stream()
                .filter(r -> r.type().startsWith("AWS::IAM::"))
                .collect(Collectors.toList());
        boolean named = iam.stream().anyMatch(r -> IAM_NAME_PROPERTIES.stream().anyMatch(r.properties()::has));
        if (named) {
            capabilities.add("CAPABILITY_NAMED_IAM");
        } else if (!iam.isEmpty()) {
            capabilities.add("CAPABILITY_IAM");
        }
        if (!transforms.isEmpty()) {
            capabilities.add("CAPABILITY_AUTO_EXPAND");
        }
        return Collections.unmodifiableSet(capabilities);
    }

    private static List<String> transformNames(JsonNode transform) {
        if (transform == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode entry : transform.isArray() ? transform : List.of(transform)) {
            JsonNode name = entry.isObject() ? entry.get("Name") : entry;
            Optional<String> text = Json.scalarText(name);
            if (text.isEmpty()) {
                throw new TemplateException("Template format error: Transform must be a name, a list of names or {Name, Parameters}");
            }
            names.add(text.get());
        }
        return names;
    }

    @Override
    public String toString() {
        return "Template" + resources.keySet();
    }
}
