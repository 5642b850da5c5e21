package io.firefly.offlineaws.cloudformation;

import io.firefly.offlineaws.resources.DeleteCause;
import io.firefly.offlineaws.resources.ResourceProvider;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * A stack operation under way (deploy, import, delete), advanced one {@link Step} at a time by the
 * {@link OperationRunner}. Each call of {@link #next()} happens under the engine lock.
 */
abstract sealed class StackOperation permits DeployOperation, ImportOperation, DeleteOperation {

    protected final Stack stack;
    protected final OperationContext context;

    StackOperation(Stack stack, OperationContext context) {
        this.stack = stack;
        this.context = context;
    }

    /** Moves the operation on and returns the step to run, or null when the operation has ended. */
    abstract Step next();

    protected Instant now() {
        return context.now();
    }

    /**
     * Deletes one resource as a step: DELETE_SKIPPED and forgotten when {@code keep}; otherwise
     * DELETE_IN_PROGRESS, then DELETE_COMPLETE, or {@code failed} told AWS's reason while it stays.
     */
    protected final Step deleteResource(StackResource resource, boolean keep, DeleteCause cause, Consumer<String> failed) {
        if (keep) {
            stack.resourceEvent(resource, "DELETE_SKIPPED", null, now());
            stack.removeResource(resource.logicalId());
            return Step.pause();
        }
        stack.resourceEvent(resource, "DELETE_IN_PROGRESS", null, now());
        if (resource.physicalId() == null) {
            return new Step(() -> Step.NOTHING, result -> removed(resource));
        }
        ResourceProvider provider = context.provider(resource.type());
        return new Step(() -> Step.attempt(() -> provider.delete(resource.type(), resource.physicalId(), cause)),
                result -> {
                    if (result.failed()) {
                        failed.accept(result.failureReason());
                    } else {
                        removed(resource);
                    }
                });
    }

    private void removed(StackResource resource) {
        stack.resourceEvent(stack.resource(resource.logicalId()).orElse(resource), "DELETE_COMPLETE", null, now());
        stack.removeResource(resource.logicalId());
    }

    protected static String failedResources(String verb, Iterable<String> logicalIds) {
        return "The following resource(s) failed to " + verb + ": [" + String.join(", ", logicalIds) + "]. ";
    }
}
