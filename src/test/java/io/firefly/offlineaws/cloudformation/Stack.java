package io.firefly.offlineaws.cloudformation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One stack and everything about it: status, current definition, resources, outputs, events and change
 * sets. Mutable, and only ever touched under the {@link StackEngine}'s lock.
 */
final class Stack {

    static final String STACK_TYPE = "AWS::CloudFormation::Stack";

    private final String stackId;
    private final String stackName;
    private final long sequence;
    private final Instant creationTime;
    private StackStatus status;
    private String statusReason;
    private Instant lastUpdatedTime;
    private Instant deletionTime;
    private StackDefinition definition;
    private List<StackOutput> outputs = List.of();
    private final LinkedHashMap<String, StackResource> resources = new LinkedHashMap<>();
    private final List<StackEvent> events = new ArrayList<>();
    private final LinkedHashMap<String, ChangeSet> changeSets = new LinkedHashMap<>();
    private String lastChangeSetId;
    private boolean disableRollback;
    private boolean terminationProtection;
    private DeployOperation stoppedRollback;
    /** Change sets made OBSOLETE by the execution of another, deleted once that execution has ended. */
    private final List<ChangeSet> supersededByExecution = new ArrayList<>();
    private final StackDrift drift = new StackDrift();
    private final StackStatusListener statusListener;

    Stack(String stackId, String stackName, long sequence, Instant creationTime, StackStatusListener statusListener) {
        this.statusListener = statusListener;
        this.stackId = stackId;
        this.stackName = stackName;
        this.sequence = sequence;
        this.creationTime = creationTime;
    }

    String stackId() {
        return stackId;
    }

    String stackName() {
        return stackName;
    }

    /** Creation order among all stacks: the key DescribeStacks pages by. */
    long sequence() {
        return sequence;
    }

    Instant creationTime() {
        return creationTime;
    }

    StackStatus status() {
        return status;
    }

    String statusReason() {
        return statusReason;
    }

    Instant lastUpdatedTime() {
        return lastUpdatedTime;
    }

    Instant deletionTime() {
        return deletionTime;
    }

    boolean deleted() {
        return status == StackStatus.DELETE_COMPLETE;
    }

    /** Null while the stack is REVIEW_IN_PROGRESS: a stack id without a template yet. */
    StackDefinition definition() {
        return definition;
    }

    void define(StackDefinition newDefinition) {
        this.definition = newDefinition;
    }

    List<StackOutput> outputs() {
        return outputs;
    }

    void outputs(List<StackOutput> newOutputs) {
        this.outputs = List.copyOf(newOutputs);
    }

    Collection<StackResource> resources() {
        return List.copyOf(resources.values());
    }

    Optional<StackResource> resource(String logicalId) {
        return Optional.ofNullable(resources.get(logicalId));
    }

    void putResource(StackResource resource) {
        resources.put(resource.logicalId(), resource);
    }

    void removeResource(String logicalId) {
        resources.remove(logicalId);
    }

    List<StackEvent> events() {
        return List.copyOf(events);
    }

    boolean disableRollback() {
        return disableRollback;
    }

    void disableRollback(boolean disabled) {
        this.disableRollback = disabled;
    }

    boolean terminationProtection() {
        return terminationProtection;
    }

    void terminationProtection(boolean enabled) {
        this.terminationProtection = enabled;
    }

    String lastChangeSetId() {
        return lastChangeSetId;
    }

    LinkedHashMap<String, ChangeSet> changeSets() {
        return changeSets;
    }

    /** An update whose rollback failed, kept so that ContinueUpdateRollback can resume it. */
    Optional<DeployOperation> stoppedRollback() {
        return Optional.ofNullable(stoppedRollback);
    }

    void stoppedRollback(DeployOperation operation) {
        this.stoppedRollback = operation;
    }

    /**
     * Executing a change set makes it the stack's current one. The others are OBSOLETE at once (executing
     * one fails with InvalidChangeSetStatus) and are deleted when the execution ends, as AWS deletes them.
     */
    void executing(ChangeSet changeSet) {
        lastChangeSetId = changeSet.id();
        changeSets.values().stream().filter(other -> other != changeSet).forEach(other -> {
            other.obsolete();
            supersededByExecution.add(other);
        });
    }

    /** An UpdateStack makes every change set waiting on the stack OBSOLETE; they stay until deleted. */
    void updatedWithoutChangeSet() {
        changeSets.values().forEach(ChangeSet::obsolete);
    }

    /** The last drift detection results of the stack and its resources. */
    StackDrift drift() {
        return drift;
    }

    /**
     * Moves the stack to a status and records the stack event for it. LastUpdatedTime is the time an update
     * or import began, so it stays the same from UPDATE_IN_PROGRESS to the end of that operation.
     */
    void transition(StackStatus newStatus, String reason, Instant at) {
        this.status = newStatus;
        this.statusReason = reason;
        if (newStatus == StackStatus.DELETE_COMPLETE) {
            deletionTime = at;
        } else if (newStatus == StackStatus.UPDATE_IN_PROGRESS || newStatus == StackStatus.IMPORT_IN_PROGRESS) {
            lastUpdatedTime = at;
        }
        if (!newStatus.inProgress()) {
            supersededByExecution.forEach(superseded -> changeSets.remove(superseded.name(), superseded));
            supersededByExecution.clear();
        }
        events.add(new StackEvent(UUID.randomUUID().toString(), stackId, stackName, stackName, stackId, STACK_TYPE, at,
                newStatus.name(), reason));
        statusListener.changed(new StackStatusListener.StackStatusChange(stackId, stackName, newStatus.name(), reason, at));
    }

    /** Sets a resource's status and records the resource event for it. */
    StackResource resourceEvent(StackResource resource, String resourceStatus, String reason, Instant at) {
        StackResource updated = resource.withStatus(resourceStatus, reason, at);
        resources.put(updated.logicalId(), updated);
        events.add(new StackEvent(UUID.randomUUID().toString(), stackId, stackName, updated.logicalId(),
                updated.physicalId() == null ? "" : updated.physicalId(), updated.type(), at, resourceStatus, reason));
        return updated;
    }

    /** An event for a resource that is no longer part of the stack (for instance a deleted replacement). */
    void detachedResourceEvent(String logicalId, String physicalId, String type, String resourceStatus, String reason, Instant at) {
        events.add(new StackEvent(UUID.randomUUID().toString(), stackId, stackName, logicalId, physicalId, type, at,
                resourceStatus, reason));
    }
}
