package io.firefly.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.ShutdownEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which end of leadership does what: losing the Lease ends the process and leaves the Lease to its new
 * holder; shutting down does not exit twice, and hands the Lease over.
 */
class LostLeaseExitTest {
    private final List<Integer> exits = new ArrayList<>();
    private final List<String> releases = new ArrayList<>();
    private final LostLeaseExit lostLease = new LostLeaseExit(exits::add);

    @Test
    void leadershipLostWhileRunningExitsWithStatusOne() {
        lostLease.callbacks(() -> releases.add("released")).onStopLeading();

        assertThat(exits).containsExactly(1);
        assertThat(releases).as("the Lease is another replica's now").isEmpty();
    }

    @Test
    void theProducedLeaderElectionExitsOnALostLease() {
        new LeaderElectionProducer().leaderElection(Optional.of("firefly-system"), lostLease, Optional.of("firefly-operator-a"), null)
                .getLeaderCallbacks().orElseThrow().onStopLeading();

        assertThat(exits).containsExactly(1);
    }

    @Test
    void leadershipEndingWithTheShutdownLeavesTheExitToItAndReleasesTheLease() {
        lostLease.shuttingDown(new ShutdownEvent());
        lostLease.callbacks(() -> releases.add("released")).onStopLeading();

        assertThat(exits).isEmpty();
        assertThat(releases).containsExactly("released");
    }
}
