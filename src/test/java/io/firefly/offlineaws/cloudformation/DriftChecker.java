package io.firefly.offlineaws.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import io.firefly.offlineaws.resources.LiveProperties;
import io.firefly.offlineaws.resources.ResourceFailure;
import io.firefly.offlineaws.resources.ResourceProviders;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Reads the resources of a drift detection as they are now and compares each with the properties it was
 * last deployed with. Types it cannot read are left out: they stay NOT_CHECKED. Runs off the engine lock:
 * the reads are calls to the resources' services.
 */
final class DriftChecker {

    private final ResourceProviders providers;
    private final Clock clock;

    DriftChecker(ResourceProviders providers, Clock clock) {
        this.providers = providers;
        this.clock = clock;
    }

    List<ResourceDrift> check(String stackId, List<StackResource> resources) {
        return resources.stream()
                .flatMap(resource -> providers.liveProperties(resource.type()).map(reader -> check(stackId, resource, reader)).stream())
                .toList();
    }

    private ResourceDrift check(String stackId, StackResource resource, LiveProperties reader) {
        JsonNode expected = resource.properties();
        Optional<JsonNode> actual;
        try {
            actual = reader.actual(resource.physicalId(), expected);
        } catch (ResourceFailure e) {
            return result(stackId, resource, "UNKNOWN", null, null, List.of(), e.getMessage());
        } catch (RuntimeException e) {
            return result(stackId, resource, "UNKNOWN", null, null, List.of(), "Internal Failure: " + e.getMessage());
        }
        if (actual.isEmpty()) {
            return result(stackId, resource, "DELETED", null, null, List.of(), null);
        }
        List<PropertyDifference> differences = PropertyComparison.differences(expected, actual.get());
        return result(stackId, resource, differences.isEmpty() ? "IN_SYNC" : "MODIFIED", expected.toString(),
                actual.get().toString(), differences, null);
    }

    private ResourceDrift result(String stackId, StackResource resource, String status, String expected, String actual,
                                 List<PropertyDifference> differences, String reason) {
        return new ResourceDrift(stackId, resource.logicalId(), resource.physicalId(), resource.type(), status, expected,
                actual, differences, clock.instant(), reason);
    }
}
