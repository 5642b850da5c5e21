package io.firefly.offlineaws.template;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a template body, JSON or YAML, into one JSON tree in which every intrinsic function has its long
 * form ({@code !Ref X} becomes {@code {"Ref": "X"}}, {@code !GetAtt A.B} becomes {@code {"Fn::GetAtt": ["A",
 * "B"]}}).
 *
 * <p>YAML is composed into SnakeYAML's node graph and converted here rather than constructed into Java
 * objects: the node graph keeps each node's tag, so the CloudFormation short forms need no custom
 * constructor, and untagged scalars can be typed the way CloudFormation reads them (dates such as
 * {@code 2010-09-09} and YAML 1.1 words such as {@code yes} stay text).
 */
final class TemplateDocumentReader {

    private static final JsonNodeFactory NODES = Json.NODES;
    private static final ObjectMapper JSON = new ObjectMapper()
            .setNodeFactory(NODES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Set<String> SHORT_FORMS = Set.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
            "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
            "ToJsonString", "Length");
    /** Decimal integers only: YAML 1.1 would read 012345678901 (an account id) as octal. */
    private static final Pattern DECIMAL_INT = Pattern.compile("[-+]?(0|[1-9][0-9_]*)");

    private TemplateDocumentReader() {
    }

    /**
     * A body that starts with a brace is read as JSON; should that fail, it may still be a YAML flow mapping
     * (short-form tags are not JSON), and only when YAML fails too is the JSON error reported.
     */
    static JsonNode read(String body) {
        if (!body.stripLeading().startsWith("{")) {
            return readYaml(body);
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            try {
                return readYaml(body);
            } catch (TemplateException notYamlEither) {
                JsonLocation at = e.getLocation();
                String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
                throw new TemplateException("Template format error: JSON not well-formed." + where);
            }
        }
    }

    private static JsonNode readYaml(String body) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(body));
        } catch (MarkedYAMLException e) {
            throw notWellFormed(e.getProblemMark());
        } catch (YAMLException e) {
            throw new TemplateException("Template format error: YAML not well-formed. " + e.getMessage());
        }
        return root == null ? NODES.nullNode() : convert(root);
    }

    private static JsonNode convert(Node node) {
        String tag = node.getTag().getValue();
        if (tag.startsWith("!") && !tag.startsWith("!!")) {
            return shortForm(tag.substring(1), node);
        }
        if (node instanceof MappingNode mapping) {
            return mapping(mapping);
        }
        return node instanceof SequenceNode sequence ? sequence(sequence) : scalar((ScalarNode) node);
    }

    private static JsonNode shortForm(String name, Node node) {
        JsonNode argument;
        if (node instanceof MappingNode mapping) {
            argument = mapping(mapping);
        } else if (node instanceof SequenceNode sequence) {
            argument = sequence(sequence);
        } else {
            argument = NODES.textNode(((ScalarNode) node).getValue());
        }
        ObjectNode function = NODES.objectNode();
        if (name.equals("Ref") || name.equals("Condition")) {
            function.set(name, argument);
        } else if (name.equals("GetAtt") && argument.isTextual()) {
            // the attribute itself may contain dots (Endpoint.Address): only the first dot separates
            String text = argument.asText();
            int dot = text.indexOf('.');
            if (dot <= 0 || dot == text.length() - 1) {
                throw new TemplateException("Template error: every Fn::GetAtt object requires two non-empty parameters");
            }
            function.set("Fn::GetAtt", NODES.arrayNode().add(text.substring(0, dot)).add(text.substring(dot + 1)));
        } else if (SHORT_FORMS.contains(name)) {
            function.set("Fn::" + name, argument);
        } else {
            throw new TemplateException("Template format error: YAML not well-formed. Unknown tag !" + name + " "
                    + position(node.getStartMark()));
        }
        return function;
    }

    private static ObjectNode mapping(MappingNode node) {
        ObjectNode object = NODES.objectNode();
        Set<String> explicitKeys = new HashSet<>();
        List<NodeTuple> merged = new ArrayList<>();
        for (NodeTuple tuple : node.getValue()) {
            Node key = tuple.getKeyNode();
            if (key.getTag().equals(Tag.MERGE)) {
                merged.add(tuple);
                continue;
            }
            if (!(key instanceof ScalarNode scalarKey)) {
                throw new TemplateException("Template format error: YAML not well-formed. Mapping keys must be scalars "
                        + position(key.getStartMark()));
            }
            String name = scalarKey.getValue();
            if (!explicitKeys.add(name)) {
                throw new TemplateException("Template format error: YAML not well-formed. Duplicate key '" + name + "' "
                        + position(key.getStartMark()));
            }
            object.set(name, convert(tuple.getValueNode()));
        }
        // YAML merge keys (<<: *defaults) fill in only what the mapping does not set itself
        for (NodeTuple tuple : merged) {
            Node value = tuple.getValueNode();
            List<Node> sources = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
            for (Node source : sources) {
                if (!(source instanceof MappingNode sourceMapping)) {
                    throw new TemplateException("Template format error: YAML not well-formed. A merge key needs a mapping "
                            + position(source.getStartMark()));
                }
                mapping(sourceMapping).fields().forEachRemaining(e -> {
                    if (!object.has(e.getKey())) {
                        object.set(e.getKey(), e.getValue());
                    }
                });
            }
        }
        return object;
    }

    private static ArrayNode sequence(SequenceNode node) {
        ArrayNode array = NODES.arrayNode();
        node.getValue().forEach(item -> array.add(convert(item)));
        return array;
    }

    private static JsonNode scalar(ScalarNode node) {
        String value = node.getValue();
        Tag tag = node.getTag();
        if (tag.equals(Tag.NULL)) {
            return NODES.nullNode();
        }
        if (tag.equals(Tag.BOOL) && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"))) {
            return NODES.booleanNode(Boolean.parseBoolean(value.toLowerCase()));
        }
        if (tag.equals(Tag.INT) && DECIMAL_INT.matcher(value).matches()) {
            return integer(new BigInteger(value.replace("_", "").replace("+", "")));
        }
        if (tag.equals(Tag.FLOAT)) {
            return decimal(value);
        }
        return NODES.textNode(value);
    }

    /** A YAML float as an exact decimal; .inf, .nan and base-60 forms have no JSON number and stay text. */
    private static JsonNode decimal(String value) {
        try {
            return NODES.numberNode(new BigDecimal(value.replace("_", "")));
        } catch (NumberFormatException e) {
            return NODES.textNode(value);
        }
    }

    private static JsonNode integer(BigInteger value) {
        if (value.bitLength() < 32) {
            return NODES.numberNode(value.intValue());
        }
        return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
    }

    private static TemplateException notWellFormed(Mark mark) {
        return new TemplateException("Template format error: YAML not well-formed. " + position(mark));
    }

    private static String position(Mark mark) {
        return mark == null ? "" : "(line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }
}
