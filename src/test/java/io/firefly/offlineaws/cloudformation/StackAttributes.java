package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.template.ResourceAttributes;
import io.firefly.offlineaws.template.TemplateException;

/** Ref and Fn::GetAtt answered from what a stack's resources are now. */
final class StackAttributes implements ResourceAttributes {

    private final Stack stack;

    StackAttributes(Stack stack) {
        this.stack = stack;
    }

    @Override
    public String ref(String logicalId) {
        return stack.resource(logicalId)
                .filter(r -> r.physicalId() != null)
                .orElseThrow(() -> new TemplateException("Template error: resource " + logicalId + " does not exist yet"))
                .physicalId();
    }

    @Override
    public String getAtt(String logicalId, String attribute) {
        StackResource resource = stack.resource(logicalId)
                .orElseThrow(() -> new TemplateException("Template error: resource " + logicalId + " does not exist yet"));
        String value = resource.attributes().get(attribute);
        if (value == null) {
            throw new TemplateException("Template error: resource " + logicalId + " does not support attribute type "
                    + attribute + " in Fn::GetAtt");
        }
        return value;
    }
}
