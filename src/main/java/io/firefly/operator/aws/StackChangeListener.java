package io.firefly.operator.aws;

import java.util.Optional;

/** Told of every stack status change the events queue delivers: the FireflyStacks' event source. */
@FunctionalInterface
public interface StackChangeListener {

    /**
     * What reconciles the FireflyStacks that manage the changed stack, run once the stack watch has been told
     * to read the stack again; empty when no FireflyStack manages it.
     *
     * @param queue the queue the event came through, which says whose account the stack is in
     */
    Optional<Runnable> reconcilerOf(StackEventMessage.StatusChange change, EventQueue queue);
}
