package io.firefly.operator.reconcile.deploy;

import io.firefly.operator.api.ChangeSetStatus;
import io.firefly.operator.reconcile.inputs.DesiredStack;
import java.util.Optional;

/**
 * What the operator last did for the current inputs, read once per reconcile from {@code status.changeSet}:
 * which change set it made, whether it ran, whether it failed. The deploy decisions switch over it together
 * with the stack's observed status.
 */
public sealed interface Attempt {

    /** Nothing tried yet for these inputs, or a failure of an earlier generation: the next step is tried. */
    record NotTried() implements Attempt {
    }

    /** CreateChangeSet was called; CloudFormation may still be computing the change set. */
    record Requested(ChangeSetName name) implements Attempt {
    }

    /** The change set was seen ready to execute: it is executed without describing it again. */
    record Executable(ChangeSetName name) implements Attempt {
    }

    /** ExecuteChangeSet was called. */
    record Executing(ChangeSetName name) implements Attempt {
    }

    /**
     * The change set ran, or found nothing to change.
     *
     * @param stackUpdatedAt the stack's LastUpdatedTime when this was seen; null before the operator recorded one
     * @param noChanges      CloudFormation found nothing to change: the stack matched the spec at that time
     */
    record Applied(ChangeSetName name, String stackUpdatedAt, boolean noChanges) implements Attempt {
    }

    /** CloudFormation refused the change set or rolled its execution back; tried again at the next generation. */
    record Failed(ChangeSetName name, boolean executed, String reason) implements Attempt {
    }

    static Attempt of(ChangeSetStatus recorded, DesiredStack desired, long generation) {
        Optional<ChangeSetName> parsed = ChangeSetName.parse(recorded == null ? null : recorded.name())
                .filter(n -> n.hash().equals(desired.hash()));
        if (parsed.isEmpty()) {
            return new NotTried();
        }
        ChangeSetName name = parsed.get();
        String execution = String.valueOf(recorded.executionStatus());
        boolean failed = "EXECUTE_FAILED".equals(execution) || "FAILED".equals(recorded.status());
        if (Boolean.TRUE.equals(recorded.noChanges()) || "EXECUTE_COMPLETE".equals(execution)
                || "DELETE_COMPLETE".equals(recorded.status())) {
            return new Applied(name, recorded.stackUpdatedAt(),
                    Boolean.TRUE.equals(recorded.noChanges()) || "DELETE_COMPLETE".equals(recorded.status()));
        }
        if (failed) {
            // A status written before noChanges existed cannot tell an empty change set from a refused one:
            // asking CloudFormation again costs one change set and tells.
            boolean knowable = recorded.noChanges() != null || "EXECUTE_FAILED".equals(execution);
            return knowable && name.generation() == generation
                    ? new Failed(name, "EXECUTE_FAILED".equals(execution), recorded.statusReason()) : new NotTried();
        }
        return switch (execution) {
            case "EXECUTE_IN_PROGRESS" -> new Executing(name);
            case "AVAILABLE" -> "CREATE_COMPLETE".equals(recorded.status()) ? new Executable(name) : new Requested(name);
            default -> new Requested(name);
        };
    }
}
