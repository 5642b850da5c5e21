package io.firefly.operator.reconcile.deploy;

/** Whether other FireflyStacks of the same AWS identity and Region wait their turn for an operation AWS throttles. */
@FunctionalInterface
public interface TurnsAhead {
    boolean othersWaitingFor(String operation);
}
