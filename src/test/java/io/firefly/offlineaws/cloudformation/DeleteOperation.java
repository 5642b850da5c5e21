package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.resources.DeleteCause;
import io.firefly.offlineaws.template.TemplateEvaluator;
import io.firefly.offlineaws.template.TemplateException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * DeleteStack: every resource deleted in reverse creation order, or skipped (DELETE_SKIPPED) when its
 * DeletionPolicy or the request's RetainResources keeps it. A resource that fails to delete stays, and
 * so do the resources it depends on; the stack then ends DELETE_FAILED, to be deleted again later.
 */
final class DeleteOperation extends StackOperation {

    private final Deque<String> order = new ArrayDeque<>();
    private final Set<String> retain;
    private final Set<String> failed = new LinkedHashSet<>();
    private final Set<String> kept = new HashSet<>();
    private final Consumer<Stack> deleted;
    private boolean ended;

    /** @param deleted told when the stack reaches DELETE_COMPLETE, so its name can be used again */
    DeleteOperation(Stack stack, OperationContext context, Set<String> retain, Consumer<Stack> deleted) {
        super(stack, context);
        this.retain = Set.copyOf(retain);
        this.deleted = deleted;
        List<StackResource> resources = new ArrayList<>(stack.resources());
        for (int i = resources.size() - 1; i >= 0; i--) {
            order.add(resources.get(i).logicalId());
        }
        stack.transition(StackStatus.DELETE_IN_PROGRESS, "User Initiated", now());
    }

    @Override
    Step next() {
        while (!ended && !order.isEmpty()) {
            String id = order.poll();
            if (kept.contains(id) || stack.resource(id).isEmpty()) {
                continue;
            }
            return deleteStep(stack.resource(id).get());
        }
        return ended ? null : end();
    }

    private Step deleteStep(StackResource resource) {
        boolean keep = retain.contains(resource.logicalId()) || resource.retainedOnDelete();
        return deleteResource(resource, keep, DeleteCause.STACK_DELETE, reason -> {
            stack.resourceEvent(stack.resource(resource.logicalId()).orElse(resource), "DELETE_FAILED", reason, now());
            failed.add(resource.logicalId());
            kept.addAll(dependenciesOf(resource.logicalId()));
        });
    }

    /** Everything a resource needs, directly or not: none of it may go while the resource stays. */
    private Set<String> dependenciesOf(String logicalId) {
        if (stack.definition() == null) {
            return Set.of();
        }
        try {
            TemplateEvaluator evaluator = context.evaluator(stack, stack.definition());
            Set<String> all = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(logicalId));
            while (!todo.isEmpty()) {
                String id = todo.poll();
                if (!evaluator.creationOrder().contains(id)) {
                    continue;
                }
                for (String dependency : evaluator.dependenciesOf(id)) {
                    if (all.add(dependency)) {
                        todo.add(dependency);
                    }
                }
            }
            return all;
        } catch (TemplateException e) {
            return Set.of();
        }
    }

    private Step end() {
        ended = true;
        if (failed.isEmpty()) {
            stack.transition(StackStatus.DELETE_COMPLETE, null, now());
            deleted.accept(stack);
        } else {
            stack.transition(StackStatus.DELETE_FAILED, failedResources("delete", failed), now());
        }
        return null;
    }
}
