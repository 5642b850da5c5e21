package io.firefly.operator.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a CloudFormation template, YAML or JSON, into JSON with intrinsic functions in their long form:
 * {@code !Ref X} becomes {"Ref": "X"}, {@code !GetAtt A.B} becomes {"Fn::GetAtt": ["A", "B"]}.
 */
public final class CloudFormationYaml {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
            "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
            "ToJsonString", "Length");

    private CloudFormationYaml() {
    }

    /** @throws IllegalArgumentException with the parser's message when the text is not a template. */
    public static JsonNode parse(String body) {
        try {
            Object document = new Yaml(new IntrinsicConstructor(), new org.yaml.snakeyaml.representer.Representer(
                    new org.yaml.snakeyaml.DumperOptions()), new org.yaml.snakeyaml.DumperOptions(), new LoaderOptions(),
                    new NoTimestampResolver()).load(body);
            if (!(document instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("the template is not a YAML or JSON object");
            }
            return JSON.valueToTree(document);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("the template is not valid YAML or JSON: " + e.getMessage(), e);
        }
    }

    public static String toJson(JsonNode template) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(template);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps AWSTemplateFormatVersion: 2010-09-09 a string instead of a date. */
    private static final class NoTimestampResolver extends Resolver {
        @Override
        public void addImplicitResolver(Tag tag, java.util.regex.Pattern regexp, String first, int limit) {
            if (!Tag.TIMESTAMP.equals(tag)) {
                super.addImplicitResolver(tag, regexp, first, limit);
            }
        }
    }

    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = scalar.getValue();
                    value = key.equals("Fn::GetAtt") ? new ArrayList<>(Arrays.asList(text.split("\\.", 2))) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> call = new LinkedHashMap<>();
                call.put(key, value);
                return call;
            }
        }
    }
}
