package io.firefly.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.firefly.operator.runtime.LeaderElectionProducer;
import io.firefly.operator.runtime.LostLeaseExit;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Lease the replicas compete for is the one the chart's leader-election Role grants. */
class LeaderElectionProducerTest {
    private final LeaderElectionProducer producer = new LeaderElectionProducer();
    private final LostLeaseExit lostLease = new LostLeaseExit();

    @Test
    void leaseIsFireflyOperatorLockInThePodsNamespace() {
        LeaderElectionConfiguration config = producer.leaderElection(Optional.of("firefly-system"), lostLease, Optional.of("firefly-operator-5d9c-x7k2"), null);

        assertThat(config.getLeaseName()).isEqualTo("firefly-operator-lock");
        assertThat(config.getLeaseNamespace()).contains("firefly-system");
        // JOSDK's own exit would also run, and hang, on SIGTERM: LostLeaseExit ends a replica that lost the Lease.
        assertThat(config.isExitOnStopLeading()).isFalse();
        assertThat(config.getLeaderCallbacks()).isPresent();
        assertThat(config.getIdentity()).as("the holder is the pod, by the name the kubelet gives it").contains("firefly-operator-5d9c-x7k2");
    }

    @Test
    void withoutAHostnameEachReplicaHoldsTheLeaseUnderANameOfItsOwn() {
        String first = producer.leaderElection(Optional.empty(), lostLease, Optional.empty(), null).getIdentity().orElseThrow();
        String second = producer.leaderElection(Optional.empty(), lostLease, Optional.of(""), null).getIdentity().orElseThrow();

        assertThat(first).isNotBlank().isNotEqualTo(second);
    }

    @Test
    void withoutPodNamespaceTheKubernetesClientsNamespaceIsUsed() {
        assertThat(producer.leaderElection(Optional.empty(), lostLease, Optional.empty(), null).getLeaseNamespace()).isEmpty();
        assertThat(producer.leaderElection(Optional.of(" "), lostLease, Optional.empty(), null).getLeaseNamespace()).isEmpty();
    }
}
