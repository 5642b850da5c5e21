package io.firefly.operator.reconcile.deploy;

import io.firefly.operator.api.FireflyStack;
import java.time.Clock;
import java.time.Duration;

/**
 * The waits a decision test expects: 5 s in progress, 60 s stable, 30 s of backoff; a change set is first
 * looked at after 5 s, as long as no test teaches the timing otherwise.
 */
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

    /** A fresh timing each time: what one decision teaches it never reaches the next. */
    @Override
    public ChangeSetTiming changeSets() {
        return new ChangeSetTiming(inProgress(), stable(), Clock.systemUTC());
    }
}
