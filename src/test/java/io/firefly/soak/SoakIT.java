package io.firefly.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A short soak in the suite, on a seed that passes: twenty stacks disrupted for 30 seconds, with at
 * least one SIGKILL, one SIGTERM and dropped watches, and every invariant held. A violation fails the
 * build with the soak's report, which names the invariant and the evidence.
 */
class SoakIT {
    private static final long SEED = 3;

    @Test
    void twentyStacksKeepEveryInvariantThroughTheDisruptions() {
        SoakReport report = new Soak(new SoakOptions(SEED, Duration.ofSeconds(30), 20, Path.of("target", "soak-it"))).run();
        System.out.println(report.toMarkdown());

        assertThat(report.passed()).as(report.toMarkdown()).isTrue();
        assertThat(report.disruptions()).as("the disruptions that must happen in every soak")
                .containsKeys("SIGKILL a replica", "SIGTERM a replica", "drop the operator's watches");
        assertThat(report.stackLives()).as("every stack created at least once").isGreaterThanOrEqualTo(20);
        assertThat(report.statusesSeen()).as("statuses checked along the way").isPositive();
    }
}
