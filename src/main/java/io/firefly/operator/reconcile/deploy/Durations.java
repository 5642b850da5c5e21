package io.firefly.operator.reconcile.deploy;

import io.firefly.operator.api.FireflyStack;
import java.time.Duration;

/** How long to wait before looking at a FireflyStack again, by situation. */
public interface Durations {
    /** An AWS operation is under way. */
    Duration inProgress();

    /** Nothing is under way: the next regular look. */
    Duration stable();

    /** Something failed that may pass by itself: grows with each attempt, with jitter. */
    Duration backoff(FireflyStack stack);

    /** When to look at the change sets CloudFormation computes. */
    ChangeSetTiming changeSets();
}
