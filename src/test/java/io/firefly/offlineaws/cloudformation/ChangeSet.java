package io.firefly.offlineaws.cloudformation;

import java.time.Instant;
import java.util.List;

/**
 * A change set: a proposed definition for a stack, the changes it would make, and where it stands.
 * Mutable, and only ever touched under the {@link StackEngine}'s lock.
 */
final class ChangeSet {

    static final String EMPTY_REASON =
            "The submitted information didn't contain changes. Submit different information to create a change set.";
    static final String OBSOLETE = "OBSOLETE";

    private final String id;
    private final String name;
    private final Stack stack;
    private final String type;
    private final Instant creationTime;
    private final String description;
    private final StackDefinition definition;
    private final List<ResourceChange> changes;
    private final List<ResourceToImport> imports;
    private final boolean empty;
    private final String fingerprint;
    private String status = "CREATE_PENDING";
    private String executionStatus = "UNAVAILABLE";
    private String statusReason;

    /**
     * @param empty       whether the change set would change nothing: it then ends FAILED
     * @param fingerprint what the request asked for, so that repeating the same request is not an error
     */
    ChangeSet(String id, String name, Stack stack, String type, Instant creationTime, String description,
              StackDefinition definition, List<ResourceChange> changes, List<ResourceToImport> imports, boolean empty,
              String fingerprint) {
        this.id = id;
        this.name = name;
        this.stack = stack;
        this.type = type;
        this.creationTime = creationTime;
        this.description = description;
        this.definition = definition;
        this.changes = List.copyOf(changes);
        this.imports = List.copyOf(imports);
        this.empty = empty;
        this.fingerprint = fingerprint;
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    Stack stack() {
        return stack;
    }

    String type() {
        return type;
    }

    Instant creationTime() {
        return creationTime;
    }

    String description() {
        return description;
    }

    StackDefinition definition() {
        return definition;
    }

    /** The changes; empty until the change set is complete, as in AWS. */
    List<ResourceChange> visibleChanges() {
        return status.equals("CREATE_COMPLETE") ? changes : List.of();
    }

    List<ResourceChange> changes() {
        return changes;
    }

    List<ResourceToImport> imports() {
        return imports;
    }

    String fingerprint() {
        return fingerprint;
    }

    String status() {
        return status;
    }

    String executionStatus() {
        return executionStatus;
    }

    String statusReason() {
        return statusReason;
    }

    void inProgress() {
        if (status.equals("CREATE_PENDING")) {
            status = "CREATE_IN_PROGRESS";
        }
    }

    /** Computing is done: available to execute, or FAILED because it holds no changes. */
    void complete() {
        if (empty) {
            status = "FAILED";
            statusReason = EMPTY_REASON;
        } else {
            status = "CREATE_COMPLETE";
            if (!executionStatus.equals(OBSOLETE)) {
                executionStatus = "AVAILABLE";
            }
        }
    }

    /** The stack was updated another way first: this change set, if not executed already, can no longer be. */
    void obsolete() {
        if (!executionStatus.startsWith("EXECUTE_")) {
            executionStatus = OBSOLETE;
        }
    }

    void executionStatus(String newStatus) {
        executionStatus = newStatus;
    }
}
