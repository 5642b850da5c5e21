package io.firefly.operator.reconcile.deploy;

import io.firefly.operator.api.FireflyStack;
import java.time.Duration;

/** The waits a decision test expects: 5 s in progress, 60 s stable, 30 s of backoff. */
public final class FixedDurations implements Durations {
    public static final FixedDurations INSTANCE = new FixedDurations();

    private FixedDurations() {
    }

    @Override
    public Duration inProgress() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Duration stable() {
        return Duration.ofSeconds(60);
    }

    @Override
    public Duration backoff(FireflyStack stack) {
        return Duration.ofSeconds(30);
    }
}
