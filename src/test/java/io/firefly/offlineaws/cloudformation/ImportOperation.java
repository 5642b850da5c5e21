package io.firefly.offlineaws.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import io.firefly.offlineaws.resources.ResourceProvider;
import io.firefly.offlineaws.template.ResourceDeclaration;
import io.firefly.offlineaws.template.TemplateEvaluator;
import io.firefly.offlineaws.template.TemplateException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Executing an IMPORT change set: each resource to import is looked up and adopted as it is (nothing is
 * created or changed). IMPORT_IN_PROGRESS then IMPORT_COMPLETE; if a resource is missing, the adopted
 * ones are let go again (never deleted) and the stack ends IMPORT_ROLLBACK_COMPLETE.
 */
final class ImportOperation extends StackOperation {

    private final ChangeSet changeSet;
    private final StackDefinition previous;
    private final TemplateEvaluator evaluator;
    private final Map<String, ResourceDeclaration> declarations;
    private final Deque<ResourceToImport> pending;
    private final List<String> adopted = new ArrayList<>();
    private boolean rollingBack;
    private boolean ended;

    ImportOperation(Stack stack, OperationContext context, ChangeSet changeSet) {
        super(stack, context);
        this.changeSet = changeSet;
        this.previous = stack.definition();
        this.evaluator = context.evaluator(stack, changeSet.definition());
        this.declarations = evaluator.template().resources();
        this.pending = new ArrayDeque<>(changeSet.imports());
        stack.define(changeSet.definition());
        stack.transition(StackStatus.IMPORT_IN_PROGRESS, "User Initiated", now());
        changeSet.executionStatus("EXECUTE_IN_PROGRESS");
    }

    @Override
    Step next() {
        if (ended) {
            return null;
        }
        if (rollingBack) {
            return adopted.isEmpty() ? end(StackStatus.IMPORT_ROLLBACK_COMPLETE, "EXECUTE_FAILED") : release(adopted.remove(adopted.size() - 1));
        }
        return pending.isEmpty() ? end(StackStatus.IMPORT_COMPLETE, "EXECUTE_COMPLETE") : adopt(pending.poll());
    }

    private Step adopt(ResourceToImport item) {
        ResourceDeclaration declaration = declarations.get(item.logicalId());
        JsonNode properties;
        try {
            properties = evaluator.properties(item.logicalId(), new StackAttributes(stack));
        } catch (TemplateException e) {
            properties = declaration.properties();
        }
        StackResource wanted = new StackResource(item.logicalId(), item.resourceType(), null, properties, Map.of(),
                declaration.deletionPolicy(), declaration.updateReplacePolicy(), null, null, now());
        stack.resourceEvent(wanted, "IMPORT_IN_PROGRESS", "Resource import started.", now());
        adopted.add(item.logicalId());
        ResourceProvider provider = context.provider(item.resourceType());
        return new Step(() -> Step.attempt(() -> provider.importExisting(item.resourceType(), item.identifier())), result -> {
            if (result.failed()) {
                stack.resourceEvent(stack.resource(item.logicalId()).orElse(wanted), "IMPORT_FAILED", result.failureReason(), now());
                rollingBack = true;
                stack.transition(StackStatus.IMPORT_ROLLBACK_IN_PROGRESS, failedResources("import", List.of(item.logicalId())), now());
                return;
            }
            StackResource adoptedResource = new StackResource(wanted.logicalId(), wanted.type(), result.resource().physicalId(),
                    wanted.properties(), result.resource().attributes(), wanted.deletionPolicy(), wanted.updateReplacePolicy(),
                    null, null, now());
            stack.resourceEvent(adoptedResource, "IMPORT_COMPLETE", "Resource import completed.", now());
        });
    }

    /** Undoing an import forgets the resource; the resource itself stays, as its DeletionPolicy demands. */
    private Step release(String logicalId) {
        StackResource resource = stack.resource(logicalId).orElseThrow();
        stack.resourceEvent(resource, "IMPORT_ROLLBACK_IN_PROGRESS", null, now());
        return new Step(() -> Step.NOTHING, result -> {
            stack.resourceEvent(resource, "IMPORT_ROLLBACK_COMPLETE", null, now());
            stack.removeResource(logicalId);
        });
    }

    private Step end(StackStatus status, String executionStatus) {
        if (status == StackStatus.IMPORT_ROLLBACK_COMPLETE) {
            stack.define(previous);
        }
        stack.transition(status, null, now());
        changeSet.executionStatus(executionStatus);
        ended = true;
        return null;
    }
}
