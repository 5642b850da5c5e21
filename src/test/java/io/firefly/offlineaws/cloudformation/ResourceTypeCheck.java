package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.resources.ResourceProviders;
import io.firefly.offlineaws.template.ResourceDeclaration;
import io.firefly.offlineaws.template.Template;
import io.firefly.offlineaws.template.serverless.ServerlessTransform;

import java.util.List;

/**
 * CloudFormation refuses a template that declares a resource type it does not know, synchronously and
 * before anything is created, naming every such type in the order the template declares them:
 * {@code Template format error: Unrecognized resource types: [AWS::NotReal::Thing, Bogus]}. Here the known
 * types are those a resource provider of the offline AWS handles; under the Serverless transform, its
 * {@code AWS::Serverless::*} types are the transform's to expand or refuse. Every declared resource is
 * checked, whatever its Condition, as ValidateTemplate does without parameter values.
 */
final class ResourceTypeCheck {

    private ResourceTypeCheck() {
    }

    static void requireRecognized(Template template) {
        boolean serverless = template.transforms().contains(Template.SERVERLESS_TRANSFORM);
        List<String> unrecognized = template.resources().values().stream()
                .map(ResourceDeclaration::type)
                .filter(type -> !ResourceProviders.knows(type) && !(serverless && ServerlessTransform.handles(type)))
                .distinct()
                .toList();
        if (!unrecognized.isEmpty()) {
            throw CloudFormationError.validation("Template format error: Unrecognized resource types: ["
                    + String.join(", ", unrecognized) + "]");
        }
    }
}
