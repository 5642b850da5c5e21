package io.firefly.operator.port;

import io.firefly.operator.api.DriftStatus;
import io.firefly.operator.api.FailedResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory {@link AwsPort} for the decision tests: holds stacks, change sets and tables as a test sets
 * them, records every call by name, and fails the calls a test names. Nothing happens by itself: each test
 * sets the state a step would observe.
 */
public final class FakeAws implements AwsPort {
    public static final String REGION = "us-east-1";

    private final Map<String, ObservedStack> stacks = new HashMap<>();
    private final Map<String, Map<String, ObservedChangeSet>> changeSets = new HashMap<>();
    private final Set<String> tables = new HashSet<>();
    private final Set<String> tablesWithItems = new HashSet<>();
    private final List<ResourceFailure> failures = new ArrayList<>();
    private final Map<String, RuntimeException> failing = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final List<ChangeSetRequest> requests = new ArrayList<>();
    private final Map<String, DriftDetection> detections = new HashMap<>();
    private final List<DriftStatus.ResourceDrift> drifts = new ArrayList<>();

    /** A stack in the given status, created at a fixed time, with no outputs, parameters or tags. */
    public ObservedStack putStack(String name, StackStatus status) {
        return putStack(name, status, Map.of(), Map.of(), Instant.parse("2026-01-01T00:00:00Z"));
    }

    public ObservedStack putStack(String name, StackStatus status, Map<String, String> parameters,
                                  Map<String, String> tags, Instant lastUpdatedAt) {
        ObservedStack stack = new ObservedStack(name, "arn:aws:cloudformation:" + REGION + ":123456789012:stack/" + name + "/1",
                status, status.name(), null, Map.of("TableName", name + "-table"), tags, parameters, List.of(), null,
                lastUpdatedAt, Instant.now());
        stacks.put(name, stack);
        return stack;
    }

    /** A stack exactly as given. */
    public void putStack(ObservedStack stack) {
        stacks.put(stack.name(), stack);
    }

    /** A change set created half a minute after the stacks {@link #putStack(String, StackStatus)} makes. */
    public void putChangeSet(String stack, String name, ChangeSetState status, ExecutionStatus execution,
                             String reason, Rejection rejection) {
        putChangeSet(stack, name, status, execution, reason, rejection, Instant.parse("2026-01-01T00:00:30Z"));
    }

    public void putChangeSet(String stack, String name, ChangeSetState status, ExecutionStatus execution,
                             String reason, Rejection rejection, Instant createdAt) {
        changeSets.computeIfAbsent(stack, s -> new LinkedHashMap<>())
                .put(name, new ObservedChangeSet(name, status, execution, reason, rejection, createdAt));
    }

    public void putTable(String name, boolean withItems) {
        tables.add(name);
        if (withItems) {
            tablesWithItems.add(name);
        }
    }

    public void putFailure(String logicalId, String physicalId, String type, String status, String reason, DeleteBlocker blocker) {
        failures.add(new ResourceFailure(new FailedResource(logicalId, physicalId, type, status, reason), blocker));
    }

    /** What DescribeStackDriftDetectionStatus answers for a detection id. */
    public void putDetection(String id, DriftDetection detection) {
        detections.put(id, detection);
    }

    public void putDrift(DriftStatus.ResourceDrift drift) {
        drifts.add(drift);
    }

    /** The next calls of this operation fail so: an AwsFailure, or any error the adapter did not foresee. */
    public void fail(String operation, RuntimeException failure) {
        failing.put(operation, failure);
    }

    /** Every call made, as "Operation" or "Operation argument". */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public List<ChangeSetRequest> requests() {
        return List.copyOf(requests);
    }

    private void call(String operation, String argument) {
        calls.add(argument == null ? operation : operation + " " + argument);
        RuntimeException failure = failing.get(operation);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public Optional<ObservedStack> stack(String region, String stackName) {
        call("DescribeStacks", null);
        return Optional.ofNullable(stacks.get(stackName));
    }

    @Override
    public Optional<ObservedChangeSet> changeSet(String region, String stackName, String changeSetName) {
        call("DescribeChangeSet", changeSetName);
        return Optional.ofNullable(changeSets.getOrDefault(stackName, Map.of()).get(changeSetName));
    }

    @Override
    public List<ObservedChangeSet> changeSets(String region, String stackName) {
        call("ListChangeSets", null);
        return List.copyOf(changeSets.getOrDefault(stackName, Map.of()).values());
    }

    @Override
    public void createChangeSet(String region, ChangeSetRequest request) {
        call("CreateChangeSet", request.kind() + " " + request.changeSetName());
        requests.add(request);
    }

    @Override
    public void executeChangeSet(String region, String stackName, String changeSetName) {
        call("ExecuteChangeSet", changeSetName);
        ObservedChangeSet changeSet = changeSets.getOrDefault(stackName, Map.of()).get(changeSetName);
        if (changeSet != null && !changeSet.isExecutable()) {
            throw new AwsFailure.Refused("InvalidChangeSetStatus", Rejection.OTHER, "ChangeSet [" + changeSetName
                    + "] cannot be executed in its current status of [" + changeSet.status() + "]", null);
        }
    }

    @Override
    public void deleteChangeSet(String region, String stackName, String changeSetName) {
        call("DeleteChangeSet", changeSetName);
    }

    @Override
    public void deleteStack(String region, String stackName) {
        call("DeleteStack", stackName);
    }

    @Override
    public void continueUpdateRollback(String region, String stackName) {
        call("ContinueUpdateRollback", stackName);
    }

    @Override
    public List<ResourceFailure> failedResources(String region, String stackName) {
        call("DescribeStackEvents", null);
        return List.copyOf(failures);
    }

    @Override
    public String detectDrift(String region, String stackName) {
        call("DetectStackDrift", stackName);
        return "detection-" + stackName;
    }

    @Override
    public DriftDetection driftDetection(String region, String detectionId) {
        call("DescribeStackDriftDetectionStatus", detectionId);
        return detections.getOrDefault(detectionId, new DriftDetection(DriftDetection.Progress.IN_PROGRESS, null, null, null));
    }

    @Override
    public List<DriftStatus.ResourceDrift> resourceDrifts(String region, String stackName) {
        call("DescribeStackResourceDrifts", stackName);
        return List.copyOf(drifts);
    }

    @Override
    public boolean tableExists(String region, String tableName) {
        call("DescribeTable", tableName);
        return tables.contains(tableName);
    }

    @Override
    public boolean tableIsEmpty(String region, String tableName) {
        call("Scan", tableName);
        return !tablesWithItems.contains(tableName);
    }
}
