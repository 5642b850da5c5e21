package io.firefly.offlineaws.events;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the offline EventBridge misdelivers, switchable while it runs. AWS delivers events at least once and
 * in no guaranteed order; these faults make the worst of it happen on purpose: a share of the events
 * dropped, a share delivered twice, and every delivery delayed by a random time up to a bound, which
 * reorders events that are closer together than that bound.
 */
public final class EventDeliveryFaults {

    private volatile double dropRate;
    private volatile double duplicateRate;
    private volatile Duration maxDelay = Duration.ZERO;

    /** Drops this share (0 to 1) of the deliveries. */
    public void drop(double rate) {
        dropRate = checked(rate);
    }

    /** Delivers this share (0 to 1) of the events twice. */
    public void duplicate(double rate) {
        duplicateRate = checked(rate);
    }

    /** Delays each delivery by a random time below this bound: events closer than that arrive in any order. */
    public void reorderWithin(Duration bound) {
        if (bound.isNegative()) {
            throw new IllegalArgumentException("the reorder bound must not be negative, got " + bound);
        }
        maxDelay = bound;
    }

    public void clear() {
        dropRate = 0;
        duplicateRate = 0;
        maxDelay = Duration.ZERO;
    }

    boolean dropNext() {
        return dropRate > 0 && ThreadLocalRandom.current().nextDouble() < dropRate;
    }

    int copiesOfNext() {
        return duplicateRate > 0 && ThreadLocalRandom.current().nextDouble() < duplicateRate ? 2 : 1;
    }

    Duration delayOfNext() {
        Duration bound = maxDelay;
        return bound.isZero() ? Duration.ZERO : Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound.toMillis() + 1));
    }

    private static double checked(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be between 0 and 1, got " + rate);
        }
        return rate;
    }
}
