package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.template.ResourceAttributes;
import io.firefly.offlineaws.template.TemplateException;

import java.util.Set;

/**
 * Ref and Fn::GetAtt while a change set is computed: resources that exist and stay answer with their
 * real values; resources to be created or replaced are not known yet and answer with a placeholder,
 * so whatever refers to them shows up as changed.
 */
final class PlanningAttributes implements ResourceAttributes {

    private final Stack stack;
    private final Set<String> unknown;

    /** @param unknown logical ids that will get a new physical resource; filled in while planning */
    PlanningAttributes(Stack stack, Set<String> unknown) {
        this.stack = stack;
        this.unknown = unknown;
    }

    @Override
    public String ref(String logicalId) {
        if (unknown.contains(logicalId)) {
            return placeholder(logicalId);
        }
        return stack.resource(logicalId).map(StackResource::physicalId).orElse(placeholder(logicalId));
    }

    @Override
    public String getAtt(String logicalId, String attribute) {
        if (unknown.contains(logicalId) || stack.resource(logicalId).isEmpty()) {
            return placeholder(logicalId + "." + attribute);
        }
        String value = stack.resource(logicalId).get().attributes().get(attribute);
        if (value == null) {
            throw new TemplateException("Template error: resource " + logicalId + " does not support attribute type "
                    + attribute + " in Fn::GetAtt");
        }
        return value;
    }

    private static String placeholder(String what) {
        return "{{unknown:" + what + "}}";
    }
}
