package io.firefly.offlineaws.cloudformation;

import java.time.Instant;

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

    protected static String failedResources(String verb, Iterable<String> logicalIds) {
        return "The following resource(s) failed to " + verb + ": [" + String.join(", ", logicalIds) + "]. ";
    }
}
