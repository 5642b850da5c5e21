package io.firefly.operator.reconcile.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.firefly.operator.api.ConditionReason;
import io.firefly.operator.api.ConditionType;
import io.firefly.operator.api.FireflyStack;
import io.firefly.operator.api.FireflyStackStatus;
import io.firefly.operator.api.Phase;
import io.firefly.operator.port.ObservedStack;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes phase, message and the kstatus conditions together, so they never contradict each other:
 * Ready true only when the stack matches the current generation, Reconciling true while work is under
 * way, Stalled true when a person must act.
 */
public final class StatusReport {
    private final FireflyStack resource;
    private final List<Event> events = new ArrayList<>();

    /** A Kubernetes event a step asks for, beyond the one every change of phase or message gets. */
    public record Event(boolean warning, String reason, String message) {
    }

    public StatusReport(FireflyStack resource) {
        this.resource = resource;
        if (resource.getStatus() == null) {
            resource.setStatus(new FireflyStackStatus());
        }
        status().setObservedGeneration(resource.getMetadata().getGeneration());
    }

    public FireflyStackStatus status() {
        return resource.getStatus();
    }

    /** The stack as just read from AWS, or its absence. */
    public void observed(Optional<ObservedStack> stack) {
        status().setStackId(stack.map(ObservedStack::id).orElse(null));
        status().setStackStatus(stack.map(ObservedStack::rawStatus).orElse(null));
        status().setStackStatusReason(stack.map(ObservedStack::statusReason).orElse(null));
    }

    public void event(boolean warning, String reason, String message) {
        events.add(new Event(warning, reason, message));
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public void ready(String message) {
        set(Phase.Ready, message);
        condition(ConditionType.Ready, true, ConditionReason.StackReady, message);
        condition(ConditionType.Reconciling, false, ConditionReason.StackReady, message);
        condition(ConditionType.Stalled, false, ConditionReason.StackReady, message);
    }

    /** Work under way (or waiting on something that will come by itself). */
    public void progressing(Phase phase, ConditionReason reason, String message) {
        set(phase, message);
        condition(ConditionType.Ready, false, reason, message);
        condition(ConditionType.Reconciling, true, reason, message);
        condition(ConditionType.Stalled, false, reason, message);
    }

    /** A person must act; the message says what to do. */
    public void stalled(Phase phase, ConditionReason reason, String message) {
        set(phase, message);
        condition(ConditionType.Ready, false, reason, message);
        condition(ConditionType.Reconciling, false, reason, message);
        condition(ConditionType.Stalled, true, reason, message);
    }

    /** What drift detection found; it never changes Ready: CloudFormation cannot undo resource drift by itself. */
    public void drifted(boolean drifted, String message) {
        condition(ConditionType.Drifted, drifted, drifted ? ConditionReason.ResourcesDrifted : ConditionReason.InSync, message);
    }

    public void dependencies(List<String> waitingFor, String message) {
        status().setWaitingFor(waitingFor);
        boolean ready = waitingFor.isEmpty();
        condition(ConditionType.DependenciesReady, ready,
                ready ? ConditionReason.DependenciesReady : ConditionReason.WaitingForDependencies, message);
    }

    public void deletionBlocked(List<String> blockedBy, String message) {
        status().setBlockedBy(blockedBy);
        boolean blocked = !blockedBy.isEmpty();
        if (blocked || status().condition(ConditionType.DeletionBlocked).isPresent()) {
            condition(ConditionType.DeletionBlocked, blocked,
                    blocked ? ConditionReason.DeletionBlocked : ConditionReason.Deleting, message);
        }
    }

    private void set(Phase phase, String message) {
        status().setPhase(phase);
        status().setMessage(message);
    }

    private void condition(ConditionType type, boolean value, ConditionReason reason, String message) {
        String wanted = value ? "True" : "False";
        List<Condition> conditions = status().getConditions();
        Condition existing = status().condition(type).orElse(null);
        String since = existing != null && wanted.equals(existing.getStatus())
                ? existing.getLastTransitionTime()
                : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Condition updated = new ConditionBuilder()
                .withType(type.name())
                .withStatus(wanted)
                .withReason(reason.name())
                .withMessage(message)
                .withObservedGeneration(resource.getMetadata().getGeneration())
                .withLastTransitionTime(since)
                .build();
        if (existing == null) {
            conditions.add(updated);
        } else {
            conditions.set(conditions.indexOf(existing), updated);
        }
    }
}
