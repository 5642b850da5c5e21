package io.firefly.offlineaws.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import io.firefly.offlineaws.resources.DeleteCause;
import io.firefly.offlineaws.resources.Provisioned;
import io.firefly.offlineaws.resources.ResourceProvider;
import io.firefly.offlineaws.resources.ResourceRequest;
import io.firefly.offlineaws.template.ResourceDeclaration;
import io.firefly.offlineaws.template.TemplateEvaluator;
import io.firefly.offlineaws.template.TemplateException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Creating or updating a stack: the changes of a change set (or of CreateStack/UpdateStack) applied in
 * creation order, independent resources together, then cleanup (removed resources, old copies of replaced ones). A failure rolls back:
 * a new stack deletes what it created (ROLLBACK_COMPLETE), an update undoes its changes in reverse
 * (UPDATE_ROLLBACK_COMPLETE). A rollback that cannot finish stops in ROLLBACK_FAILED or
 * UPDATE_ROLLBACK_FAILED; the latter resumes with {@link #resume}.
 */
final class DeployOperation extends StackOperation {

    private enum Phase { FORWARD, CLEANUP, ROLLBACK, ROLLBACK_CLEANUP, ENDED }

    /** Something done that a rollback undoes. */
    private sealed interface Undo {
        String logicalId();
    }

    /** A resource this operation added: a rollback deletes it. */
    private record UndoCreate(String logicalId) implements Undo {
    }

    /** A resource updated in place: a rollback updates it back to how it was. */
    private record UndoUpdate(StackResource before) implements Undo {
        public String logicalId() {
            return before.logicalId();
        }
    }

    /** A resource replaced by a new copy: a rollback returns to the old copy and discards the new one. */
    private record UndoReplace(StackResource before) implements Undo {
        public String logicalId() {
            return before.logicalId();
        }
    }

    /** A physical resource to delete once the stack no longer needs it. */
    private record Cleanup(StackResource copy, boolean removedFromStack, boolean retain) {
    }

    private final boolean creating;
    private final ChangeSet changeSet;
    private final StackDefinition target;
    private final StackDefinition previous;
    private final List<StackOutput> previousOutputs;
    private final TemplateEvaluator evaluator;
    private final Map<String, ResourceDeclaration> declarations;
    private final boolean disableRollback;
    private final Deque<ResourceChange> forward = new ArrayDeque<>();
    private final Deque<Cleanup> cleanup = new ArrayDeque<>();
    private final Deque<Undo> undo = new ArrayDeque<>();
    private final Deque<Cleanup> rollbackCleanup = new ArrayDeque<>();
    private Phase phase = Phase.FORWARD;

    /**
     * Starts the operation: the stack moves to CREATE_IN_PROGRESS or UPDATE_IN_PROGRESS at once, and takes
     * its new definition (restored if the update rolls back).
     *
     * @param changeSet the executed change set, or null for CreateStack/UpdateStack
     */
    DeployOperation(Stack stack, OperationContext context, ChangeSet changeSet, StackDefinition target,
                    List<ResourceChange> changes, boolean disableRollback) {
        super(stack, context);
        this.creating = stack.definition() == null || stack.status() == StackStatus.REVIEW_IN_PROGRESS;
        this.changeSet = changeSet;
        this.target = target;
        this.previous = stack.definition();
        this.previousOutputs = stack.outputs();
        this.evaluator = context.evaluator(stack, target);
        this.declarations = evaluator.template().resources();
        this.disableRollback = disableRollback;
        Map<String, ResourceChange> byId = new LinkedHashMap<>();
        changes.forEach(c -> byId.put(c.logicalId(), c));
        for (String id : evaluator.creationOrder()) {
            ResourceChange change = byId.get(id);
            if (change != null && !change.action().equals("Remove")) {
                forward.add(change);
            }
        }
        List<StackResource> existing = new ArrayList<>(stack.resources());
        for (int i = existing.size() - 1; i >= 0; i--) {
            StackResource resource = existing.get(i);
            ResourceChange change = byId.get(resource.logicalId());
            if (change != null && change.action().equals("Remove")) {
                cleanup.add(new Cleanup(resource, true, resource.retainedOnDelete()));
            }
        }
        stack.define(target);
        stack.disableRollback(disableRollback);
        stack.transition(creating ? StackStatus.CREATE_IN_PROGRESS : StackStatus.UPDATE_IN_PROGRESS, "User Initiated", now());
        if (changeSet != null) {
            changeSet.executionStatus("EXECUTE_IN_PROGRESS");
        }
    }

    @Override
    Step next() {
        return switch (phase) {
            case FORWARD -> forward.isEmpty() ? finishForward() : waveStep(nextWave());
            case CLEANUP -> cleanup.isEmpty() ? end(StackStatus.UPDATE_COMPLETE, "EXECUTE_COMPLETE") : cleanupStep(cleanup.poll());
            case ROLLBACK -> undo.isEmpty() ? finishRollback() : undoStep(undo.poll());
            case ROLLBACK_CLEANUP -> rollbackCleanup.isEmpty()
                    ? end(StackStatus.UPDATE_ROLLBACK_COMPLETE, "EXECUTE_FAILED") : cleanupStep(rollbackCleanup.poll());
            case ENDED -> null;
        };
    }

    /** ContinueUpdateRollback: the skipped resources count as rolled back, the others are retried. */
    void resume(Set<String> skipped) {
        for (Undo pending : List.copyOf(undo)) {
            if (skipped.contains(pending.logicalId())) {
                undo.remove(pending);
                skip(pending);
            }
        }
        stack.stoppedRollback(null);
        stack.transition(StackStatus.UPDATE_ROLLBACK_IN_PROGRESS, "User Initiated", now());
        phase = Phase.ROLLBACK;
    }

    /** The logical ids whose rollback failed and may be skipped. */
    Set<String> pendingRollback() {
        return Set.copyOf(undo.stream().map(Undo::logicalId).toList());
    }

    /** A skipped resource counts as rolled back: an added one leaves the stack, a changed one is as it was. */
    private void skip(Undo pending) {
        String reason = "Resource skipped during continue update rollback";
        if (pending instanceof UndoCreate create) {
            stack.resource(create.logicalId()).ifPresent(r -> {
                stack.resourceEvent(r, "DELETE_SKIPPED", reason, now());
                stack.removeResource(r.logicalId());
            });
        } else if (pending instanceof UndoUpdate update) {
            stack.resourceEvent(update.before(), "UPDATE_COMPLETE", reason, now());
        } else if (pending instanceof UndoReplace replace) {
            stack.resourceEvent(replace.before(), "UPDATE_COMPLETE", reason, now());
        }
    }

    /**
     * The queued changes that depend on no other queued change, in creation order: CloudFormation starts
     * resources with no dependency between them together, and a dependent once what it references is complete.
     * Every resource step takes the same time here, so running the template wave by wave starts each resource
     * exactly when it would start on its own.
     */
    private List<ResourceChange> nextWave() {
        Set<String> queued = new HashSet<>();
        forward.forEach(c -> queued.add(c.logicalId()));
        List<ResourceChange> wave = forward.stream()
                .filter(c -> evaluator.dependenciesOf(c.logicalId()).stream().noneMatch(queued::contains))
                .toList();
        forward.removeAll(wave);
        return wave;
    }

    /** One step for a whole wave: each resource announced now, all worked on together, all finished together. */
    private Step waveStep(List<ResourceChange> wave) {
        if (wave.size() == 1) {
            return forwardStep(wave.get(0));
        }
        List<Step> steps = wave.stream().map(this::forwardStep).toList();
        Step.Result[] results = new Step.Result[steps.size()];
        return new Step(() -> {
            for (int i = 0; i < steps.size(); i++) {
                results[i] = steps.get(i).work().get();
            }
            return Step.NOTHING;
        }, ignored -> {
            for (int i = 0; i < steps.size(); i++) {
                steps.get(i).finish().accept(results[i]);
            }
        });
    }

    private Step forwardStep(ResourceChange change) {
        String id = change.logicalId();
        ResourceDeclaration declaration = declarations.get(id);
        ResourceProvider provider = context.provider(declaration.type());
        JsonNode properties;
        Optional<String> failure;
        try {
            properties = evaluator.properties(id, new StackAttributes(stack));
            failure = context.faults().takeResourceFailure(stack.stackName(), id);
        } catch (TemplateException e) {
            properties = declaration.properties();
            failure = Optional.of(e.getMessage());
        }
        ResourceRequest request = new ResourceRequest(stack.stackName(), id, declaration.type(), properties);
        StackResource wanted = new StackResource(id, declaration.type(), null, properties, Map.of(),
                declaration.deletionPolicy(), declaration.updateReplacePolicy(), null, null, now());
        if (change.action().equals("Add")) {
            stack.resourceEvent(wanted, "CREATE_IN_PROGRESS", null, now());
            undo.push(new UndoCreate(id));
            return step(failure, () -> Step.attempt(() -> provider.create(request)), result -> finished(wanted, result,
                    "CREATE_COMPLETE", "CREATE_FAILED", "create"));
        }
        StackResource before = stack.resource(id).orElseThrow();
        if (change.replaces()) {
            Optional<String> name = provider.customName(before.type(), before.properties());
            if (failure.isEmpty() && name.isPresent() && name.equals(provider.customName(request.type(), properties))) {
                failure = Optional.of("CloudFormation cannot update a stack when a custom-named resource requires "
                        + "replacing. Rename " + name.get() + " and update the stack again.");
            }
            stack.resourceEvent(before, "UPDATE_IN_PROGRESS",
                    "Requested update requires the creation of a new physical resource; hence creating one.", now());
            undo.push(new UndoReplace(before));
            return step(failure, () -> Step.attempt(() -> provider.create(request)), result -> {
                if (!result.failed()) {
                    cleanup.add(new Cleanup(before, false, before.updateReplacePolicy().filter("Retain"::equals).isPresent()));
                }
                finished(wanted, result, "UPDATE_COMPLETE", "UPDATE_FAILED", "update");
            });
        }
        stack.resourceEvent(before, "UPDATE_IN_PROGRESS", null, now());
        undo.push(new UndoUpdate(before));
        Provisioned current = new Provisioned(before.physicalId(), before.attributes());
        boolean propertiesChanged = !before.properties().equals(properties);
        return step(failure, () -> propertiesChanged
                        ? Step.attempt(() -> provider.update(request, current, before.properties()))
                        : Step.Result.done(current),
                result -> finished(wanted, result, "UPDATE_COMPLETE", "UPDATE_FAILED", "update"));
    }

    /** The step, or one that fails with the reason already known (an injected fault, an unresolvable property). */
    private static Step step(Optional<String> failure, Supplier<Step.Result> work, Consumer<Step.Result> finish) {
        return failure.map(reason -> Step.failing(reason, finish)).orElseGet(() -> new Step(work, finish));
    }

    private void finished(StackResource wanted, Step.Result result, String complete, String failedStatus, String verb) {
        if (result.failed()) {
            StackResource current = stack.resource(wanted.logicalId()).orElse(wanted);
            stack.resourceEvent(current, failedStatus, result.failureReason(), now());
            fail(failedResources(verb, List.of(wanted.logicalId())));
        } else {
            stack.resourceEvent(withResource(wanted, result.resource()), complete, null, now());
        }
    }

    private static StackResource withResource(StackResource wanted, Provisioned resource) {
        return new StackResource(wanted.logicalId(), wanted.type(), resource.physicalId(), wanted.properties(),
                resource.attributes(), wanted.deletionPolicy(), wanted.updateReplacePolicy(), null, null, wanted.timestamp());
    }

    private Step finishForward() {
        try {
            stack.outputs(StackOutputs.evaluate(evaluator, new StackAttributes(stack)));
        } catch (TemplateException e) {
            fail(e.getMessage());
            return Step.pause();
        }
        if (creating) {
            return end(StackStatus.CREATE_COMPLETE, "EXECUTE_COMPLETE");
        }
        stack.transition(StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, null, now());
        phase = Phase.CLEANUP;
        return Step.pause();
    }

    /** A forward step failed: roll back, or stop where it is when rollback is disabled. */
    private void fail(String reason) {
        if (phase != Phase.FORWARD) {
            // another resource of the same wave failed first: the stack is already rolling back or stopped
            return;
        }
        forward.clear();
        cleanup.clear();
        if (disableRollback) {
            stack.transition(creating ? StackStatus.CREATE_FAILED : StackStatus.UPDATE_FAILED, reason, now());
            if (changeSet != null) {
                changeSet.executionStatus("EXECUTE_FAILED");
            }
            phase = Phase.ENDED;
            return;
        }
        phase = Phase.ROLLBACK;
        stack.transition(creating ? StackStatus.ROLLBACK_IN_PROGRESS : StackStatus.UPDATE_ROLLBACK_IN_PROGRESS,
                creating ? reason + "Rollback requested by user." : reason, now());
    }

    private Step undoStep(Undo pending) {
        if (pending instanceof UndoCreate create) {
            return undoCreate(create);
        }
        if (pending instanceof UndoUpdate update) {
            return undoUpdate(update);
        }
        return undoReplace((UndoReplace) pending);
    }

    private Step undoCreate(UndoCreate create) {
        Optional<StackResource> found = stack.resource(create.logicalId());
        if (found.isEmpty()) {
            return next();
        }
        StackResource resource = found.get();
        // RetainExceptOnCreate: what this operation created is deleted after all
        boolean keep = resource.deletionPolicy().filter("Retain"::equals).isPresent();
        return deleteResource(resource, keep, DeleteCause.ROLLBACK,
                reason -> rollbackFailed(create, resource, "DELETE_FAILED", reason, "delete"));
    }

    private Step undoUpdate(UndoUpdate update) {
        StackResource before = update.before();
        StackResource current = stack.resource(before.logicalId()).orElse(before);
        stack.resourceEvent(current, "UPDATE_IN_PROGRESS", null, now());
        if (current.properties().equals(before.properties())) {
            return new Step(() -> Step.NOTHING, result -> stack.resourceEvent(before, "UPDATE_COMPLETE", null, now()));
        }
        ResourceProvider provider = context.provider(before.type());
        ResourceRequest request = new ResourceRequest(stack.stackName(), before.logicalId(), before.type(), before.properties());
        Provisioned now = new Provisioned(current.physicalId(), current.attributes());
        return new Step(() -> Step.attempt(() -> provider.update(request, now, current.properties())), result -> {
            if (result.failed()) {
                rollbackFailed(update, current, "UPDATE_FAILED", result.failureReason(), "update");
            } else {
                stack.resourceEvent(before, "UPDATE_COMPLETE", null, now());
            }
        });
    }

    private Step undoReplace(UndoReplace replace) {
        StackResource before = replace.before();
        StackResource current = stack.resource(before.logicalId()).orElse(before);
        if (current.physicalId() != null && !current.physicalId().equals(before.physicalId())) {
            rollbackCleanup.add(new Cleanup(current, false, false));
        }
        stack.resourceEvent(current, "UPDATE_IN_PROGRESS", null, now());
        return new Step(() -> Step.NOTHING, result -> stack.resourceEvent(before, "UPDATE_COMPLETE", null, now()));
    }

    /** The rollback cannot go on: the stack stops, keeping what is left to undo for ContinueUpdateRollback. */
    private void rollbackFailed(Undo pending, StackResource resource, String status, String reason, String verb) {
        undo.push(pending);
        stack.resourceEvent(resource, status, reason, now());
        phase = Phase.ENDED;
        if (changeSet != null) {
            changeSet.executionStatus("EXECUTE_FAILED");
        }
        if (creating) {
            stack.transition(StackStatus.ROLLBACK_FAILED, failedResources(verb, List.of(resource.logicalId())), now());
        } else {
            stack.stoppedRollback(this);
            stack.transition(StackStatus.UPDATE_ROLLBACK_FAILED, failedResources(verb, List.of(resource.logicalId())), now());
        }
    }

    private Step finishRollback() {
        if (creating) {
            return end(StackStatus.ROLLBACK_COMPLETE, "EXECUTE_FAILED");
        }
        stack.define(previous);
        stack.outputs(previousOutputs);
        stack.transition(StackStatus.UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, null, now());
        phase = Phase.ROLLBACK_CLEANUP;
        return Step.pause();
    }

    /** Deletes a resource the stack no longer needs; a failure here is reported but does not fail the stack. */
    private Step cleanupStep(Cleanup item) {
        StackResource copy = item.copy();
        if (item.retain()) {
            event(item, "DELETE_SKIPPED", null);
            if (item.removedFromStack()) {
                stack.removeResource(copy.logicalId());
            }
            return Step.pause();
        }
        event(item, "DELETE_IN_PROGRESS", null);
        ResourceProvider provider = context.provider(copy.type());
        return new Step(() -> Step.attempt(() -> provider.delete(copy.type(), copy.physicalId(), DeleteCause.UPDATE_CLEANUP)),
                result -> {
                    event(item, result.failed() ? "DELETE_FAILED" : "DELETE_COMPLETE", result.failureReason());
                    if (item.removedFromStack()) {
                        stack.removeResource(copy.logicalId());
                    }
                });
    }

    private void event(Cleanup item, String status, String reason) {
        StackResource copy = item.copy();
        if (item.removedFromStack()) {
            stack.resourceEvent(stack.resource(copy.logicalId()).orElse(copy), status, reason, now());
        } else {
            stack.detachedResourceEvent(copy.logicalId(), copy.physicalId(), copy.type(), status, reason, now());
        }
    }

    private Step end(StackStatus status, String executionStatus) {
        stack.transition(status, null, now());
        if (changeSet != null) {
            changeSet.executionStatus(executionStatus);
        }
        phase = Phase.ENDED;
        return null;
    }
}
