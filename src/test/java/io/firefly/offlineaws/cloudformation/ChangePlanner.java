package io.firefly.offlineaws.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import io.firefly.offlineaws.resources.ResourceProvider;
import io.firefly.offlineaws.resources.ResourceProviders;
import io.firefly.offlineaws.template.ResourceDeclaration;
import io.firefly.offlineaws.template.TemplateEvaluator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works out what a new definition would change in a stack: resources to add, modify (in place or by
 * replacement) and remove, compared on resolved properties; and whether the outputs would change.
 */
final class ChangePlanner {

    /** The changes, and whether anything beyond resources (outputs) would change. */
    record Plan(List<ResourceChange> changes, boolean outputsChange) {
    }

    private final ResourceProviders providers;

    ChangePlanner(ResourceProviders providers) {
        this.providers = providers;
    }

    /**
     * @throws io.firefly.offlineaws.template.TemplateException when a property cannot be resolved
     * @throws CloudFormationError when a resource would change its type
     */
    Plan plan(Stack stack, TemplateEvaluator target) {
        Set<String> unknown = new HashSet<>();
        PlanningAttributes attributes = new PlanningAttributes(stack, unknown);
        Map<String, ResourceDeclaration> declarations = target.template().resources();
        List<ResourceChange> changes = new ArrayList<>();
        List<String> order = target.creationOrder();
        for (String id : order) {
            ResourceDeclaration declaration = declarations.get(id);
            JsonNode properties = target.properties(id, attributes);
            StackResource existing = stack.resource(id).orElse(null);
            if (existing == null) {
                changes.add(new ResourceChange("Add", id, null, declaration.type(), null, List.of(), List.of(), null));
                unknown.add(id);
                continue;
            }
            if (!existing.type().equals(declaration.type())) {
                throw CloudFormationError.validation("Update of resource type is not permitted. The new template "
                        + "modifies resource type of the following resources: [" + id + "]");
            }
            ResourceChange change = modification(existing, declaration, properties);
            if (change != null) {
                changes.add(change);
                if (change.replaces()) {
                    unknown.add(id);
                }
            }
        }
        for (StackResource resource : stack.resources()) {
            if (!order.contains(resource.logicalId())) {
                changes.add(new ResourceChange("Remove", resource.logicalId(), resource.physicalId(), resource.type(), null,
                        List.of(), List.of(), resource.retainedOnDelete() ? "Retain" : "Delete"));
            }
        }
        boolean outputsChange = !StackOutputs.evaluate(target, attributes).equals(stack.outputs());
        return new Plan(changes, outputsChange);
    }

    /** The Modify change for a resource that stays, or null when nothing about it changes. */
    private ResourceChange modification(StackResource existing, ResourceDeclaration declaration, JsonNode properties) {
        List<String> scope = new ArrayList<>();
        boolean propertiesChange = !existing.properties().equals(properties);
        if (propertiesChange) {
            scope.add("Properties");
        }
        if (!existing.deletionPolicy().equals(declaration.deletionPolicy())) {
            scope.add("DeletionPolicy");
        }
        if (!existing.updateReplacePolicy().equals(declaration.updateReplacePolicy())) {
            scope.add("UpdateReplacePolicy");
        }
        if (scope.isEmpty()) {
            return null;
        }
        ResourceProvider provider = providers.forType(existing.type());
        boolean replaces = propertiesChange && provider.requiresReplacement(existing.type(), existing.properties(), properties);
        List<ResourceChange.PropertyChange> details = new ArrayList<>();
        for (String name : changedProperties(existing.properties(), properties)) {
            details.add(new ResourceChange.PropertyChange(name,
                    provider.replacesOnChange(existing.type(), name) ? "Always" : "Never"));
        }
        return new ResourceChange("Modify", existing.logicalId(), existing.physicalId(), existing.type(),
                replaces ? "True" : "False", scope, details, null);
    }

    private static Set<String> changedProperties(JsonNode before, JsonNode after) {
        Set<String> names = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        names.removeIf(name -> before.path(name).equals(after.path(name)));
        return names;
    }
}
