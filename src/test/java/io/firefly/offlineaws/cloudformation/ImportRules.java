package io.firefly.offlineaws.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import io.firefly.offlineaws.resources.ResourceProviders;
import io.firefly.offlineaws.template.ResourceDeclaration;
import io.firefly.offlineaws.template.TemplateEvaluator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules an IMPORT change set must satisfy before CloudFormation accepts it: the template describes
 * the whole stack, every imported resource carries a DeletionPolicy, nothing else is created, changed or
 * deleted, the Outputs stay as they are, and no imported resource already belongs to a stack.
 */
final class ImportRules {

    static final int MAX_RESOURCES = 200;

    private final ResourceProviders providers;
    private final ChangePlanner planner;

    ImportRules(ResourceProviders providers, ChangePlanner planner) {
        this.providers = providers;
        this.planner = planner;
    }

    /** @throws CloudFormationError naming the first rule broken */
    void check(Stack stack, TemplateEvaluator target, List<ResourceToImport> imports, Collection<Stack> liveStacks) {
        if (imports.isEmpty()) {
            throw CloudFormationError.validation("ResourcesToImport must name at least one resource when ChangeSetType is IMPORT");
        }
        if (imports.size() > MAX_RESOURCES) {
            throw CloudFormationError.validation("ResourcesToImport may name at most " + MAX_RESOURCES + " resources");
        }
        Map<String, ResourceDeclaration> declarations = target.template().resources();
        List<String> withoutPolicy = new ArrayList<>();
        for (ResourceToImport item : imports) {
            ResourceDeclaration declaration = declarations.get(item.logicalId());
            if (declaration == null || !target.creationOrder().contains(item.logicalId())) {
                throw CloudFormationError.validation("Resource " + item.logicalId()
                        + " passed in ResourcesToImport does not exist in the template");
            }
            if (!declaration.type().equals(item.resourceType())) {
                throw CloudFormationError.validation("Resource " + item.logicalId() + " passed in ResourcesToImport has type "
                        + item.resourceType() + " but the template declares " + declaration.type());
            }
            String property = providers.forType(item.resourceType()).identifierProperty(item.resourceType());
            if (!item.identifier().containsKey(property)) {
                throw CloudFormationError.validation("ResourceIdentifier of " + item.logicalId() + " must contain "
                        + property + ", the identifier of " + item.resourceType());
            }
            if (declaration.deletionPolicy().isEmpty()) {
                withoutPolicy.add(item.logicalId());
            }
        }
        if (!withoutPolicy.isEmpty()) {
            throw CloudFormationError.validation("The following resources to import " + withoutPolicy
                    + " must have DeletionPolicy attribute specified in the template.");
        }
        Map<String, JsonNode> previousOutputs = stack.definition() == null
                ? Map.of() : stack.definition().template().expandServerless().outputs();
        if (!new LinkedHashMap<>(previousOutputs).equals(target.template().outputs())) {
            throw CloudFormationError.validation("As part of the import operation, you cannot modify or add [Outputs]");
        }
        Set<String> importedIds = new LinkedHashSet<>();
        imports.forEach(item -> importedIds.add(item.logicalId()));
        List<String> modified = planner.plan(stack, target).changes().stream()
                .map(ResourceChange::logicalId)
                .filter(id -> !importedIds.contains(id))
                .toList();
        if (!modified.isEmpty()) {
            throw CloudFormationError.validation("You have modified resources " + modified + " in your template that are "
                    + "not being imported. Update, create or delete operations cannot be executed during import operations.");
        }
        List<String> owned = new ArrayList<>();
        for (ResourceToImport item : imports) {
            String identifier = item.identifier().get(providers.forType(item.resourceType()).identifierProperty(item.resourceType()));
            boolean inAStack = liveStacks.stream().flatMap(s -> s.resources().stream())
                    .anyMatch(r -> r.type().equals(item.resourceType()) && identifier.equals(r.physicalId()));
            if (inAStack) {
                owned.add(item.logicalId());
            }
        }
        if (!owned.isEmpty()) {
            throw CloudFormationError.validation("Resources " + owned
                    + " passed in ResourceToImport are already in a stack and cannot be imported.");
        }
    }
}
