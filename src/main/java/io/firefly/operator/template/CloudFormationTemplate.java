package io.firefly.operator.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A template as the user wrote it ({@link #text()}, what the operator sends to CloudFormation) and as
 * CloudFormation reads it ({@link #json()}).
 */
public final class CloudFormationTemplate {

    public enum Format { JSON, YAML }

    private final String text;
    private final Format format;
    private final JsonNode json;

    CloudFormationTemplate(String text, Format format, JsonNode json) {
        this.text = text;
        this.format = format;
        this.json = json;
    }

    /** The text, byte for byte as written. */
    public String text() {
        return text;
    }

    public Format format() {
        return format;
    }

    /** The document with intrinsic functions in their long form and values typed as CloudFormation types them. */
    public JsonNode json() {
        return json.deepCopy();
    }

    /**
     * The document read with the given reading of the YAML scalars whose CloudFormation reading is uncertain;
     * a JSON template reads the same either way.
     */
    public JsonNode json(ScalarReading reading) {
        if (reading == ScalarReading.CLOUDFORMATION || format == Format.JSON) {
            return json();
        }
        return CloudFormationYaml.read(text, reading).json();
    }

    /**
     * Each parameter's Default: the value a stack has for a parameter it was not given. A default whose YAML
     * reading is uncertain (see {@link ScalarReading}) and differs between the readings is left out.
     */
    public Map<String, String> parameterDefaults() {
        JsonNode alternative = json(ScalarReading.ALTERNATIVE).path("Parameters");
        Map<String, String> defaults = new TreeMap<>();
        json.path("Parameters").fields().forEachRemaining(parameter -> {
            JsonNode value = parameter.getValue().path("Default");
            JsonNode other = alternative.path(parameter.getKey()).path("Default");
            if (value.isValueNode() && !value.isNull() && other.isValueNode() && value.asText().equals(other.asText())) {
                defaults.put(parameter.getKey(), value.asText());
            }
        });
        return defaults;
    }

    /**
     * This template without some members of one of its mappings, cut out of the text: every other character
     * stays as written, comments and layout included. In YAML a member's lines go (its key line and the lines
     * of its value); in JSON and YAML flow mappings the member and the comma that separated it go.
     *
     * @param path the keys leading from the top of the template to the mapping, empty for the top itself
     * @param drop which of that mapping's keys to cut out
     */
    public CloudFormationTemplate withoutMembers(List<String> path, Predicate<String> drop) {
        String cut = TemplateMembers.cut(text, format, path, drop);
        return cut.equals(text) ? this : CloudFormationYaml.parse(cut);
    }
}
