package io.firefly.offlineaws.template;

import com.fasterxml.jackson.databind.JsonNode;

/** The two forms of the {@code Fn::GetAtt} argument: {@code ["Res", "Attr"]} and {@code "Res.Attr"}. */
final class GetAtt {

    private static final String INVALID = "Template error: every Fn::GetAtt object requires two non-empty parameters";

    private GetAtt() {
    }

    static String target(JsonNode argument) {
        if (argument.isTextual()) {
            return split(argument.asText())[0];
        }
        if (argument.isArray() && argument.size() == 2 && argument.get(0).isTextual() && !argument.get(0).asText().isEmpty()) {
            return argument.get(0).asText();
        }
        throw new TemplateException(INVALID);
    }

    /** The attribute name as written: text, or an intrinsic (for example a Ref to a parameter) to resolve. */
    static JsonNode attributeNode(JsonNode argument) {
        if (argument.isTextual()) {
            return Json.NODES.textNode(split(argument.asText())[1]);
        }
        target(argument);
        return argument.get(1);
    }

    private static String[] split(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new TemplateException(INVALID);
        }
        return new String[] {text.substring(0, dot), text.substring(dot + 1)};
    }
}
