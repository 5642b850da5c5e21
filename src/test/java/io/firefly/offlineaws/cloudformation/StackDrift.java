package io.firefly.offlineaws.cloudformation;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last drift results of one stack: of the stack as a whole and of each resource checked. A resource
 * keeps its last result until a later detection checks it again. Only touched under the engine lock.
 */
final class StackDrift {

    private DriftInformation stack = DriftInformation.NOT_CHECKED;
    private final Map<String, ResourceDrift> resources = new HashMap<>();

    DriftInformation stack() {
        return stack;
    }

    DriftInformation resource(String logicalId) {
        return result(logicalId).map(ResourceDrift::information).orElse(DriftInformation.NOT_CHECKED);
    }

    Optional<ResourceDrift> result(String logicalId) {
        return Optional.ofNullable(resources.get(logicalId));
    }

    void record(DriftDetectionStatus detection, Iterable<ResourceDrift> results) {
        stack = new DriftInformation(detection.stackDriftStatus(), detection.timestamp());
        results.forEach(result -> resources.put(result.logicalId(), result));
    }
}
