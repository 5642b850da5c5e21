package io.firefly.operator.port;

import io.firefly.operator.api.DriftStatus;
import java.util.List;
import java.util.Optional;

/**
 * What the reconciler needs from CloudFormation and DynamoDB, in its own terms. Every method is one request
 * that returns at once (none waits for an operation to end) and is safe to repeat after a restart. Failures
 * are {@link AwsFailure}s; an absent stack or change set is an empty answer, not a failure.
 */
public interface AwsPort {

    /** The stack as last observed (a shared listing, re-read while an operation is under way). */
    Optional<ObservedStack> stack(String region, String stackName);

    Optional<ObservedChangeSet> changeSet(String region, String stackName, String changeSetName);

    List<ObservedChangeSet> changeSets(String region, String stackName);

    /** Creates the change set; one that already exists under this name counts as created. */
    void createChangeSet(String region, ChangeSetRequest request);

    void executeChangeSet(String region, String stackName, String changeSetName);

    /** Deletes the change set; one that is already gone counts as deleted. */
    void deleteChangeSet(String region, String stackName, String changeSetName);

    /** Starts deleting the stack; a stack that does not exist counts as deleted. */
    void deleteStack(String region, String stackName);

    void continueUpdateRollback(String region, String stackName);

    /** The resource failures of the stack's latest operation, oldest first, with CloudFormation's reasons. */
    List<ResourceFailure> failedResources(String region, String stackName);

    /** Starts CloudFormation drift detection on the stack's resources; returns the detection's id. */
    String detectDrift(String region, String stackName);

    DriftDetection driftDetection(String region, String detectionId);

    /** The stack's resources that drifted (MODIFIED or DELETED) in its latest detection, with their differences. */
    List<DriftStatus.ResourceDrift> resourceDrifts(String region, String stackName);

    boolean tableExists(String region, String tableName);

    /** Whether the table holds no item, read consistently; a missing table is empty. */
    boolean tableIsEmpty(String region, String tableName);
}
