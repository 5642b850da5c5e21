package io.firefly.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.ShutdownEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which end of leadership ends the process: losing the Lease does, shutting down does not exit twice. */
class LostLeaseExitTest {
    private final List<Integer> exits = new ArrayList<>();
    private final LostLeaseExit lostLease = new LostLeaseExit(exits::add);

    @Test
    void leadershipLostWhileRunningExitsWithStatusOne() {
        new LeaderElectionProducer().leaderElection(Optional.of("firefly-system"), lostLease)
                .getLeaderCallbacks().orElseThrow().onStopLeading();

        assertThat(exits).containsExactly(1);
    }

    @Test
    void leadershipEndingWithTheShutdownLeavesTheExitToIt() {
        lostLease.shuttingDown(new ShutdownEvent());
        lostLease.callbacks().onStopLeading();

        assertThat(exits).isEmpty();
    }
}
