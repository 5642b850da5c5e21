package io.firefly.offlineaws.resources;

/** Why a resource is deleted; some faults only strike in one of these situations. */
public enum DeleteCause {
    /** DeleteStack. */
    STACK_DELETE,
    /** Removed by an update, or the old copy of a replaced resource. */
    UPDATE_CLEANUP,
    /** Undoing a create, during the rollback of a failed create or update. */
    ROLLBACK
}
