package io.firefly.offlineaws.http;

import io.firefly.offlineaws.control.RateLimits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Enforces {@link RateLimits}: one token bucket per rule, shared by every action the rule covers, as AWS
 * meters an API's actions by family. A refused call takes no token, so a client that backs off gets in
 * as soon as the bucket refills.
 */
public final class RateLimiter {

    private final RateLimits limits;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(RateLimits limits) {
        this(limits, System::nanoTime);
    }

    RateLimiter(RateLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    /** True when the call may go ahead (and pays its token); false when it is over its rate. */
    public boolean admit(String service, String action) {
        return limits.ruleFor(service, action)
                .map(rule -> buckets.computeIfAbsent(rule.key(), k -> new Bucket(rule.perSecond(), nanoTime.getAsLong())).take(nanoTime.getAsLong()))
                .orElse(true);
    }

    /** Starts full: a burst of one second's worth is admitted, then calls at the rate. */
    private static final class Bucket {
        private final double perSecond;
        private final double capacity;
        private double tokens;
        private long refilledAt;

        Bucket(double perSecond, long now) {
            this.perSecond = perSecond;
            this.capacity = Math.max(1, perSecond);
            this.tokens = capacity;
            this.refilledAt = now;
        }

        synchronized boolean take(long now) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
