package io.firefly.offlineaws.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Evaluates intrinsic functions in one part of a template. A resolver built without {@link ResourceAttributes}
 * serves the Conditions block, where CloudFormation forbids references to resources.
 */
final class IntrinsicResolver {

    /** What a stack offers every resolver: parameter values, pseudo parameters, mappings, exports. */
    record StackContext(ParameterBinding parameters, PseudoParameters pseudo, JsonNode mappings,
                        Set<String> resourceIds, Function<String, Optional<String>> exports) {
    }

    private final StackContext stack;
    private final Predicate<String> conditions;
    private final ResourceAttributes resources;

    private IntrinsicResolver(StackContext stack, Predicate<String> conditions, ResourceAttributes resources) {
        this.stack = stack;
        this.conditions = conditions;
        this.resources = resources;
    }

    static IntrinsicResolver forConditions(StackContext stack) {
        return new IntrinsicResolver(stack, name -> {
            throw new TemplateException("Template error: Fn::If cannot be used in the Conditions block");
        }, null);
    }

    static IntrinsicResolver forResources(StackContext stack, Predicate<String> conditions, ResourceAttributes resources) {
        return new IntrinsicResolver(stack, conditions, resources);
    }

    /** The value with every function evaluated; {@link Pseudo#NO_VALUE} when AWS::NoValue removed it. */
    JsonNode resolve(JsonNode node) {
        Optional<FunctionCall> call = FunctionCall.of(node);
        if (call.isPresent()) {
            return apply(call.get());
        }
        if (node.isObject()) {
            ObjectNode object = Json.NODES.objectNode();
            node.fields().forEachRemaining(field -> {
                JsonNode value = resolve(field.getValue());
                if (!value.isMissingNode()) {
                    object.set(field.getKey(), value);
                }
            });
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = Json.NODES.arrayNode();
            node.forEach(item -> {
                JsonNode value = resolve(item);
                if (!value.isMissingNode()) {
                    array.add(value);
                }
            });
            return array;
        }
        return node.deepCopy();
    }

    /** The value as a string; lists are an error, as in every string position of CloudFormation. */
    String resolveText(JsonNode node, String function) {
        JsonNode value = resolve(node);
        return Json.scalarText(value).orElseThrow(() -> new TemplateException(
                "Template error: " + function + " expects a string here, but the value is " + describe(value)));
    }

    private JsonNode apply(FunctionCall call) {
        JsonNode argument = call.argument();
        return switch (call.name()) {
            case "Ref" -> ref(ReferenceCollector.refName(argument));
            case "Fn::GetAtt" -> getAtt(GetAtt.target(argument), resolveText(GetAtt.attributeNode(argument), "Fn::GetAtt"));
            case "Fn::Sub" -> Json.NODES.textNode(sub(argument));
            case "Fn::Join" -> Json.NODES.textNode(join(call));
            case "Fn::Select" -> select(call);
            case "Fn::Split" -> split(call);
            case "Fn::If" -> {
                String condition = resolveText(call.arg(0, 3), "Fn::If");
                yield resolve(argument.get(conditions.test(condition) ? 1 : 2));
            }
            case "Fn::FindInMap" -> findInMap(call);
            case "Fn::Base64" -> Json.NODES.textNode(Base64.getEncoder()
                    .encodeToString(resolveText(argument, "Fn::Base64").getBytes(StandardCharsets.UTF_8)));
            case "Fn::GetAZs" -> availabilityZones(resolveText(argument, "Fn::GetAZs"));
            case "Fn::ImportValue" -> importValue(resolveText(argument, "Fn::ImportValue"));
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or" -> throw new TemplateException("Template error: "
                    + call.name() + " can only be used in the Conditions block or inside another condition function");
            default -> throw new TemplateException("Template format error: Encountered unsupported function: " + call.name());
        };
    }

    private JsonNode ref(String name) {
        if (Pseudo.isPseudo(name)) {
            return Pseudo.value(name, stack.pseudo()).orElseThrow();
        }
        Optional<JsonNode> parameter = stack.parameters().referenceValue(name);
        if (parameter.isPresent()) {
            return parameter.get();
        }
        return Json.NODES.textNode(resources.ref(checkedResource(name)));
    }

    private JsonNode getAtt(String logicalId, String attribute) {
        return Json.NODES.textNode(resources.getAtt(checkedResource(logicalId), attribute));
    }

    private String checkedResource(String logicalId) {
        if (resources == null) {
            throw new TemplateException("Template format error: Unresolved dependencies [" + logicalId
                    + "]. Cannot reference resources in the Conditions block of the template");
        }
        if (!stack.resourceIds().contains(logicalId)) {
            throw new TemplateException("Template format error: Unresolved resource dependencies [" + logicalId
                    + "] in the Resources block of the template");
        }
        return logicalId;
    }

    private String sub(JsonNode argument) {
        String text = argument.isArray() ? argument.get(0).asText() : argument.asText();
        JsonNode variables = argument.isArray() ? argument.get(1) : Json.NODES.objectNode();
        StringBuilder out = new StringBuilder();
        for (SubString.Part part : SubString.parse(text).parts()) {
            if (part instanceof SubString.Variable variable) {
                out.append(subVariable(variable, variables));
            } else {
                out.append(((SubString.Literal) part).text());
            }
        }
        return out.toString();
    }

    private String subVariable(SubString.Variable variable, JsonNode variables) {
        JsonNode value;
        if (variables.has(variable.name())) {
            value = resolve(variables.get(variable.name()));
        } else if (variable.isAttribute()) {
            value = getAtt(variable.target(), variable.attribute());
        } else {
            value = ref(variable.name());
        }
        return Json.scalarText(value).orElseThrow(() -> new TemplateException("Template error: variable "
                + variable.name() + " in Fn::Sub expression does not resolve to a string"));
    }

    private String join(FunctionCall call) {
        String delimiter = resolveText(call.arg(0, 2), "Fn::Join");
        JsonNode list = resolve(call.argument().get(1));
        if (!list.isArray()) {
            throw new TemplateException("Template error: every Fn::Join object requires two parameters, (1) a string "
                    + "delimiter and (2) a list of strings to be joined or a function that returns a list of strings "
                    + "(such as Fn::GetAZs) to be joined.");
        }
        List<String> parts = new ArrayList<>();
        list.forEach(item -> parts.add(Json.scalarText(item).orElseThrow(() -> new TemplateException(
                "Template error: every value in the list of Fn::Join must be a string, found " + describe(item)))));
        return String.join(delimiter, parts);
    }

    private JsonNode select(FunctionCall call) {
        String indexText = resolveText(call.arg(0, 2), "Fn::Select");
        JsonNode list = resolve(call.argument().get(1));
        if (!list.isArray()) {
            throw new TemplateException("Template error: Fn::Select requires a list as its second argument, found "
                    + describe(list));
        }
        int index;
        try {
            index = Integer.parseInt(indexText.strip());
        } catch (NumberFormatException e) {
            throw new TemplateException("Template error: Fn::Select index must be a number, found '" + indexText + "'");
        }
        if (index < 0 || index >= list.size()) {
            throw new TemplateException("Template error: Fn::Select cannot select nonexistent value at index " + index);
        }
        return list.get(index);
    }

    private JsonNode split(FunctionCall call) {
        String delimiter = resolveText(call.arg(0, 2), "Fn::Split");
        String source = resolveText(call.argument().get(1), "Fn::Split");
        ArrayNode parts = Json.NODES.arrayNode();
        for (String part : source.split(Pattern.quote(delimiter), -1)) {
            parts.add(part);
        }
        return parts;
    }

    private JsonNode findInMap(FunctionCall call) {
        String map = resolveText(call.arg(0, 3), "Fn::FindInMap");
        String top = resolveText(call.argument().get(1), "Fn::FindInMap");
        String second = resolveText(call.argument().get(2), "Fn::FindInMap");
        JsonNode value = stack.mappings().path(map).path(top).path(second);
        if (value.isMissingNode()) {
            throw new TemplateException("Template error: Unable to get mapping for " + map + "::" + top + "::" + second);
        }
        return value.deepCopy();
    }

    /** Three zones named after the region, as the offline cloud has no real zones to list. */
    private JsonNode availabilityZones(String region) {
        String actual = region.isEmpty() ? stack.pseudo().region() : region;
        ArrayNode zones = Json.NODES.arrayNode();
        for (String suffix : List.of("a", "b", "c")) {
            zones.add(actual + suffix);
        }
        return zones;
    }

    private JsonNode importValue(String exportName) {
        return Json.NODES.textNode(stack.exports().apply(exportName).orElseThrow(() ->
                new TemplateException("No export named " + exportName + " found")));
    }

    private static String describe(JsonNode value) {
        if (value.isMissingNode()) {
            return "AWS::NoValue";
        }
        return value.isArray() ? "a list " + value : value.isObject() ? "an object " + value : String.valueOf(value);
    }
}
