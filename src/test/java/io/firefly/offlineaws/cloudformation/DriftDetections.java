package io.firefly.offlineaws.cloudformation;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Drift detection: DetectStackDrift starts a detection that stays DETECTION_IN_PROGRESS for a while, as in
 * AWS, then reads the stack's resources (off the engine lock) and ends DETECTION_COMPLETE, or
 * DETECTION_FAILED when a resource could not be read. What it found is kept on the stack for
 * DescribeStackResourceDrifts, DescribeStacks and DescribeStackResources. Only touched under the engine lock.
 */
final class DriftDetections {

    /** The statuses the CloudFormation User Guide lists for drift detection, and the stable import ones. */
    private static final Set<StackStatus> DETECTABLE = EnumSet.of(StackStatus.CREATE_COMPLETE, StackStatus.UPDATE_COMPLETE,
            StackStatus.UPDATE_ROLLBACK_COMPLETE, StackStatus.UPDATE_ROLLBACK_FAILED, StackStatus.IMPORT_COMPLETE,
            StackStatus.IMPORT_ROLLBACK_COMPLETE);
    /** MaxResults of DescribeStackResourceDrifts is 1 to 100 in the API. */
    private static final int MAX_RESULTS = 100;

    private final OperationRunner runner;
    private final DriftChecker checker;
    private final Clock clock;
    private final Duration duration;
    private final Map<String, DriftDetectionStatus> detections = new HashMap<>();

    /** @param duration how long a detection stays in progress before it reads the resources */
    DriftDetections(OperationRunner runner, DriftChecker checker, Clock clock, Duration duration) {
        this.runner = runner;
        this.checker = checker;
        this.clock = clock;
        this.duration = duration;
    }

    /** Starts a detection of the stack's resources, or only of {@code logicalIds} when some are given; returns its id. */
    String start(Stack stack, List<String> logicalIds) {
        if (!DETECTABLE.contains(stack.status())) {
            throw CloudFormationError.validation("Drift detection cannot be run on stack [" + stack.stackName()
                    + "] in status " + stack.status() + "; it can be run on stacks in " + DETECTABLE);
        }
        List<String> unknown = logicalIds.stream().filter(id -> stack.resource(id).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw CloudFormationError.validation("Resources " + unknown + " do not exist in stack [" + stack.stackName() + "]");
        }
        List<StackResource> resources = stack.resources().stream()
                .filter(r -> logicalIds.isEmpty() || logicalIds.contains(r.logicalId()))
                .toList();
        DriftDetectionStatus started = new DriftDetectionStatus(stack.stackId(), UUID.randomUUID().toString(), null,
                "DETECTION_IN_PROGRESS", null, null, clock.instant());
        detections.put(started.detectionId(), started);
        runner.later(duration, () -> checker.check(stack.stackId(), resources), results -> finish(stack, started, results));
        return started.detectionId();
    }

    DriftDetectionStatus status(String detectionId) {
        return Optional.ofNullable(detections.get(detectionId)).orElseThrow(() ->
                CloudFormationError.validation("Stack drift detection [" + detectionId + "] does not exist"));
    }

    /** The last result of each resource of the stack that drift detection checked, in the stack's order. */
    Page<ResourceDrift> resourceDrifts(Stack stack, List<String> statusFilters, Integer maxResults, String nextToken) {
        if (maxResults != null && (maxResults < 1 || maxResults > MAX_RESULTS)) {
            throw CloudFormationError.validation("1 validation error detected: Value '" + maxResults + "' at 'maxResults' "
                    + "failed to satisfy constraint: Member must have value between 1 and " + MAX_RESULTS);
        }
        List<ResourceDrift> drifts = stack.resources().stream()
                .flatMap(r -> stack.drift().result(r.logicalId()).stream())
                .filter(d -> statusFilters.isEmpty() || statusFilters.contains(d.status()))
                .toList();
        int from = nextToken == null ? 0 : (int) Math.min(PageTokens.read(nextToken, "drifts"), drifts.size());
        int to = Math.min(drifts.size(), from + (maxResults == null ? MAX_RESULTS : maxResults));
        return new Page<>(drifts.subList(from, to), to < drifts.size() ? PageTokens.of("drifts", to) : null);
    }

    private void finish(Stack stack, DriftDetectionStatus started, List<ResourceDrift> results) {
        int drifted = (int) results.stream().filter(ResourceDrift::drifted).count();
        List<ResourceDrift> unreadable = results.stream().filter(r -> r.status().equals("UNKNOWN")).toList();
        DriftDetectionStatus ended;
        if (unreadable.isEmpty()) {
            ended = new DriftDetectionStatus(started.stackId(), started.detectionId(), drifted > 0 ? "DRIFTED" : "IN_SYNC",
                    "DETECTION_COMPLETE", null, drifted, started.timestamp());
        } else {
            String reason = "Failed to detect drift on resources " + unreadable.stream().map(ResourceDrift::logicalId).toList()
                    + ": " + unreadable.get(0).reason();
            ended = new DriftDetectionStatus(started.stackId(), started.detectionId(), drifted > 0 ? "DRIFTED" : "UNKNOWN",
                    "DETECTION_FAILED", reason, drifted, started.timestamp());
        }
        detections.put(ended.detectionId(), ended);
        stack.drift().record(ended, results);
    }
}
