package io.firefly.operator.port;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every CloudFormation stack status (AWS CloudFormation API Reference, "Stack", StackStatus), each sorted into
 * the {@link Situation} that decides what the operator may do. A value AWS adds later maps to {@link #UNKNOWN},
 * which the operator reports instead of guessing.
 */
public enum StackStatus {
    CREATE_IN_PROGRESS(Situation.IN_PROGRESS),
    CREATE_FAILED(Situation.IN_PROGRESS), // transient: the rollback the operator never disables follows
    CREATE_COMPLETE(Situation.STABLE),
    ROLLBACK_IN_PROGRESS(Situation.IN_PROGRESS),
    ROLLBACK_FAILED(Situation.ROLLBACK_FAILED),
    ROLLBACK_COMPLETE(Situation.CREATE_ROLLED_BACK),
    DELETE_IN_PROGRESS(Situation.IN_PROGRESS),
    DELETE_FAILED(Situation.DELETE_FAILED),
    DELETE_COMPLETE(Situation.ABSENT),
    UPDATE_IN_PROGRESS(Situation.IN_PROGRESS),
    UPDATE_COMPLETE_CLEANUP_IN_PROGRESS(Situation.IN_PROGRESS),
    UPDATE_COMPLETE(Situation.STABLE),
    UPDATE_FAILED(Situation.IN_PROGRESS), // transient: UPDATE_ROLLBACK_IN_PROGRESS follows
    UPDATE_ROLLBACK_IN_PROGRESS(Situation.IN_PROGRESS),
    UPDATE_ROLLBACK_FAILED(Situation.UPDATE_ROLLBACK_FAILED),
    UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS(Situation.IN_PROGRESS),
    UPDATE_ROLLBACK_COMPLETE(Situation.STABLE),
    REVIEW_IN_PROGRESS(Situation.REVIEW),
    IMPORT_IN_PROGRESS(Situation.IN_PROGRESS),
    IMPORT_COMPLETE(Situation.STABLE),
    IMPORT_ROLLBACK_IN_PROGRESS(Situation.IN_PROGRESS),
    IMPORT_ROLLBACK_FAILED(Situation.ROLLBACK_FAILED),
    IMPORT_ROLLBACK_COMPLETE(Situation.STABLE),
    UNKNOWN(Situation.UNKNOWN);

    private static final Map<String, StackStatus> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toMap(Enum::name, Function.identity()));

    private final Situation situation;

    StackStatus(Situation situation) {
        this.situation = situation;
    }

    /** The status AWS sent, or UNKNOWN for a value this operator version does not know. */
    public static StackStatus of(String value) {
        return value == null ? UNKNOWN : BY_NAME.getOrDefault(value, UNKNOWN);
    }

    public Situation situation() {
        return situation;
    }

    /** An operation is under way: only waiting makes sense. */
    public boolean isInProgress() {
        return situation == Situation.IN_PROGRESS;
    }

    /** The stack ended its last operation by undoing it: that update or import failed. */
    public boolean isRolledBack() {
        return this == UPDATE_ROLLBACK_COMPLETE || this == IMPORT_ROLLBACK_COMPLETE;
    }

    /** What the operator may do with a stack in a status. */
    public enum Situation {
        /** No stack: create or import one. */
        ABSENT,
        /** Created by a CREATE or IMPORT change set that has not run: holds no resources. */
        REVIEW,
        /** An operation is under way. */
        IN_PROGRESS,
        /** An UPDATE change set may be created. */
        STABLE,
        /** A create failed and was undone: the stack holds nothing and can only be deleted. */
        CREATE_ROLLED_BACK,
        /** A create or import could not be undone: some resources are left. */
        ROLLBACK_FAILED,
        /** An update could not be undone: ContinueUpdateRollback may finish it. */
        UPDATE_ROLLBACK_FAILED,
        /** A deletion failed: only another DeleteStack helps. */
        DELETE_FAILED,
        /** A status this operator version does not know. */
        UNKNOWN
    }
}
