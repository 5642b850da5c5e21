package io.firefly.operator.aws;

import java.util.Set;

/**
 * CloudFormation stack statuses sorted by what the operator can do in each (CLOUDFORMATION.md,
 * "Stack statuses"). A status not listed here is treated as in progress: waiting is always safe.
 */
public final class StackStatuses {
    /** Statuses in which an UPDATE change set may be created. */
    static final Set<String> STABLE = Set.of(
            "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE");
    /** Stable statuses reached by undoing the last operation: it failed. */
    static final Set<String> ROLLED_BACK = Set.of("UPDATE_ROLLBACK_COMPLETE", "IMPORT_ROLLBACK_COMPLETE");

    private StackStatuses() {
    }

    public static StackState classify(String status) {
        if (status == null || status.equals("DELETE_COMPLETE")) {
            return StackState.ABSENT;
        }
        return switch (status) {
            case "REVIEW_IN_PROGRESS" -> StackState.REVIEW;
            case "ROLLBACK_COMPLETE" -> StackState.CREATE_ROLLED_BACK;
            case "ROLLBACK_FAILED", "IMPORT_ROLLBACK_FAILED" -> StackState.ROLLBACK_FAILED;
            case "UPDATE_ROLLBACK_FAILED" -> StackState.UPDATE_ROLLBACK_FAILED;
            case "DELETE_FAILED" -> StackState.DELETE_FAILED;
            case "CREATE_FAILED", "UPDATE_FAILED" -> StackState.IN_PROGRESS; // transient: a rollback follows
            default -> STABLE.contains(status) ? StackState.STABLE : StackState.IN_PROGRESS;
        };
    }

    /** True for the stable statuses that follow a failed update or import. */
    public static boolean isRolledBack(String status) {
        return ROLLED_BACK.contains(status);
    }

    /** What the operator may do with a stack, by its status. */
    public enum StackState {
        ABSENT, REVIEW, IN_PROGRESS, STABLE, CREATE_ROLLED_BACK, ROLLBACK_FAILED, UPDATE_ROLLBACK_FAILED, DELETE_FAILED
    }
}
