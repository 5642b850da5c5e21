package io.firefly.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the example templates, which are written in long form (Ref:, Fn::GetAtt:) to stay plain YAML. */
final class CloudFormationTemplates {
    /** A short-form intrinsic function such as !Ref or !GetAtt after a key or a list dash. */
    private static final Pattern SHORT_FORM = Pattern.compile("(?m)^\\s*(?:-\\s+|[\\w:.-]+:\\s+)(![A-Za-z]+)");

    private CloudFormationTemplates() {}

    static JsonNode read(String stack) {
        Path file = ExpectedStacks.template(stack);
        Matcher shortForm = SHORT_FORM.matcher(YamlDocuments.text(file));
        if (shortForm.find()) {
            // A plain YAML reader drops the tag and keeps only its argument, so the test would read
            // "TableArn" where CloudFormation sees a reference: refuse instead of misreading.
            throw new IllegalStateException(file + " uses " + shortForm.group(1)
                    + ": write intrinsic functions in long form (Ref:, Fn::GetAtt:, Fn::Sub:) so the template stays plain YAML");
        }
        return YamlDocuments.readSingle(file);
    }

    /** The only resource of a template that must declare exactly one. */
    static JsonNode onlyResource(JsonNode template, String stack) {
        JsonNode resources = template.path("Resources");
        if (resources.size() != 1) {
            throw new AssertionError(stack + " must declare exactly one resource, declares " + resources.size());
        }
        return resources.elements().next();
    }
}
