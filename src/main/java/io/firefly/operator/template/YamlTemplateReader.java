package io.firefly.operator.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads a YAML template into one JSON tree in which every intrinsic function has its long form
 * ({@code !Ref X} becomes {@code {"Ref": "X"}}, {@code !GetAtt A.B} becomes {@code {"Fn::GetAtt": ["A", "B"]}}).
 *
 * <p>The YAML is composed into SnakeYAML's node graph, typed by {@link CloudFormationResolver}, and converted
 * here: the graph keeps each node's tag, so the short forms need no custom constructor, and each scalar is
 * turned into the JSON value CloudFormation would hold.
 */
final class YamlTemplateReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> SHORT_FORMS = Set.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
            "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
            "ToJsonString", "Length");
    /** Numbers written as digits, with at most a decimal point: the forms real stacks have shown. */
    private static final Pattern OBSERVED_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]*)?");
    private static final Pattern YAML_11_ONLY_BOOLEAN = Pattern.compile("[yYnN]");

    private final ScalarReading reading;

    YamlTemplateReader(ScalarReading reading) {
        this.reading = reading;
    }

    /** The node graph, with each scalar tagged as CloudFormation types it; null for an empty text. */
    static Node compose(String body) {
        LoaderOptions options = new LoaderOptions();
        DumperOptions dumper = new DumperOptions();
        try {
            return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options,
                    new CloudFormationResolver()).compose(new StringReader(body));
        } catch (MarkedYAMLException e) {
            throw new TemplateFormatException("Template format error: YAML not well-formed. " + position(e.getProblemMark()));
        } catch (YAMLException e) {
            throw new TemplateFormatException("Template format error: YAML not well-formed. " + e.getMessage());
        }
    }

    JsonNode read(String body) {
        Node root = compose(body);
        return root == null ? NODES.nullNode() : convert(root);
    }

    private JsonNode convert(Node node) {
        String tag = node.getTag().getValue();
        if (tag.startsWith("!") && !tag.startsWith("!!")) {
            return shortForm(tag.substring(1), node);
        }
        if (node instanceof MappingNode mapping) {
            return mapping(mapping);
        }
        return node instanceof SequenceNode sequence ? sequence(sequence) : scalar((ScalarNode) node);
    }

    private JsonNode shortForm(String name, Node node) {
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
                throw new TemplateFormatException("Template error: every Fn::GetAtt object requires two non-empty parameters");
            }
            function.set("Fn::GetAtt", NODES.arrayNode().add(text.substring(0, dot)).add(text.substring(dot + 1)));
        } else if (SHORT_FORMS.contains(name)) {
            function.set("Fn::" + name, argument);
        } else {
            throw new TemplateFormatException("Template format error: YAML not well-formed. Unknown tag !" + name + " "
                    + position(node.getStartMark()));
        }
        return function;
    }

    private ObjectNode mapping(MappingNode node) {
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
                throw new TemplateFormatException("Template format error: YAML not well-formed. Mapping keys must be scalars "
                        + position(key.getStartMark()));
            }
            String name = keyText(scalarKey);
            if (!explicitKeys.add(name)) {
                throw new TemplateFormatException("Template format error: YAML not well-formed. Duplicate key '" + name + "' "
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
                    throw new TemplateFormatException("Template format error: YAML not well-formed. A merge key needs a mapping "
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

    /**
     * A key is typed like any other scalar and then written as text, as a YAML 1.1 reader that builds a map
     * and writes it out as JSON does: {@code Off:} is the key {@code false}, which is also what an unquoted
     * {@code Condition: Off} refers to. The {@link ScalarReading#ALTERNATIVE} reading keeps keys as written.
     */
    String keyText(ScalarNode key) {
        if (reading == ScalarReading.ALTERNATIVE) {
            return key.getValue();
        }
        JsonNode typed = scalar(key);
        return typed.isNull() ? key.getValue() : typed.asText();
    }

    private ArrayNode sequence(SequenceNode node) {
        ArrayNode array = NODES.arrayNode();
        node.getValue().forEach(item -> array.add(convert(item)));
        return array;
    }

    private JsonNode scalar(ScalarNode node) {
        String value = node.getValue();
        Tag tag = node.getTag();
        if (reading == ScalarReading.ALTERNATIVE && node.isPlain()) {
            if ((tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) && !OBSERVED_NUMBER.matcher(value).matches()) {
                return NODES.textNode(value);
            }
            if (tag.equals(Tag.STR) && YAML_11_ONLY_BOOLEAN.matcher(value).matches()) {
                return NODES.booleanNode(value.equalsIgnoreCase("y"));
            }
        }
        if (tag.equals(Tag.NULL)) {
            return NODES.nullNode();
        }
        if (tag.equals(Tag.BOOL)) {
            return NODES.booleanNode(YamlNumbers.isTrue(value));
        }
        if (tag.equals(Tag.INT)) {
            return YamlNumbers.integer(value).map(YamlTemplateReader::integer).orElseGet(() -> NODES.textNode(value));
        }
        if (tag.equals(Tag.FLOAT)) {
            return YamlNumbers.floating(value).<JsonNode>map(NODES::numberNode).orElseGet(() -> NODES.textNode(value));
        }
        return NODES.textNode(value);
    }

    private static JsonNode integer(BigInteger value) {
        if (value.bitLength() < 32) {
            return NODES.numberNode(value.intValue());
        }
        return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
    }

    static String position(Mark mark) {
        return mark == null ? "" : "(line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }
}
