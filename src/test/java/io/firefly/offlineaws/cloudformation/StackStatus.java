package io.firefly.offlineaws.cloudformation;

import java.util.EnumSet;
import java.util.Set;

/** The 23 stack statuses of the API. */
public enum StackStatus {
    CREATE_IN_PROGRESS, CREATE_FAILED, CREATE_COMPLETE,
    ROLLBACK_IN_PROGRESS, ROLLBACK_FAILED, ROLLBACK_COMPLETE,
    DELETE_IN_PROGRESS, DELETE_FAILED, DELETE_COMPLETE,
    UPDATE_IN_PROGRESS, UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, UPDATE_COMPLETE, UPDATE_FAILED,
    UPDATE_ROLLBACK_IN_PROGRESS, UPDATE_ROLLBACK_FAILED, UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS,
    UPDATE_ROLLBACK_COMPLETE,
    REVIEW_IN_PROGRESS,
    IMPORT_IN_PROGRESS, IMPORT_COMPLETE, IMPORT_ROLLBACK_IN_PROGRESS, IMPORT_ROLLBACK_FAILED, IMPORT_ROLLBACK_COMPLETE;

    /** The stable states an update or an import may start from (the API's RollbackStack text). */
    private static final Set<StackStatus> UPDATABLE = EnumSet.of(CREATE_COMPLETE, UPDATE_COMPLETE,
            UPDATE_ROLLBACK_COMPLETE, IMPORT_COMPLETE, IMPORT_ROLLBACK_COMPLETE);

    public boolean updatable() {
        return UPDATABLE.contains(this);
    }

    public boolean inProgress() {
        return name().endsWith("_IN_PROGRESS") && this != REVIEW_IN_PROGRESS;
    }
}
