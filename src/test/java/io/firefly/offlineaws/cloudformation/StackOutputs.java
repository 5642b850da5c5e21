package io.firefly.offlineaws.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import io.firefly.offlineaws.template.ResourceAttributes;
import io.firefly.offlineaws.template.TemplateEvaluator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A template's Outputs evaluated for a stack, with the description and export name each declares. */
final class StackOutputs {

    private StackOutputs() {
    }

    static List<StackOutput> evaluate(TemplateEvaluator evaluator, ResourceAttributes attributes) {
        Map<String, String> values = evaluator.outputs(attributes);
        Map<String, JsonNode> declared = evaluator.template().outputs();
        List<StackOutput> outputs = new ArrayList<>();
        values.forEach((key, value) -> {
            JsonNode declaration = declared.get(key);
            outputs.add(new StackOutput(key, value, text(declaration.get("Description")),
                    text(declaration.path("Export").get("Name"))));
        });
        return outputs;
    }

    /** Plain text only: a description or export name written as an intrinsic function is left out. */
    private static String text(JsonNode node) {
        return node != null && node.isValueNode() ? node.asText() : null;
    }
}
