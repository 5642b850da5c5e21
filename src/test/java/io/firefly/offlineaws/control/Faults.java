package io.firefly.offlineaws.control;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Failures the offline AWS injects, switchable while it runs. Every setting is read at the moment a
 * request or resource step needs it, so a change applies to the next call.
 */
public final class Faults {

    private volatile double throttleRate;
    /** Requests for the throttled actions let through before the throttling starts; counts down. */
    private final AtomicInteger passesBeforeThrottling = new AtomicInteger();
    private volatile Set<String> throttledActions = Set.of();
    private volatile Duration latency = Duration.ZERO;
    private final Map<String, String> failingResources = new ConcurrentHashMap<>();
    private volatile boolean pitrBlocksDelete;
    private volatile boolean rollbackKeepsNonEmptyTables;
    private final NetworkFaults network = new NetworkFaults();

    /** Throttles this share (0 to 1) of all requests, CloudFormation and DynamoDB alike. */
    public void throttle(double rate) {
        throttle(rate, Set.of());
    }

    /** Throttles this share (0 to 1) of the requests for the named actions (all actions when the set is empty). */
    public void throttle(double rate, Set<String> actions) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("throttle rate must be between 0 and 1, got " + rate);
        }
        throttledActions = Set.copyOf(actions);
        throttleRate = rate;
    }

    /**
     * Lets the next {@code passes} requests for the named actions through, then throttles every one: the
     * second page of a listing refused after the first was answered, for instance.
     */
    public void throttleAfter(int passes, Set<String> actions) {
        passesBeforeThrottling.set(passes);
        throttle(1, actions);
    }

    /** The next create or update of this logical id in this stack fails with this reason. */
    public void failResource(String stackName, String logicalId, String reason) {
        failingResources.put(stackName + "/" + logicalId, reason);
    }

    /** Delays every request by this long before it is handled, as a slow network would. */
    public void latency(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + delay);
        }
        latency = delay;
    }

    /** The next create or update of this logical id, in any stack, fails with this reason. */
    public void failResource(String logicalId, String reason) {
        failingResources.put(logicalId, reason);
    }

    /** While on, a table with point-in-time recovery enabled cannot be deleted by a stack. */
    public void pitrBlocksDelete(boolean on) {
        pitrBlocksDelete = on;
    }

    /** While on, a rollback cannot delete a table that holds items, so the rollback fails. */
    public void rollbackKeepsNonEmptyTables(boolean on) {
        rollbackKeepsNonEmptyTables = on;
    }

    /** Server errors and dropped connections. */
    public NetworkFaults network() {
        return network;
    }

    public void clear() {
        network.clear();
        throttleRate = 0;
        passesBeforeThrottling.set(0);
        throttledActions = Set.of();
        latency = Duration.ZERO;
        failingResources.clear();
        pitrBlocksDelete = false;
        rollbackKeepsNonEmptyTables = false;
    }

    public boolean shouldThrottle(String action) {
        double rate = throttleRate;
        if (rate <= 0) {
            return false;
        }
        Set<String> actions = throttledActions;
        if (!actions.isEmpty() && !actions.contains(action)) {
            return false;
        }
        if (passesBeforeThrottling.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return false;
        }
        return rate >= 1 || ThreadLocalRandom.current().nextDouble() < rate;
    }

    public Duration latency() {
        return latency;
    }

    /** The failure reason set for this resource, consumed by the call: only the next operation fails. */
    public Optional<String> takeResourceFailure(String stackName, String logicalId) {
        return Optional.ofNullable(failingResources.remove(stackName + "/" + logicalId))
                .or(() -> Optional.ofNullable(failingResources.remove(logicalId)));
    }

    public boolean pitrBlocksDelete() {
        return pitrBlocksDelete;
    }

    public boolean rollbackKeepsNonEmptyTables() {
        return rollbackKeepsNonEmptyTables;
    }
}
