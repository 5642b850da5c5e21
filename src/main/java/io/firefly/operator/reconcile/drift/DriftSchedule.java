package io.firefly.operator.reconcile.drift;

import java.time.Duration;
import java.time.Instant;

/**
 * When a stack's drift detection is due: every stack has its own moment within the interval (from its uid),
 * so a thousand stacks are checked spread over the interval, never all at once.
 */
final class DriftSchedule {
    private final Duration interval;

    DriftSchedule(Duration interval) {
        this.interval = interval;
    }

    boolean isOff() {
        return interval.isZero() || interval.isNegative();
    }

    /**
     * @param uid      the FireflyStack's uid, which sets its moment within each interval
     * @param lastDone when its last detection finished (or it became Ready); null if never
     */
    boolean isDue(String uid, Instant lastDone, Instant now) {
        if (isOff()) {
            return false;
        }
        if (lastDone == null) {
            return true;
        }
        long period = interval.toMillis();
        // uids of one cluster share long prefixes: mix the hash so their moments spread over the whole interval
        long offset = Math.floorMod(uid.hashCode() * 0x9E3779B97F4A7C15L, period);
        long latestSlot = Math.floorDiv(now.toEpochMilli() - offset, period) * period + offset;
        return lastDone.toEpochMilli() < latestSlot;
    }
}
