package io.firefly.operator.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter per FireflyStack, for throttling, AWS errors and deletions AWS refuses.
 * Jitter spreads the retries of many stacks that failed together (one throttled listing fails them all).
 */
final class Backoff {
    private final Duration base;
    private final Duration max;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    Backoff(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    Duration next(String key) {
        int attempt = attempts.merge(key, 1, Integer::sum);
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt, 20));
        long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        return Duration.ofMillis(Math.max(millis, 1));
    }

    void reset(String key) {
        attempts.remove(key);
    }
}
