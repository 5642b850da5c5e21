package io.firefly.operator.template;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a CloudFormation template, YAML (with the short forms {@code !Ref}, {@code !Sub}, {@code !GetAtt} ...)
 * or JSON, into one JSON tree with the intrinsic functions in their long form, typing each value as
 * CloudFormation does (see {@link ScalarReading}). The one reader of templates, for the operator and for the
 * tests' offline CloudFormation alike.
 */
public final class CloudFormationYaml {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudFormationYaml() {
    }

    /**
     * A template: the text as written, and the tree CloudFormation reads from it.
     *
     * @throws TemplateFormatException when the text is not well-formed or not a mapping
     */
    public static CloudFormationTemplate parse(String body) {
        Read read = read(body == null ? "" : body, ScalarReading.CLOUDFORMATION);
        if (!(read.json() instanceof ObjectNode)) {
            throw new TemplateFormatException("the template is not a YAML or JSON mapping");
        }
        return new CloudFormationTemplate(body, read.format(), read.json());
    }

    /**
     * Any YAML or JSON document, typed as CloudFormation types a template's values; a null node for an
     * empty text.
     *
     * @throws TemplateFormatException when the text is not well-formed
     */
    public static JsonNode read(String body) {
        return read(body, ScalarReading.CLOUDFORMATION).json();
    }

    /**
     * A body that starts with a brace is read as JSON; should that fail, it may still be a YAML flow mapping
     * (short-form tags are not JSON), and only when YAML fails too is the JSON error reported.
     */
    static Read read(String body, ScalarReading reading) {
        YamlTemplateReader yaml = new YamlTemplateReader(reading);
        if (!body.stripLeading().startsWith("{")) {
            return new Read(yaml.read(body), CloudFormationTemplate.Format.YAML);
        }
        try {
            return new Read(JSON.readTree(body), CloudFormationTemplate.Format.JSON);
        } catch (JsonProcessingException e) {
            try {
                return new Read(yaml.read(body), CloudFormationTemplate.Format.YAML);
            } catch (TemplateFormatException notYamlEither) {
                JsonLocation at = e.getLocation();
                String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
                throw new TemplateFormatException("Template format error: JSON not well-formed." + where);
            }
        }
    }

    record Read(JsonNode json, CloudFormationTemplate.Format format) {
    }
}
