package io.firefly.operator.reconcile.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.firefly.operator.api.FireflyStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The time-to-Ready timer, fed as the reconciler feeds it after each reconcile. */
class StackMetricsTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final StackMetrics metrics = new StackMetrics(registry, Stream::empty);

    @Test
    void timesEachGenerationOnceFromFirstSeenToReady() {
        metrics.seen(stack(1));
        metrics.seen(stack(1));
        metrics.ready(stack(1));
        metrics.ready(stack(1));
        metrics.seen(stack(2));
        metrics.ready(stack(2));

        assertThat(readyTimer().count()).isEqualTo(2);
    }

    @Test
    void aDeletedStackLeavesNothingBehind() {
        metrics.seen(stack(1));
        metrics.forget(stack(1));
        metrics.ready(stack(1));

        assertThat(readyTimer().count()).as("no clock was left running for the deleted stack").isZero();
    }

    private Timer readyTimer() {
        return registry.get("firefly.stack.ready.duration").timer();
    }

    private static FireflyStack stack(long generation) {
        FireflyStack stack = new FireflyStack();
        stack.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName("users").withUid("uid-users")
                .withGeneration(generation).build());
        return stack;
    }
}
